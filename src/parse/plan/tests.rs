//! Unit tests of the plan reader.

use super::parse;
use crate::discover::InputKind;
use crate::model::plan::Action;
use crate::model::{Document, Inventory, PolicyKind, Ref};
use crate::parse::Input;
use crate::source::FileId;
use crate::value::Value;

fn read(text: &str) -> Inventory {
    parse(Input {
        file: FileId(0),
        rel_path: "plan.json",
        scope: "plan.json",
        text,
        kind: InputKind::TfPlan,
    })
}

fn change(
    address: &str,
    ty: &str,
    actions: &str,
    before: &str,
    after: &str,
    unknown: &str,
) -> String {
    let name = address.rsplit('.').next().unwrap_or(address);
    let name = name.split('[').next().unwrap_or(name);
    format!(
        r#"{{"address":"{address}","mode":"managed","type":"{ty}","name":"{name}","change":{{"actions":{actions},"before":{before},"after":{after},"after_unknown":{unknown}}}}}"#
    )
}

fn plan(changes: &[String], rest: &str) -> String {
    format!(
        r#"{{"format_version":"1.2","resource_changes":[{}]{rest}}}"#,
        changes.join(",")
    )
}

const ADMIN: &str =
    r#""{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}""#;

#[test]
fn actions_decide_what_is_scanned_and_what_was_there_before() {
    let p = |n: &str| format!(r#"{{"name":"{n}","policy":{ADMIN}}}"#);
    let text = plan(
        &[
            change(
                "aws_iam_policy.c",
                "aws_iam_policy",
                r#"["create"]"#,
                "null",
                &p("c"),
                "{}",
            ),
            change(
                "aws_iam_policy.u",
                "aws_iam_policy",
                r#"["update"]"#,
                &p("u0"),
                &p("u"),
                "{}",
            ),
            change(
                "aws_iam_policy.d",
                "aws_iam_policy",
                r#"["delete"]"#,
                &p("d"),
                "null",
                "{}",
            ),
            change(
                "aws_iam_policy.r",
                "aws_iam_policy",
                r#"["create","delete"]"#,
                &p("r0"),
                &p("r"),
                "{}",
            ),
            change(
                "aws_iam_policy.n",
                "aws_iam_policy",
                r#"["no-op"]"#,
                &p("n"),
                &p("n"),
                "{}",
            ),
        ],
        "",
    );
    let inv = read(&text);
    let names: Vec<String> = inv
        .policies
        .iter()
        .filter_map(|p| {
            p.name
                .as_ref()
                .and_then(|n| n.as_known())
                .map(str::to_string)
        })
        .collect();
    assert_eq!(names, ["c", "u", "r", "n"]);
    let plan = &inv.plans[0];
    let actions: Vec<Action> = plan.resources.iter().map(|r| r.action).collect();
    assert_eq!(
        actions,
        [
            Action::Create,
            Action::Update,
            Action::Delete,
            Action::Replace,
            Action::NoOp
        ]
    );
    let before: Vec<String> = plan
        .before
        .policies
        .iter()
        .filter_map(|p| {
            p.name
                .as_ref()
                .and_then(|n| n.as_known())
                .map(str::to_string)
        })
        .collect();
    assert_eq!(before, ["u0", "d", "r0", "n"]);
}

#[test]
fn statements_point_at_their_bytes_in_the_plan() {
    let text = plan(
        &[change(
            "aws_iam_policy.c",
            "aws_iam_policy",
            r#"["create"]"#,
            "null",
            &format!(r#"{{"policy":{ADMIN}}}"#),
            "{}",
        )],
        "",
    );
    let inv = read(&text);
    let Document::Parsed(doc) = &inv.policies[0].document else {
        panic!("not parsed: {:?}", inv.policies[0].document);
    };
    let st = doc.statements[0].span;
    let written = &text[st.start as usize..st.end as usize];
    assert!(
        written.starts_with(r#"{\"Effect\""#) && written.ends_with('}'),
        "{written}"
    );
}

#[test]
fn unknown_values_are_unknown_and_unset_computed_ones_absent() {
    let text = plan(
        &[
            change(
                "module.a[0].aws_iam_role.r",
                "aws_iam_role",
                r#"["create"]"#,
                "null",
                r#"{"name_prefix":"app-","max_session_duration":3600,"managed_policy_arns":["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",null]}"#,
                r#"{"name":true,"assume_role_policy":true,"permissions_boundary":true,"managed_policy_arns":[false,true]}"#,
            ),
            change(
                "module.a[0].aws_iam_role_policy_attachment.x",
                "aws_iam_role_policy_attachment",
                r#"["create"]"#,
                "null",
                r#"{"policy_arn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}"#,
                r#"{"role":true}"#,
            ),
        ],
        r#","configuration":{"root_module":{"module_calls":{"a":{"source":"./a","module":{"resources":[
            {"address":"aws_iam_role.r","expressions":{"name_prefix":{"constant_value":"app-"},"assume_role_policy":{"references":["data.aws_iam_policy_document.t.json","data.aws_iam_policy_document.t"]},"managed_policy_arns":{"references":["aws_iam_policy.p.arn","aws_iam_policy.p"]}}},
            {"address":"aws_iam_role_policy_attachment.x","expressions":{"role":{"references":["aws_iam_role.r"]}}}]}}}}}"#,
    );
    let inv = read(&text);
    let role = &inv.roles[0];
    assert_eq!(role.name.render(), "app-${<generated>}");
    // `permissions_boundary` is unknown but not configured: a provider default, not set
    assert!(role.permissions_boundary.is_none());
    let trust = &inv.policies[role.trust_policy.expect("trust")];
    assert!(
        matches!(&trust.document, Document::Unknown { expr, .. } if expr == "data.aws_iam_policy_document.t.json")
    );
    // a managed_policy_arns list with an unknown element: the unknown one is the
    // configuration's reference
    let refs: Vec<&Ref> = inv.attachments.iter().map(|a| &a.policy).collect();
    assert_eq!(
        refs,
        [
            &Ref::Literal("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess".into()),
            &Ref::Address {
                address: "module.a[0].aws_iam_policy.p".into(),
                attribute: "arn".into()
            },
            &Ref::Literal("arn:aws:iam::aws:policy/ReadOnlyAccess".into()),
        ]
    );
    // an older plan names only the resource: the attribute is what the argument takes
    assert_eq!(
        inv.attachments[2].principal.target,
        Ref::Address {
            address: "module.a[0].aws_iam_role.r".into(),
            attribute: "name".into()
        }
    );
    let plan = &inv.plans[0];
    assert_eq!(plan.resources[0].module_dir.as_deref(), Some("a"));
    assert_eq!(plan.resources[0].local_address, "aws_iam_role.r");
}

#[test]
fn planned_values_and_prior_state_fill_in_what_changes_do_not_list() {
    let text = r#"{"format_version":"0.1",
      "planned_values":{"root_module":{"child_modules":[{"address":"module.m","resources":[
        {"address":"module.m.aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","values":{"name":"u"}}]}]}},
      "prior_state":{"values":{"root_module":{"resources":[
        {"address":"aws_iam_group.g","mode":"managed","type":"aws_iam_group","name":"g","values":{"name":"g"}},
        {"address":"data.aws_iam_policy_document.d","mode":"data","type":"aws_iam_policy_document","name":"d","values":{}},
        {"address":"module.m.aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","values":{"name":"stale"}}]}}}}"#;
    let inv = read(text);
    assert_eq!(inv.users.len(), 1);
    assert_eq!(inv.users[0].name, Value::known("u"));
    assert_eq!(inv.users[0].origin.address, "module.m.aws_iam_user.u");
    assert_eq!(inv.groups.len(), 1);
    assert!(inv.parse_errors.is_empty());
}

#[test]
fn a_policy_that_is_not_json_is_invalid_at_its_position() {
    let text = plan(
        &[change(
            "aws_iam_user_policy.p",
            "aws_iam_user_policy",
            r#"["create"]"#,
            "null",
            r#"{"user":"u","policy":"{\"Statement\": nope}"}"#,
            "{}",
        )],
        "",
    );
    let inv = read(&text);
    assert!(matches!(inv.policies[0].document, Document::Invalid { .. }));
    assert!(matches!(inv.policies[0].kind, PolicyKind::Inline { .. }));
    let problem = &inv.policy_problems[0];
    assert_eq!(
        &text[problem.span.start as usize..problem.span.start as usize + 4],
        "nope"
    );
}

#[test]
fn bad_files_are_parse_errors() {
    for bad in [
        "[]",
        "{\"format_version\":\"3.0\",\"planned_values\":{}}",
        "{\"a\":",
        "",
    ] {
        let inv = read(bad);
        assert_eq!(inv.parse_errors.len(), 1, "{bad:?}");
        assert!(inv.policies.is_empty());
    }
}

#[test]
fn credentials_count_in_code_not_in_state() {
    // an access key's own id in its values is state; a key in a provider block is code
    let key = ["AKIA", "Q3EGRXJ7PLTK4N2W"].concat();
    let text = plan(
        &[change(
            "aws_iam_access_key.k",
            "aws_iam_access_key",
            r#"["no-op"]"#,
            &format!(r#"{{"user":"u","id":"{key}"}}"#),
            &format!(r#"{{"user":"u","id":"{key}"}}"#),
            "{}",
        )],
        &format!(
            r#","configuration":{{"provider_config":{{"aws":{{"expressions":{{"access_key":{{"constant_value":"{key}"}}}}}}}}}}"#
        ),
    );
    let inv = read(&text);
    assert_eq!(inv.credentials.len(), 1);
    let at = inv.credentials[0].span.start as usize;
    assert!(text[..at].ends_with(r#""access_key":{"constant_value":""#));
}

#[test]
fn deferred_changes_are_read_like_changes() {
    let rc = change(
        "aws_iam_policy.later",
        "aws_iam_policy",
        r#"["create"]"#,
        "null",
        &format!(r#"{{"name":"later","policy":{ADMIN}}}"#),
        "{}",
    );
    let text = format!(
        r#"{{"format_version":"1.2","resource_changes":[],"deferred_changes":[{{"reason":"instance_count_unknown","resource_change":{rc}}}]}}"#
    );
    let inv = read(&text);
    assert_eq!(inv.policies.len(), 1);
    assert_eq!(inv.plans[0].resources[0].action, Action::Create);
}

#[test]
fn an_inline_policy_block_known_only_after_apply_is_unknown() {
    let rc = change(
        "aws_iam_role.r",
        "aws_iam_role",
        r#"["create"]"#,
        "null",
        &format!(
            r#"{{"name":"r","inline_policy":[{{"name":"now","policy":{ADMIN}}},{{"name":"later","policy":null}}]}}"#
        ),
        r#"{"inline_policy":[{},{"policy":true}]}"#,
    );
    let text = plan(
        &[rc],
        r#","configuration":{"root_module":{"resources":[{"address":"aws_iam_role.r","expressions":{"inline_policy":[{"policy":{}},{"policy":{"references":["aws_s3_bucket.b.arn","aws_s3_bucket.b"]}}]}}]}}"#,
    );
    let inv = read(&text);
    let docs: Vec<(&str, bool)> = inv
        .policies
        .iter()
        .filter(|p| matches!(p.kind, PolicyKind::Inline { .. }))
        .map(|p| {
            (
                p.name.as_ref().and_then(|n| n.as_known()).unwrap_or(""),
                matches!(&p.document, Document::Unknown { expr, .. } if expr == "aws_s3_bucket.b.arn"),
            )
        })
        .collect();
    assert_eq!(docs, [("now", false), ("later", true)]);
}
