//! One test per rule of the evaluation (see the module docs).

use super::*;
use crate::parse::{json, policy_doc};
use crate::source::FileId;

/// A document from JSON text; `${...}` inside strings is an unresolved piece.
fn doc(text: &str) -> Document {
    let opts = json::Options {
        interpolation: true,
    };
    let node = json::parse(text, FileId(0), 0, opts).expect("test JSON");
    let mut problems = Vec::new();
    let d = policy_doc::build(&node, &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    d
}

/// The statements of a one-document policy: `[{...}, {...}]`.
fn stmts(statements: &str) -> Document {
    doc(&format!(
        r#"{{"Version": "2012-10-17", "Statement": {statements}}}"#
    ))
}

fn ask(docs: &[&Document], action: &str, resource: &str, cx: &Context) -> Evaluation {
    evaluate(
        docs,
        &Request {
            action,
            resource,
            context: cx,
        },
    )
}

fn answer(d: &Document, action: &str, resource: &str) -> Tri {
    ask(&[d], action, resource, &Context::new()).answer
}

const ROLE: &str = "arn:aws:iam::111122223333:role/app";

#[test]
fn action_patterns_match_case_insensitively() {
    let d =
        stmts(r#"[{"Effect": "Allow", "Action": ["IAM:pass*", "s3:GetObject"], "Resource": "*"}]"#);
    assert_eq!(answer(&d, "iam:PassRole", ROLE), Tri::Yes);
    assert_eq!(answer(&d, "s3:getobject", "arn:aws:s3:::b/k"), Tri::Yes);
    assert_eq!(answer(&d, "s3:PutObject", "arn:aws:s3:::b/k"), Tri::No);
    let e = ask(&[&d], "iam:PassRole", ROLE, &Context::new());
    assert_eq!(e.reason, Reason::Allowed);
    assert_eq!(
        e.statements,
        [StatementRef {
            document: 0,
            statement: Some(0)
        }]
    );
}

#[test]
fn not_action_allows_everything_else() {
    let d = stmts(r#"[{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]"#);
    assert_eq!(answer(&d, "s3:GetObject", "*"), Tri::Yes);
    assert_eq!(answer(&d, "iam:PassRole", ROLE), Tri::No);
}

#[test]
fn resources_match_case_sensitively() {
    let d = stmts(
        r#"[{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]"#,
    );
    assert_eq!(
        answer(&d, "s3:GetObject", "arn:aws:s3:::reports/q1.csv"),
        Tri::Yes
    );
    assert_eq!(
        answer(&d, "s3:GetObject", "arn:aws:s3:::Reports/q1.csv"),
        Tri::No
    );
    assert_eq!(answer(&d, "s3:GetObject", "arn:aws:s3:::other/x"), Tri::No);
    // "every resource?" is not answered yes by a scoped pattern
    assert_eq!(answer(&d, "s3:GetObject", "*"), Tri::No);
}

#[test]
fn star_resource_means_every_resource() {
    let d = stmts(r#"[{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]"#);
    assert_eq!(answer(&d, "iam:PassRole", "*"), Tri::Yes);
    let scoped = stmts(
        r#"[{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/*"}]"#,
    );
    assert_eq!(answer(&scoped, "iam:PassRole", "*"), Tri::No);
    assert_eq!(answer(&scoped, "iam:PassRole", ROLE), Tri::Yes);
}

#[test]
fn not_resource_excludes() {
    let d = stmts(
        r#"[{"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secrets/*"}]"#,
    );
    assert_eq!(
        answer(&d, "s3:GetObject", "arn:aws:s3:::public/x"),
        Tri::Yes
    );
    assert_eq!(
        answer(&d, "s3:GetObject", "arn:aws:s3:::secrets/x"),
        Tri::No
    );
}

#[test]
fn explicit_deny_wins() {
    let d = stmts(
        r#"[{"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]"#,
    );
    let e = ask(&[&d], "iam:PassRole", ROLE, &Context::new());
    assert_eq!(e.answer, Tri::No);
    assert_eq!(e.reason, Reason::ExplicitDeny);
    assert_eq!(
        e.statements,
        [StatementRef {
            document: 0,
            statement: Some(1)
        }]
    );
    assert_eq!(answer(&d, "s3:GetObject", "*"), Tri::Yes);
    // a deny in another document of the set wins too
    let allow = stmts(r#"[{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]"#);
    let deny = stmts(r#"[{"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"}]"#);
    assert_eq!(
        ask(&[&allow, &deny], "iam:PassRole", ROLE, &Context::new()).answer,
        Tri::No
    );
}

#[test]
fn nothing_allows_is_implicit_deny() {
    let d = stmts(r#"[{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]"#);
    let e = ask(&[&d], "iam:PassRole", ROLE, &Context::new());
    assert_eq!((e.answer, e.reason), (Tri::No, Reason::ImplicitDeny));
    assert_eq!(
        ask(&[], "iam:PassRole", ROLE, &Context::new()).answer,
        Tri::No
    );
}

#[test]
fn unknown_values_are_never_yes() {
    // an unresolved action could be anything
    let d = stmts(r#"[{"Effect": "Allow", "Action": "${var.action}", "Resource": "*"}]"#);
    assert_eq!(answer(&d, "iam:PassRole", ROLE), Tri::Unknown);
    // a partial one is decided where its known pieces rule a match out
    let d = stmts(r#"[{"Effect": "Allow", "Action": "s3:${var.verb}", "Resource": "*"}]"#);
    assert_eq!(answer(&d, "s3:GetObject", "*"), Tri::Unknown);
    assert_eq!(answer(&d, "iam:PassRole", "*"), Tri::No);
    let d = stmts(
        r#"[{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${var.bucket}/*"}]"#,
    );
    assert_eq!(
        answer(&d, "s3:GetObject", "arn:aws:s3:::any/x"),
        Tri::Unknown
    );
    assert_eq!(answer(&d, "s3:GetObject", ROLE), Tri::No);
    // a known match in the same list still decides
    let d = stmts(
        r#"[{"Effect": "Allow", "Action": ["${var.more}", "iam:PassRole"], "Resource": "*"}]"#,
    );
    assert_eq!(answer(&d, "iam:PassRole", ROLE), Tri::Yes);
}

#[test]
fn unknown_not_action_is_unknown() {
    let d = stmts(r#"[{"Effect": "Allow", "NotAction": "${var.excluded}", "Resource": "*"}]"#);
    assert_eq!(answer(&d, "iam:PassRole", ROLE), Tri::Unknown);
}

#[test]
fn unknown_deny_makes_an_allow_unknown() {
    let d = stmts(
        r#"[{"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "${var.denied}", "Resource": "*"}]"#,
    );
    let e = ask(&[&d], "iam:PassRole", ROLE, &Context::new());
    assert_eq!((e.answer, e.reason), (Tri::Unknown, Reason::Undecided));
    assert_eq!(
        e.statements,
        [StatementRef {
            document: 0,
            statement: Some(1)
        }]
    );
}

#[test]
fn unknown_effect_and_unknown_documents() {
    let d = stmts(r#"[{"Effect": "${var.effect}", "Action": "*", "Resource": "*"}]"#);
    assert_eq!(answer(&d, "iam:PassRole", ROLE), Tri::Unknown);
    let unknown = Document::Unknown {
        expr: "var.policy".into(),
        span: Default::default(),
    };
    assert_eq!(answer(&unknown, "iam:PassRole", ROLE), Tri::Unknown);
    // an unknown document next to a sure allow: it might deny
    let allow = stmts(r#"[{"Effect": "Allow", "Action": "*", "Resource": "*"}]"#);
    assert_eq!(
        ask(&[&allow, &unknown], "iam:PassRole", ROLE, &Context::new()).answer,
        Tri::Unknown
    );
    // an incomplete statement list might hold anything
    let mut partial = stmts(r#"[{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]"#);
    if let Document::Parsed(p) = &mut partial {
        p.statements_incomplete = true;
    }
    assert_eq!(answer(&partial, "iam:PassRole", ROLE), Tri::Unknown);
}

#[test]
fn a_condition_the_query_cannot_prove_is_not_yes() {
    let d = stmts(
        r#"[{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
             "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]"#,
    );
    // nothing known about MFA
    assert_eq!(answer(&d, "iam:PassRole", ROLE), Tri::Unknown);
    let mfa = Context::new().with("aws:MultiFactorAuthPresent", &["true"]);
    assert_eq!(ask(&[&d], "iam:PassRole", ROLE, &mfa).answer, Tri::Yes);
    let no_mfa = Context::new().with("AWS:multifactorauthpresent", &["false"]);
    assert_eq!(ask(&[&d], "iam:PassRole", ROLE, &no_mfa).answer, Tri::No);
    let absent = Context::new().without("aws:MultiFactorAuthPresent");
    assert_eq!(ask(&[&d], "iam:PassRole", ROLE, &absent).answer, Tri::No);
}

#[test]
fn a_conditional_deny_only_denies_when_it_holds() {
    let d = stmts(
        r#"[{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]"#,
    );
    assert_eq!(answer(&d, "s3:GetObject", "*"), Tri::Unknown);
    let tls = Context::new().with("aws:SecureTransport", &["true"]);
    assert_eq!(ask(&[&d], "s3:GetObject", "*", &tls).answer, Tri::Yes);
    let plain = Context::new().with("aws:SecureTransport", &["false"]);
    assert_eq!(ask(&[&d], "s3:GetObject", "*", &plain).answer, Tri::No);
}

#[test]
fn condition_operators() {
    use crate::model::semantics::conditions::conditions_hold;
    let holds = |cond: &str, cx: &Context| {
        let d = stmts(&format!(
            r#"[{{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {cond}}}]"#
        ));
        let st = d.parsed().and_then(|p| p.statements.first()).cloned();
        conditions_hold(&st.expect("statement"), cx)
    };
    let svc = Context::new().with("iam:PassedToService", &["lambda.amazonaws.com"]);
    assert_eq!(
        holds(
            r#"{"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}"#,
            &svc
        ),
        Tri::Yes
    );
    assert_eq!(
        holds(
            r#"{"StringEquals": {"iam:PassedToService": ["ec2.amazonaws.com", "lambda.amazonaws.com"]}}"#,
            &svc
        ),
        Tri::Yes
    );
    assert_eq!(
        holds(
            r#"{"StringNotEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}"#,
            &svc
        ),
        Tri::No
    );
    assert_eq!(
        holds(
            r#"{"StringLike": {"iam:PassedToService": "*.amazonaws.com"}}"#,
            &svc
        ),
        Tri::Yes
    );
    assert_eq!(
        holds(
            r#"{"StringEqualsIgnoreCase": {"iam:PassedToService": "LAMBDA.amazonaws.com"}}"#,
            &svc
        ),
        Tri::Yes
    );
    // an unresolved policy value keeps it open
    assert_eq!(
        holds(
            r#"{"StringEquals": {"iam:PassedToService": "${var.svc}"}}"#,
            &svc
        ),
        Tri::Unknown
    );
    // a key the context does not know
    assert_eq!(
        holds(r#"{"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}"#, &svc),
        Tri::Unknown
    );
    // absent keys: positive operators fail, negated ones and IfExists hold
    let none = Context::new().without("aws:PrincipalOrgID");
    assert_eq!(
        holds(
            r#"{"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}"#,
            &none
        ),
        Tri::No
    );
    assert_eq!(
        holds(
            r#"{"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}"#,
            &none
        ),
        Tri::Yes
    );
    assert_eq!(
        holds(
            r#"{"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"}}"#,
            &none
        ),
        Tri::Yes
    );
    assert_eq!(
        holds(r#"{"Null": {"aws:PrincipalOrgID": "true"}}"#, &none),
        Tri::Yes
    );
    assert_eq!(
        holds(r#"{"Null": {"aws:PrincipalOrgID": "false"}}"#, &none),
        Tri::No
    );
    // ARN and numeric operators
    let arn = Context::new().with("aws:PrincipalArn", &[ROLE]);
    assert_eq!(
        holds(
            r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/app"}}"#,
            &arn
        ),
        Tri::Yes
    );
    assert_eq!(
        holds(
            r#"{"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ops*"}}"#,
            &arn
        ),
        Tri::Yes
    );
    let age = Context::new().with("aws:MultiFactorAuthAge", &["300"]);
    assert_eq!(
        holds(
            r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}"#,
            &age
        ),
        Tri::Yes
    );
    assert_eq!(
        holds(
            r#"{"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}"#,
            &age
        ),
        Tri::No
    );
    // multi-valued keys
    let tags = Context::new().with("aws:TagKeys", &["team", "env"]);
    assert_eq!(
        holds(
            r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env", "cost"]}}"#,
            &tags
        ),
        Tri::Yes
    );
    assert_eq!(
        holds(
            r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}"#,
            &tags
        ),
        Tri::No
    );
    assert_eq!(
        holds(
            r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}"#,
            &tags
        ),
        Tri::Yes
    );
    assert_eq!(
        holds(r#"{"StringEquals": {"aws:TagKeys": "env"}}"#, &tags),
        Tri::Unknown
    );
    // operators not decided here
    let ip = Context::new().with("aws:SourceIp", &["10.0.0.1"]);
    assert_eq!(
        holds(r#"{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#, &ip),
        Tri::Unknown
    );
    // conditions are ANDed: one false one decides
    assert_eq!(
        holds(
            r#"{"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com", "aws:PrincipalOrgID": "o-abc"}}"#,
            &svc
        ),
        Tri::No
    );
}

#[test]
fn principals_are_not_evaluated() {
    let d = stmts(
        r#"[{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Resource": "*"}]"#,
    );
    assert_eq!(answer(&d, "sts:AssumeRole", ROLE), Tri::Unknown);
}

#[test]
fn missing_action_or_resource_is_unknown() {
    let d = stmts(r#"[{"Effect": "Allow", "Action": "sts:AssumeRole"}]"#);
    assert_eq!(answer(&d, "sts:AssumeRole", ROLE), Tri::Unknown);
    // but an action that cannot match still rules the statement out
    assert_eq!(answer(&d, "s3:GetObject", ROLE), Tri::No);
}

#[test]
fn managed_policies_evaluate() {
    let admin = crate::catalogue::managed_policies()
        .by_name("AdministratorAccess")
        .map(|p| p.document())
        .expect("AdministratorAccess");
    assert_eq!(answer(admin, "iam:PassRole", "*"), Tri::Yes);
    let read_only = crate::catalogue::managed_policies()
        .by_name("ReadOnlyAccess")
        .map(|p| p.document())
        .expect("ReadOnlyAccess");
    assert_eq!(answer(read_only, "iam:PassRole", "*"), Tri::No);
    assert_eq!(answer(read_only, "s3:GetObject", "*"), Tri::Yes);
}

#[test]
fn the_caller_chooses_its_region() {
    let d = stmts(
        r#"[{"Effect":"Allow","Action":"*","Resource":"*",
             "Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}},
            {"Effect":"Deny","NotAction":"iam:*","Resource":"*",
             "Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]"#,
    );
    // an allow on a region can be met, a deny outside it avoided
    assert_eq!(answer(&d, "s3:GetObject", "*"), Tri::Yes);
    // a query that names the region decides it
    let there = Context::new().with("aws:RequestedRegion", &["us-east-1"]);
    assert_eq!(ask(&[&d], "s3:GetObject", "*", &there).answer, Tri::No);
    let here = Context::new().with("aws:RequestedRegion", &["eu-west-1"]);
    assert_eq!(ask(&[&d], "s3:GetObject", "*", &here).answer, Tri::Yes);
}
