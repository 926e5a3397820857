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
