//! Tests of module evaluation: the evaluator's expressions and functions, variables and
//! tfvars, locals, and `aws_iam_policy_document` data sources.

use super::eval::Eval;
use super::module::{Module, ModuleFile};
use super::parse_body;
use crate::discover::InputKind;
use crate::model::policy::{Effect, PolicyDocument};
use crate::model::{Document, Inventory};
use crate::parse::node::{Node, NodeKind};
use crate::parse::Input;
use crate::source::{FileId, LineIndex, Span};
use crate::value::Value;

/// Builds a module of one file from `text`, settles it, and runs `f` with an evaluator
/// for that file.
fn with_single_file_module<R>(text: &str, f: impl FnOnce(&Module<'_>, &Eval<'_>) -> R) -> R {
    let body = parse_body(text).expect("valid HCL");
    let files = [ModuleFile {
        file: FileId(0),
        text,
        body: Some(&body),
        tfvars: false,
    }];
    let module = Module::new(&files, &super::vars::VarValues::default(), None);
    module.settle();
    let ev = module.eval_in(0).expect("file 0");
    f(&module, &ev)
}

/// Evaluates `locals { <body> }` and returns local `x`: its JSON encoding, or `None`
/// when it is unknown.
fn x(locals: &str) -> Option<String> {
    let text = format!("locals {{\n{locals}\n}}\n");
    let node = with_single_file_module(&text, |module, ev| module.local("x", ev))
        .filter(|n| !n.is_unknown())?;
    match node.json_text() {
        Value::Known(s) => Some(s),
        other => Some(format!("partial:{}", other.render())),
    }
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn literals_templates_and_operators() {
    assert_eq!(x(r#"x = "a""#), s(r#""a""#));
    assert_eq!(
        x(r#"p = "pre"
x = "${local.p}-${1 + 2}""#),
        s(r#""pre-3""#)
    );
    assert_eq!(x("x = 7 * 3 - 1"), s("20"));
    assert_eq!(x("x = 7 / 2"), s("3.5"));
    assert_eq!(x("x = -4"), s("-4"));
    assert_eq!(x("x = !true || false"), s("false"));
    assert_eq!(x(r#"x = "a" == "a" && 2 > 1"#), s("true"));
    assert_eq!(x("x = 1 != 1"), s("false"));
    assert_eq!(x(r#"x = true ? "y" : "n""#), s(r#""y""#));
    assert_eq!(x(r#"x = 1 > 2 ? "y" : "n""#), s(r#""n""#));
    // unknown condition: unknown, even though one branch is known
    assert_eq!(x(r#"x = var.flag ? "y" : "n""#), None);
    assert_eq!(x(r#"x = var.a == "b""#), None);
    // a template with an unknown part keeps its known parts
    assert_eq!(
        x(r#"x = "arn:${var.p}:s3:::b""#),
        s(r#"partial:"arn:${var.p}:s3:::b""#)
    );
    assert_eq!(x(r#"x = "%{if true}y%{endif}""#), s(r#""y""#));
    // `false && unknown` is decided by its left side
    assert_eq!(x("x = false && var.q"), s("false"));
    assert_eq!(x("x = var.q && true"), None);
}

#[test]
fn access_for_and_splat() {
    assert_eq!(
        x(r#"o = { a = { b = ["p", "q"] } }
x = local.o.a.b[1]"#),
        s(r#""q""#)
    );
    assert_eq!(
        x(r#"o = { k = "v" }
x = local.o["k"]"#),
        s(r#""v""#)
    );
    assert_eq!(x("l = [1, 2]\nx = local.l.0"), s("1"));
    assert_eq!(
        x(r#"x = [for s in ["a", "b"] : upper(s) if s != "b"]"#),
        s(r#"["A"]"#)
    );
    assert_eq!(
        x(r#"x = { for k, v in { b = 1, a = 2 } : v => k }"#),
        s(r#"{"2":"a","1":"b"}"#)
    );
    assert_eq!(
        x(r#"x = { for s in ["a", "b", "a"] : s => s... }"#),
        s(r#"{"a":["a","a"],"b":["b"]}"#)
    );
    assert_eq!(
        x(r#"l = [{ n = "a" }, { n = "b" }]
x = local.l[*].n"#),
        s(r#"["a","b"]"#)
    );
    assert_eq!(
        x(r#"l = [{ n = { m = 1 } }]
x = local.l.*.n.m"#),
        s("[1]")
    );
    // over an unknown collection: unknown
    assert_eq!(x("x = [for s in var.l : s]"), None);
    // a missing key of a known object is an error, so unknown
    assert_eq!(x("o = {}\nx = local.o.missing"), None);
    assert_eq!(x("l = [1]\nx = local.l[5]"), None);
}

#[test]
fn every_function() {
    let cases: &[(&str, &str)] = &[
        (r#"jsonencode({ a = [1, "b"] })"#, r#""{\"a\":[1,\"b\"]}""#),
        (r#"jsondecode("{\"a\": [1, true]}")"#, r#"{"a":[1,true]}"#),
        (r#"jsondecode(jsonencode({ a = "b" }))"#, r#"{"a":"b"}"#),
        (
            r#"merge({ a = 1, b = 2 }, { b = 3 }, null)"#,
            r#"{"a":1,"b":3}"#,
        ),
        (r#"concat(["a"], [], ["b", "c"])"#, r#"["a","b","c"]"#),
        (r#"flatten([["a"], [["b"]], "c"])"#, r#"["a","b","c"]"#),
        (r#"distinct(["a", "b", "a"])"#, r#"["a","b"]"#),
        (r#"compact(["a", "", null, "b"])"#, r#"["a","b"]"#),
        (r#"format("%s-%d %q %%", "a", 5, "b")"#, r#""a-5 \"b\" %""#),
        (
            r#"formatlist("arn:%s", ["a", "b"])"#,
            r#"["arn:a","arn:b"]"#,
        ),
        (r#"join(",", ["a", "b"])"#, r#""a,b""#),
        (r#"split(",", "a,b")"#, r#"["a","b"]"#),
        (r#"replace("a-b-c", "-", "_")"#, r#""a_b_c""#),
        (r##"replace("a1b22", "/[0-9]+/", "#")"##, r##""a#b#""##),
        (r#"lower("AbC")"#, r#""abc""#),
        (r#"upper("abc")"#, r#""ABC""#),
        (r#"trimspace("  a  ")"#, r#""a""#),
        (r#"lookup({ a = "x" }, "a", "d")"#, r#""x""#),
        (r#"lookup({ a = "x" }, "b", "d")"#, r#""d""#),
        (r#"element(["a", "b"], 3)"#, r#""b""#),
        (r#"length(["a", "b"])"#, "2"),
        (r#"length({ a = 1 })"#, "1"),
        (r#"length("héllo")"#, "5"),
        (r#"keys({ b = 1, a = 2 })"#, r#"["a","b"]"#),
        (r#"values({ b = 1, a = 2 })"#, "[2,1]"),
        (r#"contains(["a", "b"], "b")"#, "true"),
        (r#"contains(["a", "b"], "c")"#, "false"),
        (r#"coalesce("", null, "a", "b")"#, r#""a""#),
        (r#"coalescelist([], ["a"], ["b"])"#, r#"["a"]"#),
        (r#"try(local.missing_obj.k, "fallback")"#, r#""fallback""#),
        (r#"try({ a = 1 }.b, "fallback")"#, r#""fallback""#),
        (r#"can({ a = 1 }.b)"#, "false"),
        (r#"can({ a = 1 }.a)"#, "true"),
        (r#"tostring(5)"#, r#""5""#),
        (r#"tolist(["a"])"#, r#"["a"]"#),
        (r#"toset(["b", "a", "b"])"#, r#"["a","b"]"#),
        (r#"tomap({ a = "b" })"#, r#"{"a":"b"}"#),
        (r#"zipmap(["a", "b"], [1, 2])"#, r#"{"a":1,"b":2}"#),
        (r#"setunion(["b"], ["a", "b"])"#, r#"["a","b"]"#),
    ];
    for (expr, want) in cases {
        let locals = format!("missing_obj = {{}}\nx = {expr}");
        assert_eq!(x(&locals).as_deref(), Some(*want), "{expr}");
    }
}

#[test]
fn unknown_propagates_and_is_never_invented() {
    for expr in [
        "merge(var.a, { b = 1 })",
        "concat(var.a, [1])",
        "length(var.a)",
        "lookup(var.m, \"k\", \"d\")",
        "coalesce(var.a, \"b\")",
        "coalescelist(var.a, [\"b\"])",
        // an unknown value is not an error: try keeps it unknown rather than falling back
        "try(var.a, \"fallback\")",
        "can(var.a)",
        "contains(var.l, \"a\")",
        "contains([var.a], \"b\")",
        "flatten([var.a])",
        "format(\"%5s\", \"a\")",
        "timestamp()",
        "file(\"policy.json\")",
        "provider::aws::arn_parse(\"x\")",
        "lookup({ a = 1 }, \"b\")",
    ] {
        let locals = format!("x = {expr}");
        assert_eq!(x(&locals), None, "{expr}");
    }
    // unknown elements ride along in known collections
    assert_eq!(
        x(r#"x = join(",", ["a", var.b])"#),
        s(r#"partial:"a,${var.b}""#)
    );
    assert_eq!(
        x("x = concat([var.a], [\"b\"])"),
        s(r#"partial:[${var.a},"b"]"#)
    );
}

#[test]
fn locals_reach_a_fixed_point_and_cycles_stay_unknown() {
    // defined in any order
    assert_eq!(
        x(r#"x = "${local.b}!"
b = "${local.c}b"
c = "c""#),
        s(r#""cb!""#)
    );
    // cycles
    assert_eq!(x("x = local.y\ny = local.x"), None);
    assert_eq!(x("x = \"${local.x}a\""), None);
    assert_eq!(x("x = try(local.y, \"d\")\ny = local.x"), None);
    // a long chain still converges within the bounded rounds
    let mut chain = String::from("x = local.l0\n");
    for i in 0..20 {
        chain.push_str(&format!("l{i} = local.l{}\n", i + 1));
    }
    chain.push_str("l20 = \"end\"\n");
    assert_eq!(x(&chain), s(r#""end""#));
}

#[test]
fn evaluation_is_bounded() {
    // doubling lists through locals would be exponential; the bounds make it unknown
    let mut locals = String::from("l0 = [\"a\", \"b\"]\n");
    for i in 0..40 {
        locals.push_str(&format!("l{} = concat(local.l{i}, local.l{i})\n", i + 1));
    }
    locals.push_str("x = length(local.l40)\n");
    assert_eq!(x(&locals), None);
    let mut strings = String::from("s0 = \"abcdefgh\"\n");
    for i in 0..40 {
        strings.push_str(&format!(
            "s{} = \"${{local.s{i}}}${{local.s{i}}}\"\n",
            i + 1
        ));
    }
    strings.push_str("x = local.s40\n");
    // past the bound the string is unknown, or known only in part
    assert!(x(&strings).is_none_or(|s| s.starts_with("partial:")));
    // locals wrapping locals nest without end; past the bound the value is unknown
    let mut nest = String::from("n0 = \"a\"\n");
    for i in 0..2000 {
        nest.push_str(&format!("n{} = [local.n{i}]\n", i + 1));
    }
    nest.push_str("x = local.n2000\n");
    assert!(x(&nest).is_none_or(|s| s.starts_with("partial:")));
    // deep nesting
    let deep = format!("x = {}1{}", "[".repeat(60), "]".repeat(60));
    let _ = x(&deep);
}

// ---- module directories ---------------------------------------------------------

/// Parses files `(rel_path, text)` as one module directory.
fn module(files: &[(&str, &str)]) -> Vec<Inventory> {
    let inputs: Vec<Input<'_>> = files
        .iter()
        .enumerate()
        .map(|(i, (path, text))| Input {
            file: FileId(i as u32),
            rel_path: path,
            scope: "m",
            text,
            kind: if path.ends_with(".tfvars") {
                InputKind::TfVars
            } else {
                InputKind::Hcl
            },
        })
        .collect();
    crate::parse::parse_module(&inputs)
}

fn doc(inv: &Inventory, i: usize) -> &Document {
    &inv.policies.get(i).expect("policy").document
}

fn parsed(d: &Document) -> &PolicyDocument {
    match d {
        Document::Parsed(p) => p,
        other => panic!("expected a parsed document, got {other:?}"),
    }
}

fn actions(d: &Document) -> Vec<Vec<String>> {
    parsed(d)
        .statements
        .iter()
        .map(|st| {
            st.action
                .as_ref()
                .map(|a| a.items.iter().map(|i| i.value.render()).collect())
                .unwrap_or_default()
        })
        .collect()
}

const POLICY_FROM_VAR: &str = r#"
resource "aws_iam_policy" "p" {
  name   = "${var.prefix}-p"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}
"#;

const VARIABLES: &str = r#"
variable "prefix" {
  default = "dev"
}
variable "actions" {
  type    = list(string)
  default = ["s3:GetObject"]
}
"#;

#[test]
fn variable_default_across_files() {
    let invs = module(&[
        ("m/main.tf", POLICY_FROM_VAR),
        ("m/variables.tf", VARIABLES),
    ]);
    let inv = &invs[0];
    assert_eq!(actions(doc(inv, 0)), vec![vec!["s3:GetObject".to_string()]]);
    assert_eq!(inv.policies[0].name, Some(Value::known("dev-p")));
    // the item points at the default, in the other file
    let item = &parsed(doc(inv, 0)).statements[0]
        .action
        .as_ref()
        .expect("action")
        .items[0];
    assert_eq!(item.span.file, FileId(1));
    assert_eq!(VARIABLES.get(item.span.range()), Some("\"s3:GetObject\""));
}

#[test]
fn tfvars_win_over_defaults_and_auto_tfvars_win_over_terraform_tfvars() {
    let invs = module(&[
        ("m/main.tf", POLICY_FROM_VAR),
        (
            "m/terraform.tfvars",
            "actions = [\"iam:*\"]\nprefix = \"prod\"\n",
        ),
        ("m/variables.tf", VARIABLES),
        ("m/z.auto.tfvars", "prefix = \"auto\"\nundeclared = 1\n"),
    ]);
    let inv = &invs[0];
    assert_eq!(actions(doc(inv, 0)), vec![vec!["iam:*".to_string()]]);
    assert_eq!(inv.policies[0].name, Some(Value::known("auto-p")));
    // other tfvars files are not read by Terraform on its own
    let invs = module(&[
        ("m/main.tf", POLICY_FROM_VAR),
        ("m/prod.tfvars", "actions = [\"iam:*\"]\n"),
        ("m/variables.tf", VARIABLES),
    ]);
    assert_eq!(
        actions(doc(&invs[0], 0)),
        vec![vec!["s3:GetObject".to_string()]]
    );
}

#[test]
fn unset_variable_stays_unknown() {
    let vars = "variable \"prefix\" {}\nvariable \"actions\" { type = list(string) }\n";
    let invs = module(&[("m/main.tf", POLICY_FROM_VAR), ("m/variables.tf", vars)]);
    let inv = &invs[0];
    let st = &parsed(doc(inv, 0)).statements[0];
    let action = st.action.as_ref().expect("action");
    // the whole list is one unknown element that says what it depends on
    assert!(action.incomplete);
    let values: Vec<&Value> = action.items.iter().map(|i| &i.value).collect();
    assert_eq!(values, vec![&Value::Unknown("var.actions".into())]);
    assert_eq!(
        inv.policies[0].name,
        Some(Value::Partial(vec![
            crate::value::Piece::Expr("var.prefix".into()),
            crate::value::Piece::Lit("-p".into())
        ]))
    );
    // a policy that is all variable stays an unknown document with its source
    let whole = "variable \"doc\" {}\nresource \"aws_iam_policy\" \"p\" {\n  policy = var.doc\n}\n";
    let invs = module(&[("m/main.tf", whole)]);
    assert!(matches!(doc(&invs[0], 0), Document::Unknown { expr, .. } if expr == "var.doc"));
}

#[test]
fn empty_placeholder_defaults_are_not_names_or_policies() {
    let text = r#"
variable "name" {
  default = ""
}
variable "policy" {
  default = ""
}
resource "aws_iam_user" "u" {
  name = var.name
}
resource "aws_iam_user_policy" "p" {
  user   = var.name
  policy = var.policy
}
"#;
    let invs = module(&[("m/main.tf", text)]);
    let inv = &invs[0];
    assert_eq!(inv.users[0].name, Value::unknown("var.name"));
    assert!(matches!(doc(inv, 0), Document::Unknown { .. }));
    assert!(inv.policy_problems.is_empty());
    match &inv.policies[0].kind {
        crate::model::PolicyKind::Inline { principal } => {
            assert!(matches!(principal.target, crate::model::Ref::Unknown(_)))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn syntax_error_in_one_file_leaves_the_others_read() {
    let invs = module(&[
        ("m/bad.tf", "locals {\n  x = \n"),
        ("m/main.tf", POLICY_FROM_VAR),
        ("m/variables.tf", VARIABLES),
    ]);
    assert_eq!(invs[0].parse_errors.len(), 1);
    assert!(invs[1].parse_errors.is_empty());
    assert_eq!(invs[1].policies.len(), 1);
}

#[test]
fn policy_json_from_a_variable_and_heredoc_interpolations() {
    let text = r#"
variable "policy" {
  default = <<EOF
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
EOF
}
locals {
  bucket = "logs"
  statements = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }]
}
resource "aws_iam_policy" "a" {
  policy = var.policy
}
resource "aws_iam_policy" "b" {
  policy = <<EOF
{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${local.bucket}/*"}]}
EOF
}
resource "aws_iam_policy" "c" {
  policy = <<EOF
{"Statement": ${jsonencode(local.statements)}}
EOF
}
"#;
    let invs = module(&[("m/main.tf", text)]);
    let inv = &invs[0];
    assert_eq!(actions(doc(inv, 0)), vec![vec!["*".to_string()]]);
    let b = &parsed(doc(inv, 1)).statements[0];
    assert_eq!(
        b.resource.as_ref().expect("resource").items[0].value,
        Value::known("arn:aws:s3:::logs/*")
    );
    assert_eq!(actions(doc(inv, 2)), vec![vec!["s3:*".to_string()]]);
}

// ---- aws_iam_policy_document ------------------------------------------------------

const DATA_DOCS: &str = r#"
variable "extra" {}
locals {
  services = ["s3", "sqs"]
}
data "aws_iam_policy_document" "base" {
  policy_id = "base"
  version   = "2012-10-17"
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    sid       = "Keep"
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "main" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.override.json]
  statement {
    sid       = "Read"
    actions   = ["s3:*"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = local.services
    iterator = svc
    content {
      effect    = "Deny"
      actions   = ["${svc.value}:Delete*"]
      resources = ["*"]
      condition {
        test     = "StringEquals"
        variable = "aws:PrincipalTag/team"
        values   = [svc.key]
      }
    }
  }
}
data "aws_iam_policy_document" "override" {
  statement {
    sid       = "Keep"
    actions   = ["sqs:*"]
    resources = ["*"]
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::1:root"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::2:root"]
    }
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
data "aws_iam_policy_document" "unknown_each" {
  dynamic "statement" {
    for_each = var.extra
    content {
      actions   = statement.value
      resources = ["*"]
    }
  }
}
resource "aws_iam_policy" "main" {
  policy = data.aws_iam_policy_document.main.json
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.minified_json
}
resource "aws_iam_policy" "unknown_each" {
  policy = "${data.aws_iam_policy_document.unknown_each.json}"
}
resource "aws_iam_policy" "base" {
  policy = data.aws_iam_policy_document.base.json
}
"#;

fn line(span: Span) -> usize {
    LineIndex::new(DATA_DOCS).line(span.start)
}

fn line_of(needle: &str) -> usize {
    let at = DATA_DOCS.find(needle).expect("needle");
    LineIndex::new(DATA_DOCS).line(u32::try_from(at).expect("small"))
}

#[test]
fn policy_document_merges_sources_and_overrides_by_sid() {
    let invs = module(&[("m/iam.tf", DATA_DOCS)]);
    let inv = &invs[0];
    assert!(inv.policy_problems.is_empty(), "{:?}", inv.policy_problems);
    let main = doc(inv, 0);
    assert_eq!(
        actions(main),
        vec![
            vec!["s3:*".to_string()],       // this document's Read replaced the source's
            vec!["sqs:*".to_string()],      // the override replaced Keep in place
            vec!["s3:Delete*".to_string()], // dynamic, first element
            vec!["sqs:Delete*".to_string()], // dynamic, second element
            vec!["kms:Decrypt".to_string()], // an override without Sid is appended
        ]
    );
    let sts = &parsed(main).statements;
    // each statement points at its block
    assert_eq!(
        line(sts[0].span),
        line_of("statement {\n    sid       = \"Read\"\n    actions   = [\"s3:*\"]")
    );
    assert_eq!(
        line(sts[1].span),
        line_of("statement {\n    sid       = \"Keep\"\n    actions   = [\"sqs:*\"]")
    );
    assert_eq!(line(sts[2].span), line_of("dynamic \"statement\""));
    assert_eq!(sts[0].effect, Effect::Allow);
    assert_eq!(sts[2].effect, Effect::Deny);
    assert_eq!(sts[3].conditions.len(), 1);
    assert_eq!(
        sts[3].conditions[0].values.items[0].value,
        Value::known("1")
    );
    assert_eq!(
        sts[3].conditions[0].key,
        Value::known("aws:PrincipalTag/team")
    );
    // the base document keeps its own Id and statements
    let base = inv
        .policies
        .iter()
        .find(|p| p.origin.address == "aws_iam_policy.base")
        .expect("policy");
    let base = parsed(&base.document);
    assert_eq!(base.id, Some(Value::known("base")));
    assert_eq!(base.version, Some(Value::known("2012-10-17")));
    assert_eq!(base.statements.len(), 2);
}

#[test]
fn policy_document_principals() {
    let invs = module(&[("m/iam.tf", DATA_DOCS)]);
    let inv = &invs[0];
    let trust = inv
        .policies
        .iter()
        .find(|p| matches!(p.kind, crate::model::PolicyKind::Trust { .. }))
        .expect("trust policy");
    let sts = &parsed(&trust.document).statements;
    let everyone = sts[0].principal.as_ref().expect("principal");
    assert!(everyone.any && everyone.is_everyone());
    let named = sts[1].principal.as_ref().expect("principal");
    assert!(!named.is_everyone());
    assert_eq!(named.entries.len(), 2);
    assert_eq!(named.entries[0].kind, "AWS");
    assert_eq!(named.entries[0].values.items.len(), 2);
    assert_eq!(named.entries[1].kind, "Service");
}

#[test]
fn policy_document_with_unknown_for_each_is_incomplete_not_empty() {
    let invs = module(&[("m/iam.tf", DATA_DOCS)]);
    let p = invs[0]
        .policies
        .iter()
        .find(|p| p.origin.address == "aws_iam_policy.unknown_each")
        .expect("policy");
    let d = parsed(&p.document);
    assert!(d.statements.is_empty());
    assert!(d.statements_incomplete);
}

#[test]
fn policy_documents_referring_to_each_other_in_a_cycle_are_unknown() {
    let text = r#"
data "aws_iam_policy_document" "a" {
  source_policy_documents = [data.aws_iam_policy_document.b.json]
}
data "aws_iam_policy_document" "b" {
  source_policy_documents = [data.aws_iam_policy_document.a.json]
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.a.json
}
"#;
    let invs = module(&[("m/main.tf", text)]);
    match doc(&invs[0], 0) {
        Document::Parsed(d) => assert!(d.statements_incomplete),
        Document::Unknown { .. } => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn json_node_text_escapes() {
    let n = Node::new(Span::default(), NodeKind::Str(Value::known("a\"b\\c\n")));
    assert_eq!(n.json_text(), Value::known(r#""a\"b\\c\n""#));
}

#[test]
fn statements_of_a_local_object_point_at_the_locals_block() {
    let locals = r#"locals {
  policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      },
    ]
  }
}
"#;
    let main = r#"resource "aws_iam_policy" "p" {
  policy = jsonencode(local.policy)
}
"#;
    let invs = module(&[("m/locals.tf", locals), ("m/main.tf", main)]);
    let st = &parsed(doc(&invs[1], 0)).statements[0];
    assert_eq!(st.span.file, FileId(0));
    assert_eq!(LineIndex::new(locals).line(st.span.start), 5);
    assert!(st.action.as_ref().is_some_and(|a| a.has_star()));
}

#[test]
fn a_local_heredoc_is_read_where_it_is_written() {
    let locals = r#"variable "region" {}
locals {
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Effect": "Allow", "Action": "ec2:*", "Resource": "arn:aws:ec2:${var.region}:*:instance/*"}
      ]
    }
  EOT
}
"#;
    let main = "resource \"aws_iam_policy\" \"p\" {\n  policy = local.policy\n}\n";
    let invs = module(&[("m/locals.tf", locals), ("m/main.tf", main)]);
    let d = parsed(doc(&invs[1], 0));
    assert_eq!(d.statements.len(), 2);
    let st = &d.statements[1];
    assert_eq!(st.span.file, FileId(0));
    assert_eq!(LineIndex::new(locals).line(st.span.start), 8);
    let resource = &st.resource.as_ref().expect("resource").items[0].value;
    assert_eq!(resource.known_prefix(), Some("arn:aws:ec2:"));
    assert!(!resource.is_known());
}

#[test]
fn a_local_reading_a_data_source_that_reads_locals_settles() {
    let text = r#"
locals {
  policy = data.aws_iam_policy_document.d.json
  zz     = "s3:*"
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = [local.zz]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "p" {
  policy = local.policy
}
"#;
    let invs = module(&[("m/main.tf", text)]);
    assert_eq!(actions(doc(&invs[0], 0)), vec![vec!["s3:*".to_string()]]);
}

#[test]
fn template_directives_render_when_known() {
    assert_eq!(
        x(r#"x = "%{ for a in ["x", "y"] }${a},%{ endfor }""#),
        s(r#""x,y,""#)
    );
    assert_eq!(
        x(r#"x = "%{ for k, v in { a = 1 } }${k}=${v}%{ endfor }""#),
        s(r#""a=1""#)
    );
    assert_eq!(
        x(r#"x = "%{ if 1 > 2 }big%{ else }small%{ endif }""#),
        s(r#""small""#)
    );
    assert_eq!(x(r#"x = "%{ if true }yes%{ endif }""#), s(r#""yes""#));
    // an unknown condition or collection: unknown as a whole
    assert_eq!(x(r#"x = "%{ if var.f }a%{ endif }""#), None);
    assert_eq!(x(r#"x = "%{ for a in var.l }${a}%{ endfor }""#), None);
    // path functions without file access
    assert_eq!(x(r#"x = dirname("a/b/c.json")"#), s(r#""a/b""#));
    assert_eq!(x(r#"x = basename("a/b/c.json")"#), s(r#""c.json""#));
    assert_eq!(x(r#"x = "${path.module}/p.json""#), s(r#""./p.json""#));
    assert_eq!(x(r#"x = file("p.json")"#), None);
    assert_eq!(x(r#"x = fileexists("p.json")"#), None);
    assert_eq!(x("x = path.cwd"), None);
}

#[test]
fn counted_policy_documents_through_splats_one_and_join() {
    let main = r#"
variable "enabled" {
  default = true
}
data "aws_iam_policy_document" "on" {
  count = var.enabled ? 1 : 0
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "off" {
  count = 0
  statement {
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "maybe" {
  count = module.this.enabled ? 1 : 0
  statement {
    actions   = ["s3:DeleteObject"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "a" {
  policy = one(data.aws_iam_policy_document.on.*.json)
}
resource "aws_iam_policy" "b" {
  policy = join("", data.aws_iam_policy_document.on[*]["json"])
}
resource "aws_iam_policy" "c" {
  policy = data.aws_iam_policy_document.on[0].json
}
resource "aws_iam_policy" "d" {
  policy = one(data.aws_iam_policy_document.off.*.json)
}
resource "aws_iam_policy" "e" {
  policy = one(data.aws_iam_policy_document.maybe.*.json)
}
"#;
    let invs = module(&[("m/main.tf", main)]);
    let inv = &invs[0];
    let get = vec![vec!["s3:GetObject".to_string()]];
    assert_eq!(actions(doc(inv, 0)), get);
    assert_eq!(actions(doc(inv, 1)), get);
    assert_eq!(actions(doc(inv, 2)), get);
    // count = 0: `one` of nothing is null, no document
    assert!(!matches!(doc(inv, 3), Document::Parsed(_)));
    // an unknown count reads the source as one instance
    assert_eq!(
        actions(doc(inv, 4)),
        vec![vec!["s3:DeleteObject".to_string()]]
    );
}

#[test]
fn managed_policy_data_sources() {
    let main = r#"
data "aws_iam_policy" "admin" {
  arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
data "aws_iam_policy" "by_name" {
  name = "ReadOnlyAccess"
}
locals {
  arn       = data.aws_iam_policy.admin.arn
  name      = data.aws_iam_policy.admin.name
  by_name   = data.aws_iam_policy.by_name.name
  guess_arn = data.aws_iam_policy.by_name.arn
}
"#;
    let local = |n: &str| {
        with_single_file_module(main, |module, ev| {
            module
                .local(n, ev)
                .filter(|v| !v.is_unknown())
                .map(|v| v.json_text().render())
        })
    };
    assert_eq!(
        local("arn").as_deref(),
        Some("\"arn:aws:iam::aws:policy/AdministratorAccess\"")
    );
    assert_eq!(local("name").as_deref(), Some("\"AdministratorAccess\""));
    assert_eq!(local("by_name").as_deref(), Some("\"ReadOnlyAccess\""));
    assert_eq!(local("guess_arn"), None);
}

fn target(r: &crate::model::Ref) -> String {
    match r {
        crate::model::Ref::Address { address, .. } => address.clone(),
        other => format!("{other:?}"),
    }
}

const INSTANCES: &str = r#"
variable "n" {}
resource "aws_iam_role" "app" {
  for_each           = toset(["b", "a", "b"])
  name               = "app-${each.key}"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy_attachment" "each" {
  for_each   = toset(["a", "b"])
  role       = aws_iam_role.app[each.key].name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
resource "aws_iam_role_policy_attachment" "fixed" {
  role       = aws_iam_role.app["b"].name
  policy_arn = try(aws_iam_role.app["no-such-key"].arn, "arn:aws:iam::aws:policy/ReadOnlyAccess")
}
resource "aws_iam_user" "many" {
  count = 5
  name  = "u${count.index}"
}
resource "aws_iam_user" "unknown" {
  count = var.n
  name  = "x${count.index}"
}
resource "aws_iam_user_policy_attachment" "first" {
  user       = aws_iam_user.many[*].name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
resource "aws_iam_user_policy_attachment" "one" {
  user       = one(aws_iam_user.unknown[*].name)
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
resource "aws_iam_role_policy_attachment" "tried" {
  role       = try(aws_iam_role.app["a"].name, "fallback")
  policy_arn = try(aws_iam_role.app["zz"].arn, { a = "b" }["k"], "arn:aws:iam::aws:policy/X")
}
resource "aws_iam_user_policy_attachment" "join" {
  user       = join("", aws_iam_user.many.*.name)
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
"#;

#[test]
fn count_and_for_each_expand_into_linked_instances() {
    let invs = module(&[("m/main.tf", INSTANCES)]);
    let inv = &invs[0];
    let roles: Vec<(&str, String)> = inv
        .roles
        .iter()
        .map(|r| (r.origin.address.as_str(), r.name.render()))
        .collect();
    assert_eq!(
        roles,
        vec![
            ("aws_iam_role.app[\"a\"]", "app-a".to_string()),
            ("aws_iam_role.app[\"b\"]", "app-b".to_string()),
        ]
    );
    let targets: Vec<(&str, String)> = inv
        .attachments
        .iter()
        .map(|a| (a.origin.address.as_str(), target(&a.principal.target)))
        .collect();
    assert_eq!(
        targets,
        vec![
            (
                "aws_iam_role_policy_attachment.each[\"a\"]",
                "aws_iam_role.app[\"a\"]".into()
            ),
            (
                "aws_iam_role_policy_attachment.each[\"b\"]",
                "aws_iam_role.app[\"b\"]".into()
            ),
            (
                "aws_iam_role_policy_attachment.fixed",
                "aws_iam_role.app[\"b\"]".into()
            ),
            // a splat links to the first instance
            (
                "aws_iam_user_policy_attachment.first",
                "aws_iam_user.many[0]".into()
            ),
            // through one() and join("", ...)
            (
                "aws_iam_user_policy_attachment.one",
                "aws_iam_user.unknown".into()
            ),
            (
                "aws_iam_role_policy_attachment.tried",
                "aws_iam_role.app[\"a\"]".into()
            ),
            (
                "aws_iam_user_policy_attachment.join",
                "aws_iam_user.many[0]".into()
            ),
        ]
    );
    // indexing an instance that does not exist is an error `try` moves past
    let policy = |address: &str| {
        inv.attachments
            .iter()
            .find(|a| a.origin.address == address)
            .map(|a| a.policy.clone())
    };
    assert_eq!(
        policy("aws_iam_role_policy_attachment.fixed"),
        Some(crate::model::Ref::Literal(
            "arn:aws:iam::aws:policy/ReadOnlyAccess".into()
        ))
    );
    assert_eq!(
        policy("aws_iam_role_policy_attachment.tried"),
        Some(crate::model::Ref::Literal(
            "arn:aws:iam::aws:policy/X".into()
        ))
    );
    let users: Vec<&str> = inv
        .users
        .iter()
        .map(|u| u.origin.address.as_str())
        .collect();
    assert_eq!(users.len(), 6);
    assert_eq!(users[4], "aws_iam_user.many[4]");
    // an unknown count: one entity at the plain address
    assert_eq!(users[5], "aws_iam_user.unknown");
}

#[test]
fn instances_are_bounded() {
    let inputs = [Input {
        file: FileId(0),
        rel_path: "m/main.tf",
        scope: "m",
        text: INSTANCES,
        kind: InputKind::Hcl,
    }];
    let invs = crate::parse::parse_module_with(&inputs, &Default::default(), None, 2);
    let users: Vec<&str> = invs[0]
        .users
        .iter()
        .map(|u| u.origin.address.as_str())
        .collect();
    assert_eq!(
        users,
        vec![
            "aws_iam_user.many[0]",
            "aws_iam_user.many[1]",
            "aws_iam_user.unknown"
        ]
    );
}

#[test]
fn self_referencing_count_and_for_each_stay_bounded() {
    let main = r#"
resource "aws_iam_user" "a" {
  count = length(aws_iam_user.b[0].name) + length(aws_iam_user.a[1].name)
  name  = "a"
}
resource "aws_iam_user" "b" {
  for_each = { for k in aws_iam_user.a["x"].tags : k => k }
  name     = try(aws_iam_user.a[7].name, "b")
}
"#;
    let invs = module(&[("m/main.tf", main)]);
    let users: Vec<&str> = invs[0]
        .users
        .iter()
        .map(|u| u.origin.address.as_str())
        .collect();
    assert_eq!(users, vec!["aws_iam_user.a", "aws_iam_user.b"]);
}

#[test]
fn arns_known_only_after_apply_keep_their_shape() {
    let main = r#"
resource "aws_iam_role" "deploy" {
  name = "deploy"
  path = "/ci/"
}
resource "aws_iam_user" "counted" {
  count = 2
  name  = "u${count.index}"
}
variable "n" {}
resource "aws_iam_policy" "unnamed" {
  name = var.n
}
locals {
  role    = aws_iam_role.deploy.arn
  user    = aws_iam_user.counted[0].arn
  policy  = aws_iam_policy.unnamed.arn
  role_id = aws_iam_role.deploy.unique_id
}
"#;
    let local = |n: &str| {
        with_single_file_module(main, |module, ev| {
            module.local(n, ev).map(|v| match v.kind {
                NodeKind::Str(v) => v.render(),
                other => format!("{other:?}"),
            })
        })
    };
    assert_eq!(
        local("role").as_deref(),
        Some("arn:${partition}:iam::${account_id}:role/ci/deploy")
    );
    // no shape without one known name, nor for an attribute other than the ARN
    assert_eq!(
        local("user").as_deref(),
        Some("Unknown(\"aws_iam_user.counted[0].arn\")")
    );
    assert_eq!(
        local("policy").as_deref(),
        Some("Unknown(\"aws_iam_policy.unnamed.arn\")")
    );
    assert_eq!(
        local("role_id").as_deref(),
        Some("Unknown(\"aws_iam_role.deploy.unique_id\")")
    );
}

#[test]
fn an_unknown_local_says_why_wherever_it_is_used() {
    let x = |locals: &str| {
        let text = format!("locals {{\n{locals}\n}}\n");
        with_single_file_module(&text, |module, ev| module.local("x", ev))
            .map(|n| n.json_text().render())
    };
    let decoded = "env = jsondecode(data.aws_secretsmanager_secret_version.s.secret_string)";
    // the local itself, a part of it, and a template using a part of it
    assert_eq!(
        x(&format!("{decoded}\nx = local.env")).as_deref(),
        Some("${jsondecode(data.aws_secretsmanager_secret_version.s.secret_string)}")
    );
    assert_eq!(
        x(&format!("{decoded}\nx = \"arn:aws:iam::${{local.env.ids[\"prod\"]}}:root\"")).as_deref(),
        Some("\"arn:aws:iam::${jsondecode(data.aws_secretsmanager_secret_version.s.secret_string)}:root\"")
    );
}

const OPTIONAL_STATEMENTS: &str = r#"
variable "statements" {
  type = list(object({
    sid         = optional(string)
    actions     = optional(list(string))
    not_actions = optional(list(string))
    effect      = optional(string, "Allow")
  }))
  default = [{ sid = "Read", actions = ["s3:GetObject"] }]
}
data "aws_iam_policy_document" "p" {
  dynamic "statement" {
    for_each = var.statements
    content {
      sid         = statement.value.sid
      effect      = statement.value.effect
      actions     = statement.value.actions
      not_actions = statement.value.not_actions
      resources   = ["*"]
    }
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.p.json
}
"#;

/// (sid, effect, has NotAction) of each statement of the first policy.
fn sid_effect_not_action(inv: &Inventory) -> Vec<(String, Effect, bool)> {
    parsed(doc(inv, 0))
        .statements
        .iter()
        .map(|st| {
            (
                st.sid.as_ref().map(Value::render).unwrap_or_default(),
                st.effect.clone(),
                st.not_action.is_some(),
            )
        })
        .collect()
}

#[test]
fn values_take_their_variables_type_with_optional_attributes() {
    // the default: `not_actions` left out is null, `effect` takes its default
    let invs = module(&[("m/main.tf", OPTIONAL_STATEMENTS)]);
    assert_eq!(
        sid_effect_not_action(&invs[0]),
        vec![("Read".to_string(), Effect::Allow, false)]
    );
    // a tfvars value gets the same
    let invs = module(&[
        ("m/main.tf", OPTIONAL_STATEMENTS),
        (
            "m/terraform.tfvars",
            "statements = [{ sid = \"A\", actions = [\"iam:*\"] }, { sid = \"B\", not_actions = [\"iam:*\"], effect = \"Deny\" }]\n",
        ),
    ]);
    assert_eq!(
        sid_effect_not_action(&invs[0]),
        vec![
            ("A".to_string(), Effect::Allow, false),
            ("B".to_string(), Effect::Deny, true)
        ]
    );
    // and so does one given from outside (`--var`)
    let inputs = [Input {
        file: FileId(0),
        rel_path: "m/main.tf",
        scope: "m",
        text: OPTIONAL_STATEMENTS,
        kind: InputKind::Hcl,
    }];
    let outside = super::vars::VarValues {
        env: Vec::new(),
        cli: vec![super::vars::from_arg("statements=[{ sid = \"C\", actions = [] }]").unwrap()],
    };
    let invs = super::parse_module_with(&inputs, &outside, None, 10);
    assert_eq!(
        sid_effect_not_action(&invs[0]),
        vec![("C".to_string(), Effect::Allow, false)]
    );
}
