//! Tests of the Terraform HCL reader.

use super::parse;
use crate::discover::InputKind;
use crate::model::policy::{Effect, PolicyDocument, Statement};
use crate::model::{
    aws_managed_policy_name, CredentialKind, Document, Inventory, PolicyKind, PrincipalKind, Ref,
};
use crate::parse::Input;
use crate::source::{FileId, LineIndex, Span};
use crate::value::{Piece, Value};

const FIXTURE: &str = include_str!("../../../testdata/parse/hcl/iam.tf");

fn read(text: &str) -> Inventory {
    parse(Input {
        file: FileId(3),
        rel_path: "infra/main.tf",
        scope: "infra",
        text,
        kind: InputKind::Hcl,
    })
}

/// The text a span covers.
fn at(text: &str, span: Span) -> &str {
    assert_eq!(span.file, FileId(3));
    text.get(span.range()).expect("span inside the text")
}

/// The 1-based line a span starts on.
fn line(text: &str, span: Span) -> usize {
    LineIndex::new(text).line(span.start)
}

fn parsed(doc: &Document) -> &PolicyDocument {
    match doc {
        Document::Parsed(d) => d,
        other => panic!("expected a parsed document, got {other:?}"),
    }
}

fn only_statement(doc: &Document) -> &Statement {
    let d = parsed(doc);
    assert_eq!(d.statements.len(), 1, "{d:?}");
    &d.statements[0]
}

fn unknown_expr(doc: &Document) -> &str {
    match doc {
        Document::Unknown { expr, .. } => expr,
        other => panic!("expected an unknown document, got {other:?}"),
    }
}

fn address(r: &Ref) -> (&str, &str) {
    match r {
        Ref::Address { address, attribute } => (address, attribute),
        other => panic!("expected an address, got {other:?}"),
    }
}

#[test]
fn fixture_entities_and_addresses() {
    let inv = read(FIXTURE);
    assert!(inv.parse_errors.is_empty(), "{:?}", inv.parse_errors);
    assert!(inv.policy_problems.is_empty(), "{:?}", inv.policy_problems);

    let role = &inv.roles[0];
    assert_eq!(inv.roles.len(), 1);
    assert_eq!(role.origin.address, "aws_iam_role.app");
    assert_eq!(role.origin.scope, "infra");
    assert!(at(FIXTURE, role.origin.span).starts_with("resource \"aws_iam_role\" \"app\" {"));
    assert!(at(FIXTURE, role.origin.span).ends_with('}'));
    assert_eq!(
        role.name,
        Value::Partial(vec![
            Piece::Expr("var.env".into()),
            Piece::Lit("-app".into())
        ])
    );
    assert_eq!(role.path, Some(Value::known("/service/")));
    let msd = role
        .max_session_duration
        .as_ref()
        .expect("max_session_duration");
    assert_eq!(msd.value, Value::known("7200"));
    assert_eq!(at(FIXTURE, msd.span), "7200");
    let pb = role
        .permissions_boundary
        .as_ref()
        .expect("permissions_boundary");
    assert_eq!(pb.value, Value::unknown("aws_iam_policy.boundary.arn"));

    // trust policy, linked both ways
    let trust = &inv.policies[role.trust_policy.expect("trust policy")];
    assert!(matches!(trust.kind, PolicyKind::Trust { role: 0 }));
    assert_eq!(trust.origin.address, "aws_iam_role.app");
    assert!(at(FIXTURE, trust.origin.span).starts_with("assume_role_policy = jsonencode({"));
    let st = only_statement(&trust.document);
    assert_eq!(line(FIXTURE, st.span), 16);
    assert!(st.principal.as_ref().is_some_and(|p| !p.is_everyone()));

    // users: `count = 2` gives two instances, `count.index` bound in each
    assert_eq!(inv.users.len(), 2);
    assert_eq!(inv.users[0].origin.address, "aws_iam_user.deploy[0]");
    assert_eq!(inv.users[1].origin.address, "aws_iam_user.deploy[1]");
    assert_eq!(inv.users[0].name, Value::known("deploy-0"));
    assert_eq!(inv.users[1].name, Value::known("deploy-1"));

    // policies: trust, inline block, managed (heredoc), inline resource (quoted JSON)
    assert_eq!(inv.policies.len(), 4);
    assert_eq!(inv.entity_count(), 1 + 2 + 4 + 2 + 3 + 1 + 1);
}

#[test]
fn fixture_heredoc_and_quoted_statement_lines() {
    let inv = read(FIXTURE);
    let managed = inv
        .policies
        .iter()
        .find(|p| matches!(p.kind, PolicyKind::Managed))
        .expect("managed policy");
    assert_eq!(managed.origin.address, "aws_iam_policy.boundary");
    assert_eq!(
        managed.name,
        Some(Value::Partial(vec![
            Piece::Lit("boundary-".into()),
            Piece::Expr("<generated>".into())
        ]))
    );
    let st = only_statement(&managed.document);
    // the statement object opens on line 44 of the indented (<<-) heredoc
    assert_eq!(line(FIXTURE, st.span), 44);
    assert!(at(FIXTURE, st.span).starts_with('{'));
    assert!(at(FIXTURE, st.span).contains("\"Sid\": \"Bucket\""));
    let resource = st.resource.as_ref().expect("resource");
    assert_eq!(
        at(FIXTURE, resource.span),
        "\"arn:aws:s3:::${var.bucket}/*\""
    );
    assert_eq!(
        resource.items[0].value,
        Value::Partial(vec![
            Piece::Lit("arn:aws:s3:::".into()),
            Piece::Expr("var.bucket".into()),
            Piece::Lit("/*".into())
        ])
    );

    let inline = inv
        .policies
        .iter()
        .find(|p| p.origin.address == "aws_iam_user_policy.deploy")
        .expect("inline user policy");
    let PolicyKind::Inline { principal } = &inline.kind else {
        panic!("inline expected");
    };
    assert_eq!(principal.kind, PrincipalKind::User);
    assert_eq!(
        address(&principal.target),
        ("aws_iam_user.deploy[0]", "name")
    );
    assert_eq!(at(FIXTURE, principal.span), "aws_iam_user.deploy[0].name");
    let st = only_statement(&inline.document);
    assert_eq!(line(FIXTURE, st.span), 62);
    assert_eq!(
        at(FIXTURE, st.span),
        r#"{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"*\"}"#
    );
    let action = st.action.as_ref().expect("action");
    assert_eq!(at(FIXTURE, action.items[0].span), r#"\"iam:PassRole\""#);
}

#[test]
fn fixture_inline_block_and_managed_arns() {
    let inv = read(FIXTURE);
    let block = inv
        .policies
        .iter()
        .find(|p| p.name == Some(Value::known("logs")))
        .expect("inline_policy block");
    assert_eq!(block.origin.address, "aws_iam_role.app");
    assert!(at(FIXTURE, block.origin.span).starts_with("inline_policy {"));
    let PolicyKind::Inline { principal } = &block.kind else {
        panic!("inline expected");
    };
    assert_eq!(principal.kind, PrincipalKind::Role);
    assert_eq!(address(&principal.target), ("aws_iam_role.app", "name"));
    let st = only_statement(&block.document);
    assert_eq!(line(FIXTURE, st.span), 28);

    let role_attachments: Vec<_> = inv
        .attachments
        .iter()
        .filter(|a| a.origin.address == "aws_iam_role.app")
        .collect();
    assert_eq!(role_attachments.len(), 2);
    assert_eq!(
        role_attachments[0].policy,
        Ref::Literal("arn:aws:iam::aws:policy/ReadOnlyAccess".into())
    );
    assert_eq!(
        at(FIXTURE, role_attachments[0].policy_span),
        "\"arn:aws:iam::aws:policy/ReadOnlyAccess\""
    );
    assert_eq!(line(FIXTURE, role_attachments[1].policy_span), 34);
    assert_eq!(
        address(&role_attachments[1].policy),
        ("aws_iam_policy.boundary", "arn")
    );
    assert_eq!(
        address(&role_attachments[1].principal.target),
        ("aws_iam_role.app", "name")
    );
}

#[test]
fn fixture_policy_attachment_fan_out() {
    let inv = read(FIXTURE);
    let fan: Vec<_> = inv
        .attachments
        .iter()
        .filter(|a| a.origin.address == "aws_iam_policy_attachment.admins")
        .collect();
    assert_eq!(fan.len(), 3);
    assert_eq!(fan[0].principal.kind, PrincipalKind::User);
    assert_eq!(
        address(&fan[0].principal.target),
        ("aws_iam_user.deploy[0]", "name")
    );
    assert_eq!(fan[1].principal.target, Ref::Literal("alice".into()));
    assert_eq!(at(FIXTURE, fan[1].principal.span), "\"alice\"");
    assert_eq!(fan[2].principal.kind, PrincipalKind::Role);
    for a in &fan {
        assert!(matches!(a.policy, Ref::Unknown(Value::Partial(_))));
        assert_eq!(a.aws_managed_name(), Some("AdministratorAccess"));
        assert_eq!(line(FIXTURE, a.policy_span), 69);
    }

    let key = &inv.access_keys[0];
    assert!(key.pgp_key);
    assert_eq!(
        key.status.as_ref().map(|s| &s.value),
        Some(&Value::known("Active"))
    );
    assert_eq!(
        address(&key.user.target),
        ("aws_iam_user.deploy[0]", "name")
    );

    let pp = &inv.password_policies[0];
    assert_eq!(pp.settings.len(), 3);
    let min = pp.get("minimum_password_length").expect("min length");
    assert_eq!(min.value, Value::known("14"));
    assert_eq!(line(FIXTURE, min.span), 79);
    assert_eq!(
        pp.get("require_symbols").map(|s| &s.value),
        Some(&Value::known("true"))
    );
    assert!(pp.get("hard_expiry").is_none());
}

#[test]
fn references_in_every_form() {
    let text = r#"
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.p.arn
}
resource "aws_iam_role_policy_attachment" "b" {
  role       = aws_iam_role.app[0].id
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_role_policy_attachment" "c" {
  role       = aws_iam_role.app["x"].unique_id
  policy_arn = "${aws_iam_policy.p.arn}"
}
resource "aws_iam_role_policy_attachment" "d" {
  role       = "${var.env}-app"
  policy_arn = var.policy_arn
}
resource "aws_iam_role_policy_attachment" "e" {
  role       = "literal-role"
  policy_arn = module.policies.arn
}
resource "aws_iam_role_policy_attachment" "f" {
  role       = data.aws_iam_role.existing.name
  policy_arn = aws_iam_policy.p.policy
}
"#;
    let inv = read(text);
    let a = &inv.attachments;
    assert_eq!(a.len(), 6);
    assert_eq!(
        address(&a[0].principal.target),
        ("aws_iam_role.app", "name")
    );
    assert_eq!(address(&a[0].policy), ("aws_iam_policy.p", "arn"));
    assert_eq!(address(&a[1].principal.target), ("aws_iam_role.app", "id"));
    assert_eq!(
        a[1].policy,
        Ref::Literal("arn:aws:iam::aws:policy/AdministratorAccess".into())
    );
    assert_eq!(
        aws_managed_policy_name(&a[1].policy),
        Some("AdministratorAccess")
    );
    assert_eq!(
        address(&a[2].principal.target),
        ("aws_iam_role.app", "unique_id")
    );
    assert_eq!(address(&a[2].policy), ("aws_iam_policy.p", "arn"));
    assert_eq!(
        a[3].principal.target,
        Ref::Unknown(Value::Partial(vec![
            Piece::Expr("var.env".into()),
            Piece::Lit("-app".into())
        ]))
    );
    assert_eq!(a[3].policy, Ref::Unknown(Value::unknown("var.policy_arn")));
    assert_eq!(a[4].principal.target, Ref::Literal("literal-role".into()));
    assert_eq!(
        a[4].policy,
        Ref::Unknown(Value::unknown("module.policies.arn"))
    );
    assert_eq!(
        a[5].principal.target,
        Ref::Unknown(Value::unknown("data.aws_iam_role.existing.name"))
    );
    assert_eq!(
        a[5].policy,
        Ref::Unknown(Value::unknown("aws_iam_policy.p.policy"))
    );
    assert_eq!(at(text, a[0].principal.span), "aws_iam_role.app.name");
    assert_eq!(at(text, a[2].policy_span), "\"${aws_iam_policy.p.arn}\"");
}

#[test]
fn jsonencode_statement_spans_and_unknown_parts() {
    let text = r#"resource "aws_iam_policy" "p" {
  name = "p"
  policy = jsonencode({
    Version = "2012-10-17"
    "Statement" = [
      {
        Sid      = "One"
        Effect   = "Allow"
        Action   = var.actions
        Resource = "arn:aws:s3:::${var.bucket}/*"
      },
      { Effect = "Deny", NotAction = ["s3:*", -1, true], Resource = ["*"] },
      local.extra_statement,
    ]
  })
}
"#;
    let inv = read(text);
    assert!(inv.policy_problems.is_empty(), "{:?}", inv.policy_problems);
    let d = parsed(&inv.policies[0].document);
    assert!(d.statements_incomplete);
    assert_eq!(d.version, Some(Value::known("2012-10-17")));
    assert_eq!(d.statements.len(), 2);
    let first = &d.statements[0];
    assert_eq!(line(text, first.span), 6);
    assert!(at(text, first.span).starts_with("{\n        Sid"));
    assert!(first.is_allow());
    assert!(first.action.as_ref().is_some_and(|a| a.incomplete));
    let resource = &first.resource.as_ref().expect("resource").items[0];
    assert_eq!(at(text, resource.span), "\"arn:aws:s3:::${var.bucket}/*\"");
    assert!(matches!(resource.value, Value::Partial(_)));
    let second = &d.statements[1];
    assert_eq!(line(text, second.span), 12);
    assert_eq!(second.effect, Effect::Deny);
    let not_action = second.not_action.as_ref().expect("not action");
    assert_eq!(
        not_action.known().collect::<Vec<_>>(),
        vec!["s3:*", "-1", "true"]
    );
    assert_eq!(at(text, not_action.items[1].span), "-1");
}

#[test]
fn jsonencode_problems_are_reported_at_their_spans() {
    let text = r#"resource "aws_iam_role_policy" "p" {
  role = aws_iam_role.r.id
  policy = jsonencode({
    Statement = [{ Effect = "Permit", Action = "*", Resource = "*", Bogus = 1 }]
  })
}
"#;
    let inv = read(text);
    assert_eq!(inv.policy_problems.len(), 2, "{:?}", inv.policy_problems);
    let effect = &inv.policy_problems[0];
    assert_eq!(effect.address, "aws_iam_role_policy.p");
    assert_eq!(at(text, effect.span), "\"Permit\"");
    assert_eq!(at(text, inv.policy_problems[1].span), "Bogus");
}

#[test]
fn heredoc_with_value_interpolation_and_quoted_interpolation() {
    let text = r#"resource "aws_iam_policy" "p" {
  policy = <<EOF
{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ${jsonencode(var.actions)},
      "Resource": "${aws_s3_bucket.b["logs"].arn}/*"
    }
  ]
}
EOF
}
"#;
    let inv = read(text);
    assert!(inv.policy_problems.is_empty(), "{:?}", inv.policy_problems);
    let st = only_statement(&inv.policies[0].document);
    assert_eq!(line(text, st.span), 5);
    assert!(st.action.as_ref().is_some_and(|a| a.incomplete));
    let resource = &st.resource.as_ref().expect("resource").items[0];
    assert_eq!(
        resource.value,
        Value::Partial(vec![
            Piece::Expr(r#"aws_s3_bucket.b["logs"].arn"#.into()),
            Piece::Lit("/*".into())
        ])
    );
    assert_eq!(
        at(text, resource.span),
        r#""${aws_s3_bucket.b["logs"].arn}/*""#
    );
}

#[test]
fn heredoc_with_directive_is_unknown() {
    let text = r#"resource "aws_iam_policy" "p" {
  policy = <<EOF
{"Statement": [%{ for a in var.actions }{"Effect": "Allow", "Action": "${a}"}%{ endfor }]}
EOF
}
"#;
    let inv = read(text);
    assert!(unknown_expr(&inv.policies[0].document).starts_with("<<EOF"));
    assert!(inv.policy_problems.is_empty());
}

#[test]
fn quoted_json_with_unicode_escape_and_literal_dollar() {
    let text = "resource \"aws_iam_policy\" \"p\" {\n  policy = \"{\\\"Statement\\\": {\\\"Sid\\\": \\\"caf\\u00e9\\\", \\\"Effect\\\": \\\"Allow\\\", \\\"Action\\\": \\\"$${x}\\\", \\\"Resource\\\": \\\"${var.r}\\\"}}\"\n}\n";
    let inv = read(text);
    assert!(inv.policy_problems.is_empty(), "{:?}", inv.policy_problems);
    let st = only_statement(&inv.policies[0].document);
    assert_eq!(st.sid, Some(Value::known("café")));
    assert_eq!(
        st.action.as_ref().map(|a| a.items[0].value.clone()),
        Some(Value::known("${x}"))
    );
    let resource = &st.resource.as_ref().expect("resource").items[0];
    assert_eq!(resource.value, Value::unknown("var.r"));
    assert_eq!(at(text, resource.span), "\\\"${var.r}\\\"");
    assert!(at(text, st.span).starts_with("{\\\"Sid\\\""));
    assert!(at(text, st.span).ends_with("\\\"}"));
}

#[test]
fn malformed_json_is_a_policy_problem() {
    let text = r#"resource "aws_iam_policy" "p" {
  policy = <<EOF
{
  "Statement": [
    {"Effect": "Allow" "Action": "*"}
  ]
}
EOF
}
resource "aws_iam_policy" "q" {
  policy = "{\"Statement\": }"
}
"#;
    let inv = read(text);
    assert_eq!(inv.policy_problems.len(), 2, "{:?}", inv.policy_problems);
    let p = &inv.policy_problems[0];
    assert_eq!(p.address, "aws_iam_policy.p");
    assert_eq!(
        p.message,
        "policy is not valid JSON: expected ',' or '}' in object"
    );
    assert_eq!(line(text, p.span), 5);
    assert_eq!(at(text, p.span), "\"");
    assert!(matches!(inv.policies[0].document, Document::Invalid { .. }));
    let q = &inv.policy_problems[1];
    assert_eq!(q.address, "aws_iam_policy.q");
    assert_eq!(line(text, q.span), 11);
    assert_eq!(at(text, q.span), "}");
}

#[test]
fn unevaluated_documents_keep_their_source() {
    let text = r#"
resource "aws_iam_policy" "a" { policy = file("${path.module}/policy.json") }
resource "aws_iam_policy" "b" { policy = data.aws_iam_policy_document.x.json }
resource "aws_iam_policy" "c" { policy = var.policy }
resource "aws_iam_policy" "d" { policy = templatefile("p.json.tpl", { bucket = var.b }) }
resource "aws_iam_policy" "e" { policy = local.policy }
resource "aws_iam_policy" "f" { policy = "${data.aws_iam_policy_document.y.json}" }
resource "aws_iam_policy" "g" { policy = jsonencode(local.doc) }
resource "aws_iam_policy" "h" { policy = var.on ? local.a : local.b }
"#;
    let inv = read(text);
    let exprs: Vec<&str> = inv
        .policies
        .iter()
        .map(|p| unknown_expr(&p.document))
        .collect();
    assert_eq!(
        exprs,
        vec![
            r#"file("${path.module}/policy.json")"#,
            "data.aws_iam_policy_document.x.json",
            "var.policy",
            r#"templatefile("p.json.tpl", { bucket = var.b })"#,
            "local.policy",
            "data.aws_iam_policy_document.y.json",
            "jsonencode(local.doc)",
            "var.on ? local.a : local.b",
        ]
    );
    assert!(inv.policy_problems.is_empty());
    assert_eq!(at(text, inv.policies[2].document.span()), "var.policy");
}

#[test]
fn principals_names_and_settings() {
    let text = r#"
resource "aws_iam_user" "named" {
  name                 = "alice"
  permissions_boundary = "arn:aws:iam::123456789012:policy/boundary"
}
resource "aws_iam_group" "g" {
  name = var.group
  path = null
}
resource "aws_iam_role" "generated" {
  name_prefix        = "ci-"
  assume_role_policy = data.aws_iam_policy_document.trust.json
  for_each           = toset(["a", "b"])
}
resource "aws_iam_role" "anonymous" {
  assume_role_policy = "{}"
}
"#;
    let inv = read(text);
    assert_eq!(inv.users[0].name, Value::known("alice"));
    assert_eq!(
        inv.users[0]
            .permissions_boundary
            .as_ref()
            .map(|s| s.value.clone()),
        Some(Value::known("arn:aws:iam::123456789012:policy/boundary"))
    );
    assert_eq!(inv.groups[0].name, Value::unknown("var.group"));
    assert_eq!(inv.groups[0].path, None);
    // for_each over a known set: one role per key
    assert_eq!(inv.roles.len(), 3);
    assert_eq!(inv.roles[0].origin.address, "aws_iam_role.generated[\"a\"]");
    assert_eq!(inv.roles[1].origin.address, "aws_iam_role.generated[\"b\"]");
    assert_eq!(
        inv.roles[0].name,
        Value::Partial(vec![
            Piece::Lit("ci-".into()),
            Piece::Expr("<generated>".into())
        ])
    );
    assert_eq!(inv.roles[2].name, Value::unknown("<generated>"));
    let trust = &inv.policies[inv.roles[2].trust_policy.expect("trust")];
    assert!(matches!(trust.kind, PolicyKind::Trust { role: 2 }));
    assert!(parsed(&trust.document).statements.is_empty());
}

#[test]
fn memberships_keys_profiles_and_providers() {
    let text = r#"
resource "aws_iam_user_group_membership" "m" {
  user   = aws_iam_user.a.name
  groups = [aws_iam_group.x.name, "y"]
}
resource "aws_iam_group_membership" "team" {
  name  = "team"
  group = aws_iam_group.x.name
  users = var.users
}
resource "aws_iam_access_key" "k" {
  user = "bob"
}
resource "aws_iam_user_login_profile" "l" {
  user                    = aws_iam_user.a.name
  pgp_key                 = var.pgp
  password_reset_required = false
}
resource "aws_iam_openid_connect_provider" "gh" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}
resource "aws_iam_instance_profile" "ip" {
  name = "web"
  role = aws_iam_role.web.name
}
"#;
    let inv = read(text);
    assert_eq!(inv.memberships.len(), 3);
    assert_eq!(
        address(&inv.memberships[0].group.target),
        ("aws_iam_group.x", "name")
    );
    assert_eq!(inv.memberships[1].group.target, Ref::Literal("y".into()));
    assert_eq!(
        address(&inv.memberships[0].user.target),
        ("aws_iam_user.a", "name")
    );
    assert_eq!(
        inv.memberships[2].origin.address,
        "aws_iam_group_membership.team"
    );
    assert_eq!(
        inv.memberships[2].user.target,
        Ref::Unknown(Value::unknown("var.users"))
    );
    assert_eq!(inv.memberships[2].user.kind, PrincipalKind::User);

    let key = &inv.access_keys[0];
    assert!(!key.pgp_key);
    assert!(key.status.is_none());
    assert_eq!(key.user.target, Ref::Literal("bob".into()));

    let profile = &inv.login_profiles[0];
    assert!(profile.pgp_key);
    assert_eq!(
        profile.password_reset_required.as_ref().map(|s| &s.value),
        Some(&Value::known("false"))
    );

    let oidc = &inv.oidc_providers[0];
    assert_eq!(
        oidc.url,
        Value::known("https://token.actions.githubusercontent.com")
    );
    assert_eq!(oidc.client_ids, vec![Value::known("sts.amazonaws.com")]);

    let ip = &inv.instance_profiles[0];
    assert_eq!(ip.name, Some(Value::known("web")));
    assert_eq!(
        ip.role.as_ref().map(|r| address(&r.target)),
        Some(("aws_iam_role.web", "name"))
    );
}

#[test]
fn provider_credentials() {
    let key_id = format!("AKIA{}", "Q3ZR7NTXW2LB5HJK");
    let secret = format!("{}{}", "d9Fq2Lr7Xs0Bv4Nt8Mw1", "Kc6Pz3Hy5Jg+Ue/Aa2Sb");
    let text = format!(
        r#"
provider "aws" {{
  region     = "eu-west-1"
  access_key = "{key_id}"
  secret_key = "{secret}"
}}
provider "aws" {{
  alias      = "placeholders"
  access_key = ""
  secret_key = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
}}
provider "aws" {{
  alias      = "documentation"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "<your secret key>"
}}
provider "aws" {{
  alias      = "references"
  access_key = var.access_key
  secret_key = "${{var.secret}}"
}}
provider "google" {{
  access_key = "{key_id}"
}}
"#
    );
    let inv = read(&text);
    // the documentation example counts: it configures static keys in a provider block
    assert_eq!(inv.credentials.len(), 3, "{:?}", inv.credentials);
    assert_eq!(line(&text, inv.credentials[2].span), 14);
    let id = &inv.credentials[0];
    assert_eq!(id.kind, CredentialKind::AccessKeyId);
    assert_eq!(id.context, "provider \"aws\" access_key");
    assert_eq!(id.redacted, format!("AKIA{}5HJK", "*".repeat(12)));
    assert_eq!(at(&text, id.span), format!("\"{key_id}\""));
    let sk = &inv.credentials[1];
    assert_eq!(sk.kind, CredentialKind::SecretAccessKey);
    assert_eq!(sk.context, "provider \"aws\" secret_key");
    assert_eq!(line(&text, sk.span), 5);
    assert!(!sk.redacted.contains(&secret));
}

#[test]
fn syntax_error_is_reported_at_its_line() {
    let text = "resource \"aws_iam_user\" \"a\" {\n  name = \"a\"\n  tags = [\n}\n";
    let inv = read(text);
    assert_eq!(inv.parse_errors.len(), 1);
    assert_eq!(inv.entity_count(), 0);
    let e = &inv.parse_errors[0];
    assert_eq!(line(text, e.span), 4);
    assert!(e.message.starts_with("invalid HCL: "), "{}", e.message);
}

#[test]
fn other_blocks_are_ignored() {
    let text = r#"
data "aws_iam_policy_document" "d" {
  statement {
    actions = ["*"]
  }
}
module "m" { source = "./m" }
resource "aws_iam_role" {}
resource "aws_instance" "i" { ami = "x" }
locals { x = 1 }
"#;
    let inv = read(text);
    assert!(inv.parse_errors.is_empty());
    assert_eq!(inv.entity_count(), 0);
}

#[test]
fn truncated_and_garbled_inputs_never_panic() {
    let mut cut = 0;
    while cut <= FIXTURE.len() {
        if let Some(prefix) = FIXTURE.get(..cut) {
            let _ = read(prefix);
        }
        cut += 7;
    }
    let garbled = [
        "",
        "resource",
        "resource \"aws_iam_role\" \"r\" { assume_role_policy = <<EOF\n",
        "resource \"aws_iam_policy\" \"p\" { policy = \"${\" }",
        "resource \"aws_iam_policy\" \"p\" { policy = \"\\u12\" }",
        "resource \"aws_iam_policy\" \"p\" { policy = <<EOF\nEOF\n}",
        "resource \"aws_iam_policy\" \"p\" { policy = <<-EOF\n  ${x}\n  EOF\n}",
        "resource \"aws_iam_policy\" \"p\" { policy = \"\" }",
        "resource \"aws_iam_policy\" \"p\" { policy = jsonencode() }",
        "resource \"aws_iam_policy\" \"p\" { policy = jsonencode(1, 2) }",
        "resource \"aws_iam_policy\" \"p\" { policy = \"{\\\"a\\\": ${x}\" }",
        "resource \"aws_iam_policy\" \"p\" { policy = \"é${x}ü\" }",
        "resource \"aws_iam_role\" \"r\" { managed_policy_arns = [[[]]] }",
        "resource \"aws_iam_policy_attachment\" \"a\" { users = {} }",
        "provider \"aws\" { access_key = 1 }",
        "\u{feff}resource \"aws_iam_user\" \"u\" {}",
        "resource \"aws_iam_user\" \"u\" { name = \"\u{0}\" }",
    ];
    for text in garbled {
        let _ = read(text);
    }
    let deep = format!(
        "resource \"aws_iam_policy\" \"p\" {{ policy = jsonencode({}{}) }}",
        "[".repeat(200),
        "]".repeat(200)
    );
    let _ = read(&deep);
}

#[test]
fn interpolation_splicing_json_text_is_unknown_not_invalid() {
    let text = r#"resource "aws_iam_role" "r" {
  assume_role_policy = <<-EOF
  {
    "Statement": [{
      "Effect": "Allow",
      "Condition": {
        ${local.maybe_ip_condition}
        "Bool": { "aws:MultiFactorAuthPresent": "true" }
      }
    }]
  }
  EOF
}
"#;
    let inv = read(text);
    assert!(inv.policy_problems.is_empty(), "{:?}", inv.policy_problems);
    let trust = &inv.policies[0];
    assert!(unknown_expr(&trust.document).starts_with("<<-EOF"));
}

#[test]
fn escaped_policy_variables_stay_literal() {
    let text = r#"resource "aws_iam_user_policy" "heredoc" {
  user   = "u"
  policy = <<-EOF
    {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/$${aws:username}/*", "Sid": "a\\b%%{x}"}}
  EOF
}
resource "aws_iam_user_policy" "jsonencode" {
  user   = "u"
  policy = jsonencode({ Statement = { Effect = "Allow", Action = "s3:*", Resource = "arn:aws:s3:::b/$${aws:username}/*" } })
}
"#;
    let inv = read(text);
    assert!(inv.policy_problems.is_empty(), "{:?}", inv.policy_problems);
    for policy in &inv.policies {
        let st = only_statement(&policy.document);
        let resource = &st.resource.as_ref().expect("resource").items[0];
        assert_eq!(
            resource.value,
            Value::known("arn:aws:s3:::b/${aws:username}/*")
        );
        assert!(at(text, resource.span).contains("$${aws:username}"));
    }
    let heredoc = only_statement(&inv.policies[0].document);
    assert_eq!(heredoc.sid, Some(Value::known("a\\b%{x}")));
}

#[test]
fn byte_order_mark_is_skipped() {
    let text = "\u{feff}resource \"aws_iam_user\" \"u\" {\r\n  name = \"u\"\r\n}\r\n";
    let inv = read(text);
    assert!(inv.parse_errors.is_empty(), "{:?}", inv.parse_errors);
    assert_eq!(
        at(text, inv.users[0].origin.span).lines().next(),
        Some("resource \"aws_iam_user\" \"u\" {")
    );
}

#[test]
fn an_empty_name_in_a_principal_list_attaches_to_nobody() {
    let inv = read(
        r#"
resource "aws_iam_policy_attachment" "p" {
  name       = "p"
  users      = [""]
  groups     = ["ops", " "]
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
"#,
    );
    assert_eq!(inv.attachments.len(), 1, "{:?}", inv.attachments);
    assert_eq!(
        inv.attachments[0].principal.target,
        Ref::Literal("ops".into())
    );
}

const RESOURCE_POLICIES: &str = include_str!("../../../testdata/parse/hcl/resource_policies.tf");

#[test]
fn resource_policies_scps_and_permission_sets() {
    use crate::model::{PermissionSetGrant, ResourcePolicyKind};
    let text = RESOURCE_POLICIES;
    let inv = read(text);
    assert!(inv.parse_errors.is_empty(), "{:?}", inv.parse_errors);
    assert!(inv.policy_problems.is_empty(), "{:?}", inv.policy_problems);
    let kinds: Vec<(ResourcePolicyKind, &str)> = inv
        .resource_policies
        .iter()
        .map(|r| (r.kind, r.origin.address.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (ResourcePolicyKind::S3Bucket, "aws_s3_bucket_policy.public"),
            (ResourcePolicyKind::KmsKey, "aws_kms_key.shared"),
            (ResourcePolicyKind::SqsQueue, "aws_sqs_queue_policy.q"),
            (ResourcePolicyKind::SnsTopic, "aws_sns_topic_policy.t"),
            (
                ResourcePolicyKind::EcrRepository,
                "aws_ecr_repository_policy.r"
            ),
            (
                ResourcePolicyKind::SecretsManagerSecret,
                "aws_secretsmanager_secret_policy.s"
            ),
            (
                ResourcePolicyKind::LambdaPermission,
                "aws_lambda_permission.s3"
            ),
            (ResourcePolicyKind::SqsQueue, "aws_sqs_queue.inline"),
        ]
    );
    let [s3, kms, sqs, sns, ecr, _, lambda, inline] = &inv.resource_policies[..] else {
        panic!("eight resource policies");
    };
    assert_eq!(address(&inline.resource), ("aws_sqs_queue.inline", "arn"));
    // the bucket by reference, the public statement where it is written
    assert_eq!(address(&s3.resource), ("aws_s3_bucket.site", "id"));
    let st = only_statement(&s3.document);
    assert!(st.principal.as_ref().is_some_and(|p| p.any));
    assert_eq!(line(text, st.span), 9);
    // a policy document data source, evaluated
    let st = only_statement(&kms.document);
    let p = st.principal.as_ref().expect("principal");
    assert_eq!(
        p.entries[0].values.items[0].value,
        Value::known("arn:aws:iam::123456789012:root")
    );
    assert_eq!(unknown_expr(&sqs.document), "var.queue_policy");
    assert_eq!(line(text, only_statement(&sns.document).span), 45);
    assert!(only_statement(&ecr.document).resource.is_none());
    // the Lambda permission as the statement AWS makes of it
    let st = only_statement(&lambda.document);
    assert_eq!(
        lambda.resource.describe(),
        "${aws_lambda_function.f.function_name}"
    );
    assert_eq!(
        st.principal.as_ref().map(|p| p.entries[0].kind.as_str()),
        Some("Service")
    );
    let keys: Vec<String> = st.conditions.iter().map(|c| c.key.render()).collect();
    assert_eq!(keys, ["aws:SourceArn", "aws:SourceAccount"]);
    assert_eq!(
        st.conditions[1].values.items[0].value,
        Value::known("123456789012")
    );

    // SCPs: only service control policies, with their attachments
    assert_eq!(inv.service_control_policies.len(), 1);
    let scp = &inv.service_control_policies[0];
    assert_eq!(scp.name, Some(Value::known("deny-leave")));
    assert_eq!(only_statement(&scp.document).effect, Effect::Deny);
    assert_eq!(inv.scp_attachments.len(), 1);
    assert_eq!(
        address(&inv.scp_attachments[0].policy),
        ("aws_organizations_policy.deny_leave", "id")
    );
    assert!(inv.scp_attachments[0].target.value.is("r-abcd"));

    // permission sets and their three kinds of policy
    assert_eq!(inv.permission_sets.len(), 1);
    assert!(inv.permission_sets[0]
        .session_duration
        .as_ref()
        .is_some_and(|s| s.value.is("PT12H")));
    let grants = &inv.permission_set_policies;
    assert_eq!(grants.len(), 3);
    for g in grants {
        assert_eq!(
            address(&g.permission_set),
            ("aws_ssoadmin_permission_set.admins", "arn")
        );
    }
    assert!(
        matches!(&grants[0].grant, PermissionSetGrant::Inline(d) if only_statement(d).is_allow())
    );
    assert!(matches!(&grants[1].grant,
        PermissionSetGrant::Managed(r) if aws_managed_policy_name(r) == Some("AdministratorAccess")));
    assert!(
        matches!(&grants[2].grant, PermissionSetGrant::CustomerManaged(v) if v.is("team-boundary"))
    );
    assert_eq!(inv.saml_providers.len(), 1);
}
