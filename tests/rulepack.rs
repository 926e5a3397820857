//! Rule packs: loading, errors, parameters, selection, `test-rules`, and the generated
//! language reference. See: issue 7.

use std::path::Path;

use leastpriv::engine::{scan, ScanOptions};
use leastpriv::rulepack::{self, Catalogue, PackOptions};

use crate::util::{leastpriv, root, stdout, Dir};

const ROLES: &str = r#"resource "aws_iam_role" "long" {
  name                 = "long"
  assume_role_policy   = "{}"
  max_session_duration = 7200
}
"#;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Findings (rule id, line) of a scan of `path` with the rules of `catalogue`.
fn findings(path: &Path, catalogue: &Catalogue) -> Vec<(String, usize)> {
    let opts = ScanOptions {
        paths: vec![path.to_path_buf()],
        ..Default::default()
    };
    let report = scan(&opts, &catalogue.all()).expect("scan");
    report
        .findings
        .iter()
        .map(|f| (f.rule.id.to_string(), report.locate(f.span).start_line))
        .collect()
}

#[test]
fn shipped_packs_load_and_their_rules_are_registered() {
    let mut used = Vec::new();
    for (path, text) in rulepack::SHIPPED {
        let pack = rulepack::load::load(&rulepack::load::Source { path, text }, &[], &mut used);
        assert!(pack.is_ok(), "{path}: {:?}", pack.err());
    }
    let ids: Vec<&str> = rulepack::shipped().iter().map(|r| r.meta.id).collect();
    assert_eq!(
        ids,
        ["IAM104", "IAM205", "IAM404", "IAM108", "IAM406", "IAM407", "IAM408"]
    );
    let found = leastpriv::rules::registry::find("admin-managed-policy-attached");
    assert_eq!(found.map(|r| r.meta().id), Some("IAM104"));
}

#[test]
fn pack_errors_carry_file_line_column_and_hint_and_stop_the_scan() {
    let d = Dir::new("pack-errors");
    d.create("main.tf", ROLES);
    d.create(
        "packs/bad.yaml",
        r#"pack: bad
prefix: BAD
rules:
  - id: BAD001
    name: unknown-field
    summary: s
    on: role
    when:
      - max_sesion_duration > 10
  - id: BAD002
    name: bad-regex
    summary: s
    on: role
    when:
      - "name =~ /a(/"
    colour: red
  - id: BAD003
    name: wrong-type
    summary: s
    on: role
    when: [max_session_duration > "long"]
  - id: IAM101
    name: clash
    summary: s
    on: role
    when: [name exists]
"#,
    );
    d.create(
        "packs/dup.yaml",
        "pack: dup\nprefix: DUP\nrules:\n  - {id: DUP001, name: a, summary: s, on: user, when: [name exists]}\n  - {id: DUP001, name: b, summary: s, on: user, when: [name exists]}\n",
    );
    d.create("syntax/broken.yaml", "pack: x\nrules: [\n  - id: 1\n");
    let o = leastpriv(&d.path, &["scan", ".", "--rulepack", "packs"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty(), "nothing may run: {}", stdout(&o));
    let err = stderr(&o);
    for want in [
        "packs/bad.yaml:9:9: `role` has no field `max_sesion_duration`",
        "hint: fields of `role`: address, name",
        "packs/bad.yaml:15:19: bad regex: unclosed group",
        "packs/bad.yaml:16:5: unknown key `colour` in a rule",
        "packs/bad.yaml:21:35: cannot compare a number with a string",
        "packs/bad.yaml:22:9: rule id `IAM101` does not follow the pack prefix `BAD`",
        "packs/dup.yaml:5:10: duplicate rule `DUP001`",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    let o = leastpriv(&d.path, &["scan", ".", "--rulepack", "syntax/broken.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("syntax/broken.yaml:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("YAML:"), "{}", stderr(&o));
    // a pack rule may not reuse a built-in id or name
    d.create(
        "clash/clash.yaml",
        "pack: clash\nprefix: IAM\nrules:\n  - {id: IAM999, name: full-admin-statement, summary: s, on: user, when: [name exists]}\n",
    );
    let o = leastpriv(&d.path, &["rules", "--rulepack", "clash"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "clash/clash.yaml:4:10: rule IAM999 (full-admin-statement) clashes with IAM101"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn parameters_override_thresholds_and_lists() {
    let d = Dir::new("pack-params");
    let file = d.create("main.tf", ROLES);
    let standard = Catalogue::standard();
    assert_eq!(findings(&file, &standard), []);
    let strict = Catalogue::load(&PackOptions {
        params: vec!["max_session_seconds=3600".into()],
        ..Default::default()
    })
    .expect("load");
    assert_eq!(findings(&file, &strict), [("IAM205".to_string(), 4)]);
    for bad in [
        "max_session_seconds=soon",
        "no_such_param=1",
        "max_session_seconds",
    ] {
        let e = Catalogue::load(&PackOptions {
            params: vec![bad.into()],
            ..Default::default()
        });
        assert!(e.is_err(), "{bad} must be refused");
    }
    // the same through the command line, with --rule naming a pack rule
    let o = leastpriv(
        &d.path,
        &[
            "scan",
            ".",
            "--rulepack-param",
            "max_session_seconds=3600",
            "--rule",
            "role-session-too-long",
            "-f",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"IAM205\""));
    let o = leastpriv(
        &d.path,
        &[
            "scan",
            ".",
            "--rulepack-param",
            "max_session_seconds=3600",
            "--skip-rule",
            "IAM205",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn naming_convention_takes_its_patterns_from_parameters() {
    let file = root().join("testdata/rules/IAM408/with_params/main.tf");
    let naming = |c: &Catalogue| -> Vec<usize> {
        findings(&file, c)
            .into_iter()
            .filter(|(id, _)| id == "IAM408")
            .map(|(_, line)| line)
            .collect()
    };
    // the defaults accept every name IAM accepts
    assert_eq!(naming(&Catalogue::standard()), Vec::<usize>::new());
    let convention = Catalogue::load(&PackOptions {
        params: vec![
            "user_name_pattern=^(svc|digitspots)-[a-z0-9-]+$".into(),
            "role_name_pattern=^(app|ci)-[a-z0-9-]+$".into(),
        ],
        ..Default::default()
    })
    .expect("load");
    // alice and LegacyDeploy; the group keeps the default pattern
    assert_eq!(naming(&convention), [9, 18]);
    let bad = Catalogue::load(&PackOptions {
        params: vec!["user_name_pattern=^(unclosed".into()],
        ..Default::default()
    });
    assert!(bad.is_err(), "a bad regex in a parameter must be refused");
}

#[test]
fn break_glass_users_are_not_reported_by_iam_user_defined() {
    let file = root().join("testdata/rules/IAM406/fail.tf");
    let users = |c: &Catalogue| -> Vec<usize> {
        findings(&file, c)
            .into_iter()
            .filter(|(id, _)| id == "IAM406")
            .map(|(_, line)| line)
            .collect()
    };
    assert_eq!(users(&Catalogue::standard()), [1, 5]);
    let allowed = Catalogue::load(&PackOptions {
        params: vec!["break_glass_users=alice,emergency".into()],
        ..Default::default()
    })
    .expect("load");
    assert_eq!(users(&allowed), [5]);
}

#[test]
fn user_packs_run_select_list_and_explain() {
    let d = Dir::new("pack-user");
    let examples = root().join("rulepacks/examples");
    let examples = examples.to_str().expect("utf-8 path");
    d.create(
        "main.tf",
        "resource \"aws_iam_user\" \"p\" {\n  name = \"digitspots-zed\"\n}\n\nresource \"aws_iam_role_policy_attachment\" \"a\" {\n  role       = \"x\"\n  policy_arn = \"arn:aws:iam::aws:policy/AdministratorAccess\"\n}\n",
    );
    let o = leastpriv(
        &d.path,
        &["scan", ".", "--rulepack", examples, "-f", "sarif"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("sarif");
    let ids: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    assert_eq!(ids, ["ORG001", "IAM104"]);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert!(rules
        .iter()
        .any(|r| r["id"] == "ORG001" && r["name"] == "partner-user-without-mfa-group"));
    // only one pack
    let o = leastpriv(
        &d.path,
        &[
            "scan",
            ".",
            "--rulepack",
            examples,
            "--only-pack",
            "org-partners",
            "-f",
            "json",
        ],
    );
    let out = stdout(&o);
    assert!(
        out.contains("\"ORG001\"") && !out.contains("\"IAM104\""),
        "{out}"
    );
    let o = leastpriv(&d.path, &["scan", ".", "--only-pack", "no-such-pack"]);
    assert_eq!(o.status.code(), Some(2));
    // inline suppressions know pack rules
    d.create(
        "main.tf",
        "resource \"aws_iam_role_policy_attachment\" \"a\" {\n  role       = \"x\"\n  # leastpriv:ignore[IAM104] reason=\"break-glass role\"\n  policy_arn = \"arn:aws:iam::aws:policy/AdministratorAccess\"\n}\n",
    );
    d.create(
        "user.tf",
        "# leastpriv:ignore[ORG001] reason=\"contractor onboarding\"\nresource \"aws_iam_user\" \"p\" {\n  name = \"digitspots-zed\"\n}\n",
    );
    let o = leastpriv(&d.path, &["scan", ".", "--rulepack", examples]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("2 suppressed"), "{}", stdout(&o));
    // rules and explain
    let o = leastpriv(&d.path, &["rules", "--rulepack", examples]);
    let out = stdout(&o);
    assert!(
        out.contains("ORG001  partner-user-without-mfa-group"),
        "{out}"
    );
    assert!(
        out.contains("IAM104  admin-managed-policy-attached        high      iam-baseline"),
        "{out}"
    );
    let o = leastpriv(&d.path, &["explain", "ORG001", "--rulepack", examples]);
    assert!(stdout(&o).starts_with("# ORG001: partner-user-without-mfa-group"));
    let o = leastpriv(&d.path, &["explain", "role-session-too-long"]);
    assert!(stdout(&o).contains("## Why is this bad?"));
}

#[test]
fn test_rules_passes_good_fixtures_and_fails_wrong_ones() {
    let o = leastpriv(&root(), &["test-rules", "rulepacks/examples"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("ok    ORG001 partner-user-without-mfa-group (2 fixtures)"));
    let o = leastpriv(
        &root(),
        &[
            "test-rules",
            "rulepacks/iam-baseline.yaml",
            "--fixtures",
            "testdata/rules",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("7 rules tested, 0 failed"));

    let d = Dir::new("pack-test-rules");
    let pack = std::fs::read_to_string(root().join("rulepacks/examples/partner-naming.yaml"))
        .expect("example");
    d.create("pack.yaml", &pack);
    // a finding on another line than marked, and a pass fixture that fires
    d.create(
        "ORG001/fail.tf",
        "resource \"aws_iam_user\" \"p\" {\n  name = \"digitspots-a\" # expect: ORG001\n}\n",
    );
    d.create(
        "ORG001/pass.tf",
        "resource \"aws_iam_user\" \"p\" {\n  name = \"digitspots-b\"\n}\n",
    );
    let o = leastpriv(&d.path, &["test-rules", "."]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("FAIL  ORG001"), "{out}");
    assert!(
        out.contains("expected {(\"ORG001\", \"ORG001/fail.tf\", 2)}"),
        "{out}"
    );
    assert!(
        out.contains("actual   {(\"ORG001\", \"ORG001/pass.tf\", 1)}"),
        "{out}"
    );
    // no fixtures at all is a failure too
    std::fs::remove_dir_all(d.path.join("ORG001")).expect("remove");
    let o = leastpriv(&d.path, &["test-rules", "pack.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("no fail*/pass* fixtures"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn rule_language_reference_is_up_to_date() {
    let path = root().join("docs/rule-language.md");
    let text = std::fs::read_to_string(&path).expect("docs/rule-language.md");
    let start = "<!-- generated from src/rulepack/fields.rs; `UPDATE_DOCS=1 cargo test rule_language` rewrites it -->\n";
    let end = "<!-- end generated -->";
    let (head, rest) = text.split_once(start).expect("start marker");
    let (_, tail) = rest.split_once(end).expect("end marker");
    let expected = format!(
        "{head}{start}\n{}{end}{tail}",
        rulepack::fields::reference_markdown()
    );
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).expect("write");
    } else {
        assert!(
            text == expected,
            "docs/rule-language.md is out of date; run `UPDATE_DOCS=1 cargo test rule_language` and commit"
        );
    }
}

#[test]
fn every_listed_field_is_read_for_every_kind() {
    use leastpriv::rulepack::fields::{entities, get, KINDS};
    let d = Dir::new("pack-fields");
    d.create(
        "main.tf",
        r#"resource "aws_iam_user" "u" {
  name = "u"
}
resource "aws_iam_group" "g" {
  name = "g"
}
resource "aws_iam_user_group_membership" "m" {
  user   = aws_iam_user.u.name
  groups = [aws_iam_group.g.name]
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.r.name
  policy_arn = aws_iam_policy.p.arn
}
resource "aws_iam_access_key" "k" {
  user = aws_iam_user.u.name
}
resource "aws_iam_user_login_profile" "l" {
  user = aws_iam_user.u.name
}
resource "aws_iam_account_password_policy" "pp" {
  minimum_password_length = 14
}
resource "aws_iam_openid_connect_provider" "o" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}
"#,
    );
    let opts = ScanOptions {
        paths: vec![d.path.clone()],
        ..Default::default()
    };
    let (_, inv, _) = leastpriv::engine::load(&opts).expect("load");
    let mut seen = 0;
    for k in KINDS {
        for e in entities(k.kind, &inv) {
            for f in k.fields {
                assert!(
                    get(&e, &inv, f.name).is_some(),
                    "{}.{} is not read",
                    k.name,
                    f.name
                );
            }
            seen += 1;
        }
    }
    // every kind the model has: user, group, role, policy, two statements, attachment,
    // access key, login profile, password policy, OIDC provider; and as iam-entity the
    // user, group, role and managed policy again
    assert_eq!(seen, 15);
}

#[test]
fn mutated_packs_give_errors_not_panics() {
    let seeds: Vec<String> = rulepack::SHIPPED
        .iter()
        .map(|(_, t)| t.to_string())
        .chain(std::iter::once(
            std::fs::read_to_string(root().join("rulepacks/examples/partner-naming.yaml"))
                .expect("example"),
        ))
        .collect();
    let tokens = [
        "{", "}", "[", "]", "\"", "'", "/", "(", ")", "$", ":", "- ", "\n", "  ", "=~", "!~",
        "not:", "any:", "all: []", "when: []", "{$", "{x}", "\\", "every ", "some ", "*", "&a",
        "*a", "!!str ", "\u{0}", "é",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    let mut errors = 0;
    for i in 0..1000 {
        let seed = &seeds[i % seeds.len()];
        let chars: Vec<char> = seed.chars().collect();
        let at = next(chars.len());
        let mut text: String = chars[..at].iter().collect();
        match next(3) {
            0 => {}
            1 => text.push_str(tokens[next(tokens.len())]),
            _ => {
                let skip = (at + next(40)).min(chars.len());
                text.extend(&chars[skip..]);
            }
        }
        if next(2) == 0 {
            text.push_str(tokens[next(tokens.len())]);
            text.extend(&chars[at..]);
        }
        let result = std::panic::catch_unwind(|| {
            rulepack::load::load(
                &rulepack::load::Source {
                    path: "m.yaml",
                    text: &text,
                },
                &[],
                &mut [],
            )
        });
        match result {
            Ok(Err(e)) => {
                errors += 1;
                assert!(e.iter().all(|e| e.line >= 1 && e.col >= 1), "{e:?}");
            }
            Ok(Ok(_)) => {}
            Err(_) => panic!("pack loader panicked on:\n{text}"),
        }
    }
    assert!(
        errors > 100,
        "the mutations should break most packs ({errors})"
    );
}
