//! Command-line behaviour: exit codes, formats, output files, colour, determinism.

use crate::util::{leastpriv, leastpriv_env, stdout, Dir};

const ADMIN: &str = r#"resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
"#;

const CLEAN: &str = r#"resource "aws_iam_policy" "read" {
  name = "read"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::docs/*" }]
  })
}
"#;

const BROKEN: &str = "resource \"aws_iam_role\" \"x\" {\n  name = \"x\"\n";

#[test]
fn exit_codes_follow_findings_and_parse_errors() {
    let d = Dir::new("exit-codes");
    d.create("clean/main.tf", CLEAN);
    d.create("bad/main.tf", ADMIN);
    d.create("mixed/main.tf", ADMIN);
    d.create("mixed/broken.tf", BROKEN);

    let o = leastpriv(&d.path, &["scan", "clean"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    let o = leastpriv(&d.path, &["scan", "bad"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("IAM101"));

    // above the threshold only
    let o = leastpriv(&d.path, &["scan", "bad", "--fail-on", "critical"]);
    assert_eq!(o.status.code(), Some(1));
    let o = leastpriv(&d.path, &["scan", "bad", "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0));

    // a parse error exits 2, and the other file's findings are still reported
    let o = leastpriv(&d.path, &["scan", "mixed"]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(out.contains("IAM101"), "{out}");
    assert!(out.contains("IAM900"), "{out}");
    assert!(out.contains("mixed/broken.tf:"), "{out}");
}

#[test]
fn usage_errors_exit_2() {
    let d = Dir::new("usage");
    assert_eq!(leastpriv(&d.path, &["scan"]).status.code(), Some(2));
    assert_eq!(leastpriv(&d.path, &["scan", "nope"]).status.code(), Some(2));
    assert_eq!(
        leastpriv(&d.path, &["scan", ".", "--format", "xml"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        leastpriv(&d.path, &["scan", ".", "--rule", "IAM999"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        leastpriv(&d.path, &["explain", "no-such-rule"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn text_output_has_location_frame_and_summary() {
    let d = Dir::new("text");
    d.create("main.tf", ADMIN);
    let o = leastpriv(&d.path, &["scan", "."]);
    let out = stdout(&o);
    assert!(
        out.contains("main.tf:5:18: critical[IAM101] full-admin-statement"),
        "{out}"
    );
    assert!(
        out.contains("5 |     Statement = [{ Effect = \"Allow\""),
        "{out}"
    );
    assert!(out.contains("in aws_iam_policy.admin"), "{out}");
    assert!(
        out.lines()
            .last()
            .is_some_and(|l| l.starts_with("2 findings")),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "no colour when not a terminal");
    let o = leastpriv(&d.path, &["scan", ".", "--color", "always"]);
    assert!(stdout(&o).contains('\u{1b}'));
    let o = leastpriv_env(
        &d.path,
        &["scan", ".", "--color", "always"],
        &[("NO_COLOR", "1")],
    );
    assert!(!stdout(&o).contains('\u{1b}'), "NO_COLOR wins");
}

#[test]
fn json_output_to_file() {
    let d = Dir::new("json");
    d.create("iam/main.tf", ADMIN);
    let o = leastpriv(
        &d.path,
        &["scan", "iam", "--format", "json", "--output", "out.json"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let text = std::fs::read_to_string(d.path.join("out.json")).expect("report written");
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(v["schema_version"], 1);
    let findings = v["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 2);
    assert_eq!(findings[0]["rule_id"], "IAM101");
    assert_eq!(findings[0]["path"], "iam/main.tf");
    assert_eq!(findings[0]["start_line"], 5);
}

#[test]
fn output_is_identical_across_runs_and_thread_counts() {
    let d = Dir::new("determinism");
    for i in 0..40 {
        d.create(
            &format!("m{}/f{i}.tf", i % 7),
            &ADMIN.replace("\"admin\"", &format!("\"admin{i}\"")),
        );
    }
    let one = leastpriv_env(
        &d.path,
        &["scan", ".", "--format", "sarif"],
        &[("RAYON_NUM_THREADS", "1")],
    );
    let four = leastpriv_env(
        &d.path,
        &["scan", ".", "--format", "sarif"],
        &[("RAYON_NUM_THREADS", "4")],
    );
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, four.stdout);
    crate::sarif_schema::validate_sarif_str(&stdout(&one));
    let json1 = leastpriv_env(
        &d.path,
        &["scan", ".", "-f", "json"],
        &[("RAYON_NUM_THREADS", "3")],
    );
    let json2 = leastpriv(&d.path, &["scan", ".", "-f", "json"]);
    assert_eq!(json1.stdout, json2.stdout);
}

#[test]
fn rules_and_explain() {
    let d = Dir::new("rules");
    let o = leastpriv(&d.path, &["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("IAM101  full-admin-statement"), "{out}");
    let o = leastpriv(&d.path, &["explain", "trust-any-principal"]);
    let out = stdout(&o);
    assert!(out.starts_with("# IAM201: trust-any-principal"), "{out}");
    assert!(out.contains("## Why is this bad?"));
}

#[test]
fn secrets_never_appear_in_any_output() {
    let d = Dir::new("secrets");
    let key_id = format!("AKIA{}", "Q3ZR7NTXW2LB5HJK");
    let secret = format!("{}{}", "d9Fq2Lr7Xs0Bv4Nt8Mw1", "Kc6Pz3Hy5Jg+Ue/Aa2Sb");
    d.create(
        "main.tf",
        &format!(
            "provider \"aws\" {{\n  access_key = \"{key_id}\"\n  secret_key = \"{secret}\"\n}}\n"
        ),
    );
    for format in ["text", "json", "sarif"] {
        let o = leastpriv(&d.path, &["scan", ".", "--format", format]);
        assert_eq!(o.status.code(), Some(1), "{format}");
        let out = stdout(&o);
        assert!(out.contains("IAM501"), "{format}: {out}");
        assert!(!out.contains(&key_id), "{format} leaks the key id");
        assert!(!out.contains(&secret), "{format} leaks the secret");
        assert!(
            !out.contains(&secret[..20]),
            "{format} leaks part of the secret"
        );
    }
    for format in ["text", "json"] {
        let o = leastpriv(&d.path, &["inventory", ".", "--format", format]);
        let out = stdout(&o);
        assert!(
            !out.contains(&key_id) && !out.contains(&secret),
            "inventory {format} leaks"
        );
    }
}

#[test]
fn inventory_lists_entities_with_locations_and_unknowns() {
    let d = Dir::new("inventory");
    d.create(
        "main.tf",
        r#"resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy_attachment" "app" {
  role       = aws_iam_role.app.name
  policy_arn = var.policy_arn
}
"#,
    );
    let o = leastpriv(&d.path, &["inventory", ".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["roles"][0]["origin"]["address"], "aws_iam_role.app");
    assert_eq!(v["roles"][0]["location"]["line"], 1);
    assert_eq!(v["attachments"][0]["principal"]["resolved"], 0);
    let unresolved: Vec<&str> = v["unresolved"]
        .as_array()
        .expect("unresolved")
        .iter()
        .filter_map(|u| u["expression"].as_str())
        .collect();
    assert!(
        unresolved.contains(&"data.aws_iam_policy_document.trust.json"),
        "{unresolved:?}"
    );
    assert!(unresolved.contains(&"var.policy_arn"), "{unresolved:?}");
    let o = leastpriv(&d.path, &["inventory", "."]);
    assert!(stdout(&o).contains("aws_iam_role.app"));
}

#[test]
fn exclude_and_gitignore_skip_files_but_keep_hidden_dirs() {
    let d = Dir::new("discover");
    d.create("keep/main.tf", ADMIN);
    d.create("vendor/main.tf", ADMIN);
    d.create("ignored/main.tf", ADMIN);
    d.create(".gitignore", "ignored/\n");
    d.create(".github/iam/main.tf", ADMIN);
    d.create(".terraform/modules/x/main.tf", ADMIN);
    let o = leastpriv(&d.path, &["scan", ".", "--exclude", "vendor", "-f", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let mut paths: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    paths.dedup();
    assert_eq!(paths, vec![".github/iam/main.tf", "keep/main.tf"]);
}

#[test]
fn sarif_of_the_bundled_example_is_valid_for_code_scanning() {
    let root = crate::util::root();
    let o = leastpriv(&root, &["scan", "testdata/examples", "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    crate::sarif_schema::validate_sarif_str(&text);
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let results = v["runs"][0]["results"].as_array().expect("results");
    assert!(results.len() >= 6, "{}", results.len());
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"]
            .as_str()
            .is_some_and(|u| u.starts_with("testdata/examples/")));
        assert!(loc["region"]["startLine"].as_u64().is_some_and(|l| l >= 1));
        assert!(r["partialFingerprints"]["leastpriv/v1"].is_string());
    }
}

#[test]
fn fingerprints_survive_line_moves_and_reformatting() {
    let fingerprints = |text: &str| -> Vec<(String, String)> {
        let d = Dir::new("fingerprints");
        d.create("main.tf", text);
        let o = leastpriv(&d.path, &["scan", ".", "-f", "json"]);
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
        v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                (
                    f["rule_id"].as_str().unwrap_or("").to_string(),
                    f["fingerprint"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let before = fingerprints(ADMIN);
    let moved = fingerprints(&format!("# a comment\n\nlocals {{\n  x = 1\n}}\n\n{ADMIN}"));
    let reformatted = fingerprints(&ADMIN.replace(
        "[{ Effect = \"Allow\", Action = \"*\", Resource = \"*\" }]",
        "[{\n      Effect = \"Allow\",\n      Action = \"*\",\n      Resource = \"*\"\n    }]",
    ));
    assert_eq!(before.len(), 2);
    assert_eq!(before, moved);
    assert_eq!(before, reformatted);
    // a different statement is a different finding
    let changed = fingerprints(&ADMIN.replace("Action = \"*\"", "Action = [\"*\"]"));
    assert_ne!(before, changed);
}

#[test]
fn each_module_directory_is_one_evaluation_scope() {
    let d = Dir::new("module-scope");
    let policy = r#"resource "aws_iam_policy" "p" {
  name = "p"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}
"#;
    // a: the variable is set by the directory's tfvars; a broken file beside it
    d.create("a/main.tf", policy);
    d.create("a/variables.tf", "variable \"actions\" {}\n");
    d.create("a/terraform.tfvars", "actions = [\"*\"]\n");
    d.create("a/broken.tf", BROKEN);
    // b: same code, no value: unknown, so no finding; a's tfvars do not leak into b
    d.create("b/main.tf", policy);
    d.create("b/variables.tf", "variable \"actions\" {}\n");
    let out = leastpriv(&d.path, &["scan", ".", "-f", "json", "--fail-on", "never"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let findings = json["findings"].as_array().expect("findings");
    let paths: std::collections::BTreeSet<&str> = findings
        .iter()
        .filter(|f| f["rule_id"] == "IAM101")
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(paths.into_iter().collect::<Vec<_>>(), vec!["a/main.tf"]);
    let errors = json["parse_errors"].as_array().expect("parse errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
}

const BY_VARIABLE: &str = r#"variable "actions" {
  type    = list(string)
  default = ["s3:GetObject"]
}

resource "aws_iam_policy" "p" {
  name = "p"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "*" }]
  })
}
"#;

#[test]
fn variable_values_from_the_command_line_follow_terraform_precedence() {
    let d = Dir::new("cli-vars");
    d.create("m/main.tf", BY_VARIABLE);
    d.create("admin.tfvars", "actions = [\"*\"]\n");
    d.create("read.tfvars", "actions = [\"s3:GetObject\"]\n");
    let admin = |o: &std::process::Output| stdout(o).contains("IAM101");
    let env = [("TF_VAR_actions", r#"["*"]"#)];

    // default only: clean
    assert!(!admin(&leastpriv(&d.path, &["scan", "m"])));
    // TF_VAR_ sits above the default
    let o = leastpriv_env(&d.path, &["scan", "m"], &env);
    assert!(admin(&o), "{}", stdout(&o));
    // --var, read as HCL for a complex type
    assert!(admin(&leastpriv(
        &d.path,
        &["scan", "m", "--var", r#"actions=["*"]"#]
    )));
    // --var-file files apply in order, later winning; --var wins over them
    let files = [
        "scan",
        "m",
        "--var-file",
        "read.tfvars",
        "--var-file",
        "admin.tfvars",
    ];
    assert!(admin(&leastpriv(&d.path, &files)));
    let swapped = [
        "scan",
        "m",
        "--var-file",
        "admin.tfvars",
        "--var-file",
        "read.tfvars",
    ];
    assert!(!admin(&leastpriv(&d.path, &swapped)));
    let mut both = files.to_vec();
    both.extend(["--var", r#"actions=["s3:GetObject"]"#]);
    assert!(!admin(&leastpriv(&d.path, &both)));
    // the module's terraform.tfvars sits above TF_VAR_ but below --var-file
    d.create("m/terraform.tfvars", "actions = [\"s3:GetObject\"]\n");
    assert!(!admin(&leastpriv_env(&d.path, &["scan", "m"], &env)));
    assert!(admin(&leastpriv(&d.path, &files)));
    // and a *.auto.tfvars above terraform.tfvars
    d.create("m/z.auto.tfvars", "actions = [\"*\"]\n");
    assert!(admin(&leastpriv(&d.path, &["scan", "m"])));
    // inventory takes the same flags
    let o = leastpriv(
        &d.path,
        &["inventory", "m", "--var-file", "read.tfvars", "-f", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // bad values are usage errors
    for args in [
        &["scan", "m", "--var", "novalue"][..],
        &["scan", "m", "--var-file", "missing.tfvars"][..],
    ] {
        assert_eq!(leastpriv(&d.path, args).status.code(), Some(2), "{args:?}");
    }
    d.create("broken.tfvars", "actions = [\n");
    let o = leastpriv(&d.path, &["scan", "m", "--var-file", "broken.tfvars"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn max_instances_bounds_count_expansion_with_a_warning() {
    let d = Dir::new("max-instances");
    d.create(
        "m/main.tf",
        "resource \"aws_iam_user\" \"dev\" {\n  count = 3\n  name  = \"dev-${count.index}\"\n}\n",
    );
    let o = leastpriv(&d.path, &["inventory", "m", "-f", "json"]);
    let all = stdout(&o);
    assert!(all.contains("aws_iam_user.dev[2]"), "{all}");
    let o = leastpriv(
        &d.path,
        &["inventory", "m", "-f", "json", "--max-instances", "1"],
    );
    let one = stdout(&o);
    assert!(one.contains("aws_iam_user.dev[0]"), "{one}");
    assert!(!one.contains("aws_iam_user.dev[1]"), "{one}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("aws_iam_user.dev: 3 instances"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Suppressions, exceptions, baselines, output formats (issue 8).

/// A policy granting everything (IAM101 + IAM102 on line `5 + offset`).
fn admin_policy(name: &str) -> String {
    ADMIN.replace("\"admin\"", &format!("\"{name}\""))
}

fn json_of(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

/// `(rule, path, line)` of each finding in a JSON list.
fn found(list: &serde_json::Value) -> Vec<(String, String, u64)> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or("").to_string(),
                f["path"].as_str().unwrap_or("").to_string(),
                f["start_line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn triple(rule: &str, path: &str, line: u64) -> (String, String, u64) {
    (rule.to_string(), path.to_string(), line)
}

const TODAY: (&str, &str) = ("LEASTPRIV_TODAY", "2026-06-30");

#[test]
fn every_suppression_form_suppresses_and_keeps_the_finding() {
    let d = Dir::new("suppress-forms");
    // above the block, by name, with owner and expiry: covers the statement inside
    d.create(
        "above.tf",
        &format!(
            "# leastpriv:ignore[full-admin-statement,wildcard-action] reason=\"break glass\" owner=security expires=2026-06-30\n{}",
            admin_policy("above")
        ),
    );
    // on the finding's line, `//` and `/* */`
    d.create(
        "line.tf",
        &admin_policy("line").replace(
            "Resource = \"*\" }]",
            "Resource = \"*\" }] // leastpriv:ignore[IAM101] reason=\"ci\" /* leastpriv:ignore[IAM102] reason=x */",
        ),
    );
    d.create(
        "block.tf",
        &admin_policy("block").replace(
            "resource \"aws_iam_policy\" \"block\" {",
            "resource \"aws_iam_policy\" \"block\" { /* leastpriv:ignore[IAM101, IAM102] reason=\"legacy\" ticket=SEC-1 */",
        ),
    );
    // the whole file
    d.create(
        "file.tf",
        &format!(
            "// leastpriv:ignore-file[IAM101] reason=\"sandbox account\"\n\n{}",
            admin_policy("file")
        ),
    );
    let o = leastpriv_env(&d.path, &["scan", ".", "-f", "json"], &[TODAY]);
    let v = json_of(&o);
    // only file.tf's IAM102 is left; suppressed findings never fail the build
    assert_eq!(found(&v["findings"]), vec![triple("IAM102", "file.tf", 7)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(v["summary"]["suppressed"], 7);
    assert_eq!(
        found(&v["suppressed"]),
        vec![
            triple("IAM101", "above.tf", 6),
            triple("IAM102", "above.tf", 6),
            triple("IAM101", "block.tf", 5),
            triple("IAM102", "block.tf", 5),
            triple("IAM101", "file.tf", 7),
            triple("IAM101", "line.tf", 5),
            triple("IAM102", "line.tf", 5),
        ]
    );
    let above = &v["suppressed"][0]["suppression"];
    assert_eq!(
        above,
        &serde_json::json!({"kind": "in_source", "justification": "break glass",
            "owner": "security", "ticket": null, "expires": "2026-06-30",
            "path": "above.tf", "line": 1})
    );
    assert_eq!(v["suppressed"][3]["suppression"]["ticket"], "SEC-1");
    assert!(v["suppressed"][0]["fingerprint"].is_string());

    // everything suppressed: exit 0
    let o = leastpriv_env(&d.path, &["scan", "above.tf", "line.tf"], &[TODAY]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.trim_end()
            .ends_with("0 parse errors; 4 suppressed (not counted)"),
        "{out}"
    );
    assert!(
        !out.contains("IAM101"),
        "listed only with --show-suppressed: {out}"
    );
    let o = leastpriv_env(
        &d.path,
        &["scan", "above.tf", "--show-suppressed"],
        &[TODAY],
    );
    let out = stdout(&o);
    assert!(out.contains("suppressed findings:"), "{out}");
    assert!(
        out.contains("above.tf:6:18: critical[IAM101] full-admin-statement"),
        "{out}"
    );
    assert!(
        out.contains(
            "= suppressed: by the comment at above.tf:1 (reason \"break glass\", owner security, expires 2026-06-30)"
        ),
        "{out}"
    );
}

#[test]
fn exceptions_expire_after_their_last_day() {
    let d = Dir::new("suppress-expiry");
    d.create(
        "main.tf",
        &format!(
            "# leastpriv:ignore[IAM101,IAM102] reason=\"migration\" expires=2026-06-30\n{}",
            admin_policy("m")
        ),
    );
    let scan = |env: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["scan", ".", "-f", "json"];
        args.extend(extra);
        let o = leastpriv_env(&d.path, &args, env);
        (o.status.code(), found(&json_of(&o)["findings"]))
    };
    // on its last day it holds
    assert_eq!(scan(&[TODAY], &[]), (Some(0), vec![]));
    // the day after, the findings come back with the expired exception
    let expired = (
        Some(1),
        vec![
            triple("IAM901", "main.tf", 1),
            triple("IAM101", "main.tf", 6),
            triple("IAM102", "main.tf", 6),
        ],
    );
    assert_eq!(scan(&[("LEASTPRIV_TODAY", "2026-07-01")], &[]), expired);
    // --today wins over the environment
    assert_eq!(scan(&[TODAY], &["--today", "2026-07-01"]), expired);
    let o = leastpriv_env(
        &d.path,
        &["scan", "."],
        &[("LEASTPRIV_TODAY", "2026-07-01")],
    );
    assert!(
        stdout(&o).contains("main.tf:1:1: medium[IAM901] exception-expired exception for IAM101 (full-admin-statement), IAM102 (wildcard-action) expired on 2026-06-30"),
        "{}",
        stdout(&o)
    );
    // policy: a horizon too far ahead makes it incomplete
    assert_eq!(
        scan(
            &[("LEASTPRIV_TODAY", "2026-01-01")],
            &["--exceptions-max-days", "90"]
        )
        .1[0],
        triple("IAM902", "main.tf", 1)
    );
    assert_eq!(
        scan(
            &[("LEASTPRIV_TODAY", "2026-05-01")],
            &["--exceptions-max-days", "90"]
        ),
        (Some(0), vec![])
    );
    // a bad date is a usage error
    for bad in ["2026-02-30", "tomorrow"] {
        let o = leastpriv_env(&d.path, &["scan", "."], &[("LEASTPRIV_TODAY", bad)]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("LEASTPRIV_TODAY"));
    }
}

#[test]
fn incomplete_and_unused_exceptions_are_findings() {
    let d = Dir::new("suppress-problems");
    d.create(
        "main.tf",
        &format!(
            "# leastpriv:ignore[IAM101]\n{}\n# leastpriv:ignore[IAM101] reason=\"stale\"\n{}",
            admin_policy("a"),
            CLEAN
        ),
    );
    d.create(
        "opt.tf",
        "resource \"aws_iam_user\" \"u\" { # leastpriv:ignore[IAM401] reason=none\n  name = \"u\"\n}\n",
    );
    // a document quoting a suppression comment is not an input: nothing from it
    d.create(
        "README.md",
        "# leastpriv:ignore[IAM101] reason=\"an example\"\n",
    );
    let o = leastpriv_env(&d.path, &["scan", ".", "-f", "json"], &[TODAY]);
    assert_eq!(
        found(&json_of(&o)["findings"]),
        vec![
            // no reason: incomplete, and the finding stays
            triple("IAM902", "main.tf", 1),
            triple("IAM101", "main.tf", 6),
            triple("IAM102", "main.tf", 6),
            // above a clean policy: unused
            triple("IAM903", "main.tf", 10),
            triple("IAM903", "opt.tf", 1),
        ]
    );
    // only rules that ran are judged unused
    let o = leastpriv_env(
        &d.path,
        &[
            "scan", "opt.tf", "-f", "json", "--rule", "IAM101", "--rule", "IAM903",
        ],
        &[TODAY],
    );
    assert_eq!(found(&json_of(&o)["findings"]), vec![]);
    // and the exception rules can be turned off like any other
    let o = leastpriv_env(
        &d.path,
        &["scan", ".", "-f", "json", "--skip-rule", "exception-unused"],
        &[TODAY],
    );
    assert_eq!(json_of(&o)["summary"]["findings"], 3);
}

#[test]
fn baseline_round_trip_survives_moves_and_reports_only_new_findings() {
    let d = Dir::new("baseline");
    d.create("iam/admin.tf", &admin_policy("a"));
    d.create("iam/user.tf", "resource \"aws_iam_user_policy_attachment\" \"u\" {\n  user       = \"u\"\n  policy_arn = \"arn:aws:iam::aws:policy/ReadOnlyAccess\"\n}\n");
    let o = leastpriv(&d.path, &["baseline", "iam", "-o", "base.json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("recorded 3 findings in base.json"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.path.join("base.json")).expect("written"))
            .expect("json");
    assert_eq!(base["baseline_version"], 1);
    let rules: Vec<&str> = base["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .collect();
    assert_eq!(rules, ["IAM101", "IAM102", "IAM401"]);

    let scan = |d: &Dir| {
        let o = leastpriv(
            &d.path,
            &["scan", "iam", "--baseline", "base.json", "-f", "json"],
        );
        let v = json_of(&o);
        (
            o.status.code(),
            found(&v["findings"]),
            v["summary"]["baselined"].clone(),
        )
    };
    assert_eq!(scan(&d), (Some(0), vec![], serde_json::json!(3)));
    // lines move and the code is reformatted: still accepted
    d.create(
        "iam/admin.tf",
        &format!(
            "# IAM for the admin team\n\nlocals {{\n  team = \"admin\"\n}}\n\n{}",
            admin_policy("a").replace(
                "[{ Effect = \"Allow\", Action = \"*\", Resource = \"*\" }]",
                "[{\n      Effect   = \"Allow\"\n      Action   = \"*\"\n      Resource = \"*\"\n    }]"
            )
        ),
    );
    assert_eq!(scan(&d), (Some(0), vec![], serde_json::json!(3)));
    // a new admin policy is reported, the accepted ones are not
    d.create("iam/new.tf", &admin_policy("new"));
    let (code, new, baselined) = scan(&d);
    assert_eq!(code, Some(1));
    assert_eq!(
        new,
        vec![
            triple("IAM101", "iam/new.tf", 5),
            triple("IAM102", "iam/new.tf", 5)
        ]
    );
    assert_eq!(baselined, 3);
    let o = leastpriv(&d.path, &["scan", "iam", "--baseline", "base.json"]);
    assert!(
        stdout(&o)
            .trim_end()
            .ends_with("; 3 baselined (not counted)"),
        "{}",
        stdout(&o)
    );
    // a broken or missing baseline is a usage error
    d.create("broken.json", "{\"baseline_version\": 1}");
    for file in ["broken.json", "missing.json"] {
        let o = leastpriv(&d.path, &["scan", "iam", "--baseline", file]);
        assert_eq!(o.status.code(), Some(2), "{file}");
    }
}

#[test]
fn github_annotations_are_escaped_workflow_commands() {
    let d = Dir::new("fmt-github");
    d.create("a,b/main.tf", ADMIN);
    d.create(
        "users.tf",
        "resource \"aws_iam_user_policy_attachment\" \"u\" {\n  user       = \"u\"\n  policy_arn = \"arn:aws:iam::aws:policy/ReadOnlyAccess\"\n}\n",
    );
    d.create(
        "wide.tf",
        &admin_policy("wide").replace(
            "[{ Effect = \"Allow\", Action = \"*\", Resource = \"*\" }]",
            "[{\n      Effect   = \"Allow\"\n      Action   = \"*\"\n      Resource = \"*\"\n    }]",
        ),
    );
    let o = leastpriv(
        &d.path,
        &[
            "scan",
            ".",
            "--format",
            "github",
            "--skip-rule",
            "IAM102",
            "--fail-on",
            "high",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(
        lines[0],
        "::error file=a%2Cb/main.tf,line=5,endLine=5,col=18,endColumn=68,title=IAM101 full-admin-statement (critical)::statement allows every action (`*`) on every resource (`*`): full administrator access (in aws_iam_policy.admin)%0AAllow statement grants every action on every resource (`leastpriv explain IAM101`)"
    );
    // medium is a warning while it does not fail the run
    assert!(
        lines[1].starts_with("::warning file=users.tf,line=2,endLine=2,col=16,endColumn=19,title=IAM401 user-with-direct-policy (medium)::"),
        "{out}"
    );
    // a multi-line span: no columns
    assert!(
        lines[2].starts_with("::error file=wide.tf,line=5,endLine=9,title=IAM101 "),
        "{out}"
    );
    // a finding that fails the run is an error whatever its severity
    let o = leastpriv(
        &d.path,
        &["scan", ".", "--format", "github", "--skip-rule", "IAM102"],
    );
    assert!(
        stdout(&o).contains("::error file=users.tf,line=2,"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn markdown_summary_has_counts_table_and_suppressed_section() {
    let d = Dir::new("fmt-markdown");
    d.create("main.tf", ADMIN);
    d.create(
        "ok.tf",
        &format!(
            "# leastpriv:ignore[IAM101,IAM102] reason=\"a | b\" owner=sec expires=2026-06-30\n{}",
            admin_policy("ok")
        ),
    );
    let o = leastpriv_env(&d.path, &["scan", ".", "--format", "markdown"], &[TODAY]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let expected = "## leastpriv: 2 findings

| Severity | Findings |
|---|---:|
| critical | 1 |
| high | 1 |

| Severity | Rule | Location | Message |
|---|---|---|---|
| **critical** | `IAM101` full-admin-statement | `main.tf:5` | statement allows every action (\\`\\*\\`) on every resource (\\`\\*\\`): full administrator access (in `aws_iam_policy.admin`) |
| **high** | `IAM102` wildcard-action | `main.tf:5` | statement allows every action (\\`Action: \"\\*\"\\`); list the actions the workload needs (in `aws_iam_policy.admin`) |

<details><summary>2 suppressed findings</summary>

| Rule | Location | Reason | Owner | Expires |
|---|---|---|---|---|
| `IAM101` full-admin-statement | `ok.tf:6` | a \\| b | sec | 2026-06-30 |
| `IAM102` wildcard-action | `ok.tf:6` | a \\| b | sec | 2026-06-30 |

</details>

_2 files scanned, 2 IAM entities, 0 parse errors._
";
    assert_eq!(out, expected);
    let o = leastpriv(
        &d.path,
        &["scan", "ok.tf", "-f", "markdown", "--today", "2026-01-01"],
    );
    assert!(
        stdout(&o).starts_with("## leastpriv: no findings\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn junit_is_well_formed_xml_with_a_case_per_finding() {
    let d = Dir::new("fmt-junit");
    d.create("main.tf", &ADMIN.replace("\"admin\"", "\"a<b>&'c'\""));
    d.create(
        "ok.tf",
        &format!(
            "# leastpriv:ignore[IAM101] reason=\"<ok> & fine\"\n{}",
            admin_policy("ok")
        ),
    );
    let o = leastpriv(
        &d.path,
        &[
            "scan", ".", "--format", "junit", "--rule", "IAM101", "--rule", "IAM401",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    // every event parses; collect the elements with their key attributes
    let mut reader = quick_xml::Reader::from_str(&out);
    let mut seen = Vec::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let attr = |key: &str| {
                    e.try_get_attribute(key)
                        .ok()
                        .flatten()
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        })
                        .unwrap_or_default()
                };
                let detail = match name.as_str() {
                    "testsuites" => {
                        format!("{}/{}/{}", attr("tests"), attr("failures"), attr("skipped"))
                    }
                    "testsuite" | "testcase" => attr("name"),
                    "failure" => attr("type"),
                    "skipped" => attr("message"),
                    _ => String::new(),
                };
                seen.push(format!("{name} {detail}"));
            }
            Ok(_) => {}
            Err(e) => panic!("invalid XML at {}: {e}\n{out}", reader.buffer_position()),
        }
    }
    assert_eq!(
        seen,
        [
            "testsuites 3/1/1",
            "testsuite IAM101 full-admin-statement",
            "testcase main.tf:5 aws_iam_policy.a<b>&'c'",
            "failure critical",
            "testcase ok.tf:6 aws_iam_policy.ok",
            "skipped suppressed: <ok> & fine",
            "testsuite IAM401 user-with-direct-policy",
            "testcase user-with-direct-policy",
        ]
    );
}

#[test]
fn sarif_keeps_suppressed_results_and_stays_schema_valid() {
    let d = Dir::new("fmt-sarif-suppress");
    d.create(
        "main.tf",
        &format!(
            "# leastpriv:ignore[IAM101] reason=\"break glass\" owner=security ticket=SEC-1 expires=2026-06-30\n{}",
            admin_policy("a")
        ),
    );
    let o = leastpriv_env(&d.path, &["scan", ".", "--format", "sarif"], &[TODAY]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    crate::sarif_schema::validate_sarif_str(&text);
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let results = v["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ruleId"], "IAM102");
    assert!(results[0].get("suppressions").is_none());
    assert_eq!(results[1]["ruleId"], "IAM101");
    let s = &results[1]["suppressions"][0];
    assert_eq!(s["kind"], "inSource");
    assert_eq!(s["status"], "accepted");
    assert_eq!(s["justification"], "break glass");
    assert_eq!(
        s["properties"],
        serde_json::json!({"owner": "security", "ticket": "SEC-1", "expires": "2026-06-30"})
    );
    assert_eq!(s["location"]["physicalLocation"]["region"]["startLine"], 1);
}

#[test]
fn several_formats_in_one_run_pair_each_output_with_its_format() {
    let d = Dir::new("multi-format");
    d.create("main.tf", ADMIN);
    let o = leastpriv(
        &d.path,
        &[
            "scan", ".", "--format", "sarif", "--output", "a.sarif", "--format", "text",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("critical[IAM101]"), "text on stdout");
    let sarif = std::fs::read_to_string(d.path.join("a.sarif")).expect("sarif written");
    crate::sarif_schema::validate_sarif_str(&sarif);
    let o = leastpriv(
        &d.path,
        &[
            "scan", ".", "-f", "json", "-o", "r.json", "-f", "junit", "-o", "r.xml", "-f",
            "markdown",
        ],
    );
    assert!(stdout(&o).starts_with("## leastpriv: 2 findings"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.path.join("r.json")).expect("json"))
            .expect("valid");
    assert_eq!(json["summary"]["findings"], 2);
    assert!(std::fs::read_to_string(d.path.join("r.xml"))
        .expect("xml")
        .starts_with("<?xml"));
    // one format: the output may come first
    let o = leastpriv(&d.path, &["scan", ".", "-o", "first.json", "-f", "json"]);
    assert!(o.stdout.is_empty());
    assert!(d.path.join("first.json").exists());
    // ambiguous pairings are usage errors
    for args in [
        &["scan", ".", "-f", "json", "-f", "text"][..],
        &["scan", ".", "-o", "x", "-f", "json", "-f", "text"][..],
        &[
            "scan", ".", "-f", "json", "-o", "x", "-o", "y", "-f", "text",
        ][..],
    ] {
        let o = leastpriv(&d.path, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn no_progress_output_when_stderr_is_not_a_terminal() {
    let d = Dir::new("progress");
    for i in 0..30 {
        d.create(&format!("m{i}/main.tf"), &admin_policy(&format!("p{i}")));
    }
    for args in [&["scan", "."][..], &["scan", ".", "--quiet"][..]] {
        let o = leastpriv(&d.path, args);
        assert_eq!(o.status.code(), Some(1));
        assert!(
            o.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn action_scan_of_the_examples_writes_valid_sarif_and_a_summary() {
    // the exact command action.yml runs (scripts/action-scan.sh), as the project's CI runs it
    let root = crate::util::root();
    let d = Dir::new("action-scan");
    let sarif = d.path.join("examples.sarif");
    let summary = d.create("summary.md", "# earlier step\n");
    let run = |fail_on: &str| {
        std::process::Command::new("bash")
            .arg(root.join("scripts/action-scan.sh"))
            .current_dir(&root)
            .env("LEASTPRIV", env!("CARGO_BIN_EXE_leastpriv"))
            .env("LP_PATH", "testdata/examples")
            .env("LP_FAIL_ON", fail_on)
            .env("LP_CATEGORY", "leastpriv-example")
            .env("LP_SARIF", &sarif)
            .env("LP_ANNOTATIONS", "true")
            .env(
                "LP_ARGS",
                "--skip-rule full-admin-statement --skip-rule IAM102",
            )
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("RUNNER_TEMP", &d.path)
            .output()
            .expect("run the action's scan")
    };
    let o = run("never");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(&sarif).expect("SARIF written");
    crate::sarif_schema::validate_sarif_str(&text);
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        v["runs"][0]["automationDetails"]["id"],
        "leastpriv-example/"
    );
    let results = v["runs"][0]["results"].as_array().expect("results");
    assert!(!results.is_empty());
    // the extra arguments reach the scan (the examples do have an IAM101 finding)
    let rules: Vec<&str> = results
        .iter()
        .filter_map(|r| r["ruleId"].as_str())
        .collect();
    assert!(rules.contains(&"IAM104"), "{rules:?}");
    assert!(
        !rules.contains(&"IAM101") && !rules.contains(&"IAM102"),
        "{rules:?}"
    );
    // annotations on stdout, one per result
    let out = stdout(&o);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("::")).count(),
        results.len()
    );
    // the summary is appended to the step summary
    let md = std::fs::read_to_string(&summary).expect("summary");
    assert!(md.starts_with("# earlier step\n## leastpriv: "), "{md}");
    // and the threshold decides the exit code
    assert_eq!(run("high").status.code(), Some(1));
}

#[test]
fn show_unknown_lists_what_was_not_evaluated_in_every_format() {
    let dir = Dir::new("show-unknown");
    dir.create(
        "main.tf",
        r#"variable "policy" {}

resource "aws_iam_policy" "p" {
  name   = "p"
  policy = var.policy
}

module "remote" {
  source = "terraform-aws-modules/iam/aws"
}
"#,
    );
    let run = |format: &str, flag: bool| {
        let mut args = vec!["scan", "--format", format, "."];
        if flag {
            args.push("--show-unknown");
        }
        stdout(&leastpriv(&dir.path, &args))
    };
    // (markdown escapes the backticks of these messages, so match around them)
    let variable = "which has no value here";
    let module = "is not local: its code is not in the scan";
    for format in ["text", "json", "sarif", "github", "markdown"] {
        let with = run(format, true);
        assert!(with.contains(variable), "{format}: {with}");
        assert!(with.contains(module), "{format}: {with}");
        let without = run(format, false);
        assert!(
            !without.contains(variable),
            "{format} without the flag: {without}"
        );
    }
    let text = run("text", true);
    assert!(text.contains("main.tf:5:"), "{text}");
    assert!(text.contains("main.tf:8:"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&run("json", true)).expect("json");
    let notes = json["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["line"], 5);
    assert_eq!(notes[0]["expression"], "var.policy");
    let sarif = run("sarif", true);
    crate::sarif_schema::validate_sarif_str(&sarif);
    // notes are not findings: the exit code stays clean
    let out = leastpriv(&dir.path, &["scan", "--show-unknown", "."]);
    assert_eq!(out.status.code(), Some(0));
}
