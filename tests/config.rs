//! `.leastpriv.yaml`, the exceptions file, `init` and `config`: every key, errors with
//! their positions, discovery, and what reports show.
// See: issue 8

use std::path::Path;

use serde_json::Value;

use crate::sarif_schema::validate_sarif_str;
use crate::util::{leastpriv, leastpriv_env, root, stdout, Dir};

const KEY_AND_ADMIN: &str = r#"resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
"#;

const TODAY: (&str, &str) = ("LEASTPRIV_TODAY", "2026-03-01");

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `(rule id, path, line)` of every finding of a JSON report.
fn found(o: &std::process::Output) -> Vec<(String, String, u64)> {
    let v: Value = serde_json::from_str(&stdout(o)).expect("json report");
    v["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (
                        f["rule_id"].as_str().unwrap_or("").to_string(),
                        f["path"].as_str().unwrap_or("").to_string(),
                        f["start_line"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn ids(o: &std::process::Output) -> Vec<String> {
    found(o).into_iter().map(|f| f.0).collect()
}

/// A repository: `.git`, the configuration, `infra/main.tf`.
fn repo(name: &str, config: &str) -> Dir {
    let d = Dir::new(name);
    std::fs::create_dir_all(d.path.join(".git")).expect("git dir");
    d.create(".leastpriv.yaml", config);
    d.create("infra/main.tf", KEY_AND_ADMIN);
    d
}

#[test]
fn init_writes_a_default_that_loads_back_and_will_not_overwrite() {
    let d = Dir::new("config-init");
    std::fs::create_dir_all(d.path.join(".git")).expect("git dir");
    d.create("infra/main.tf", KEY_AND_ADMIN);
    let o = leastpriv(&d.path, &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = std::fs::read_to_string(d.path.join(".leastpriv.yaml")).expect("written");
    assert_eq!(written, leastpriv::settings::DEFAULT_FILE);
    // it loads, and a scan with it finds what a scan without it finds
    let with = leastpriv(&d.path, &["scan", "infra", "-f", "json", "-q"]);
    let without = leastpriv(
        &d.path,
        &["scan", "infra", "-f", "json", "-q", "--no-config"],
    );
    assert_eq!(with.status.code(), Some(1), "{}", stderr(&with));
    assert_eq!(ids(&with), ids(&without));
    let shown = leastpriv(&d.path, &["config", "infra"]);
    assert_eq!(shown.status.code(), Some(0), "{}", stderr(&shown));
    assert!(
        stdout(&shown).contains("# file: .leastpriv.yaml"),
        "{}",
        stdout(&shown)
    );
    assert!(stdout(&shown).contains("max_days: 180  # .leastpriv.yaml:"));
    let again = leastpriv(&d.path, &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    d.create(".leastpriv.yaml", "profile: strict\n");
    let forced = leastpriv(&d.path, &["init", "--force"]);
    assert_eq!(forced.status.code(), Some(0));
    let text = std::fs::read_to_string(d.path.join(".leastpriv.yaml")).expect("rewritten");
    assert_eq!(text, leastpriv::settings::DEFAULT_FILE);
}

#[test]
fn the_file_is_found_upward_up_to_the_repository_root() {
    let outer = Dir::new("config-discovery");
    // above the repository: never read (it would be an error)
    outer.create(".leastpriv.yaml", "not_a_key: 1\n");
    std::fs::create_dir_all(outer.path.join("repo/.git")).expect("git dir");
    outer.create("repo/infra/deep/main.tf", KEY_AND_ADMIN);
    let repo = outer.path.join("repo");
    let o = leastpriv(&repo, &["scan", "infra/deep", "-f", "json", "-q"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(ids(&o).contains(&"IAM402".to_string()));
    // in the repository root, found from a path two levels down
    outer.create(
        "repo/.leastpriv.yaml",
        "rules:\n  skip: [access-key-for-user]\n",
    );
    let o = leastpriv(
        &repo.join("infra"),
        &["scan", "deep/main.tf", "-f", "json", "-q"],
    );
    assert!(!ids(&o).contains(&"IAM402".to_string()), "{:?}", ids(&o));
    assert!(ids(&o).contains(&"IAM101".to_string()));
    // a nearer one wins
    outer.create("repo/infra/.leastpriv.yaml", "rules:\n  only: [IAM402]\n");
    let o = leastpriv(&repo, &["scan", "infra/deep", "-f", "json", "-q"]);
    assert_eq!(ids(&o), vec!["IAM402"]);
    // --no-config and --config
    let o = leastpriv(
        &repo,
        &["scan", "infra/deep", "-f", "json", "-q", "--no-config"],
    );
    assert!(ids(&o).contains(&"IAM101".to_string()) && ids(&o).contains(&"IAM402".to_string()));
    let o = leastpriv(
        &repo,
        &[
            "scan",
            "infra/deep",
            "-f",
            "json",
            "-q",
            "--config",
            ".leastpriv.yaml",
        ],
    );
    assert!(!ids(&o).contains(&"IAM402".to_string()));
}

#[test]
fn rules_profile_fail_on_exclude_and_flags_over_the_file() {
    let d = repo(
        "config-rules",
        "rules:\n  skip: [IAM402, access-key-secret-in-state]\n  severity:\n    full-admin-statement: low\n    IAM102: medium\nfail_on: high\nexclude: ['infra/legacy/**']\nprofile: strict\n",
    );
    d.create("infra/legacy/main.tf", KEY_AND_ADMIN);
    let o = leastpriv(&d.path, &["scan", "infra", "-f", "json", "-q"]);
    let got = found(&o);
    assert!(got.iter().all(|f| !f.1.contains("legacy")), "{got:?}");
    assert!(got.iter().all(|f| f.0 != "IAM402"), "{got:?}");
    // strict profile: iam-user-defined runs
    let strict_rule = leastpriv::rules::registry::find("iam-user-defined").map(|r| r.meta().id);
    if let Some(id) = strict_rule {
        assert!(got.iter().any(|f| f.0 == id), "{got:?}");
    }
    // IAM101 is low and IAM102 medium now, nothing high remains: exit 0 under
    // fail_on: high
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let admin = v["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["rule_id"] == "IAM101"))
        .expect("IAM101");
    assert_eq!(admin["severity"], "low");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // flags win: --fail-on, --profile, --rule
    let o = leastpriv(
        &d.path,
        &["scan", "infra", "-f", "json", "-q", "--fail-on", "low"],
    );
    assert_eq!(o.status.code(), Some(1));
    let o = leastpriv(
        &d.path,
        &[
            "scan",
            "infra",
            "-f",
            "json",
            "-q",
            "--rule",
            "IAM402",
            "--fail-on",
            "low",
        ],
    );
    // --rule replaces `only`; the file's skip still applies
    assert!(ids(&o).is_empty(), "{:?}", ids(&o));
    let shown = stdout(&leastpriv(
        &d.path,
        &["config", "infra", "--fail-on", "never"],
    ));
    assert!(shown.contains("fail_on: never  # --fail-on"), "{shown}");
    assert!(
        shown.contains("profile: strict  # .leastpriv.yaml:8"),
        "{shown}"
    );
    assert!(shown.contains("- IAM402  # .leastpriv.yaml:2"), "{shown}");
    assert!(
        shown.contains("full-admin-statement: low  # .leastpriv.yaml:4"),
        "{shown}"
    );
}

#[test]
fn thresholds_and_params_reach_the_rules() {
    let cfg = root().join("testdata/config/lenient.leastpriv.yaml");
    let cfg = cfg.to_str().expect("utf-8 path");
    let run = |rule: &str, fixture: &str, with: bool| {
        let path = format!("testdata/rules/{rule}/{fixture}");
        let mut args = vec!["scan", path.as_str(), "--rule", rule, "-f", "json", "-q"];
        if with {
            args.extend(["--config", cfg]);
        } else {
            args.push("--no-config");
        }
        ids(&leastpriv(&root(), &args))
    };
    for (rule, fixture) in [("IAM305", "fail.tf"), ("IAM205", "fail.tf")] {
        assert!(
            run(rule, fixture, false).contains(&rule.to_string()),
            "{rule}"
        );
        assert!(
            run(rule, fixture, true).is_empty(),
            "{rule} with lenient thresholds"
        );
    }
    // one threshold at a time: 12 characters pass only with min_password_length: 12
    let d = Dir::new("config-password");
    let password = root().join("testdata/config/password.tf");
    let password = password.to_str().expect("utf-8 path");
    let scan = |config: &str| {
        d.create("c.yaml", config);
        ids(&leastpriv(
            &d.path,
            &[
                "scan", password, "--rule", "IAM601", "-f", "json", "-q", "--config", "c.yaml",
            ],
        ))
    };
    assert_eq!(scan("thresholds: {}\n"), vec!["IAM601"]);
    assert!(scan("thresholds:\n  min_password_length: 12\n").is_empty());
    // params are rule pack parameters; the command line wins
    let role = root().join("testdata/rules/IAM205/fail.tf");
    let role = role.to_str().expect("utf-8 path");
    d.create("p.yaml", "params:\n  max_session_seconds: 50000\n");
    let o = leastpriv(
        &d.path,
        &[
            "scan", role, "--rule", "IAM205", "-f", "json", "-q", "--config", "p.yaml",
        ],
    );
    assert!(ids(&o).is_empty(), "{}", stderr(&o));
    let o = leastpriv(
        &d.path,
        &[
            "scan",
            role,
            "--rule",
            "IAM205",
            "-f",
            "json",
            "-q",
            "--config",
            "p.yaml",
            "--rulepack-param",
            "max_session_seconds=3600",
        ],
    );
    assert_eq!(ids(&o).len(), 2, "{}", stderr(&o));
}

#[test]
fn severity_overrides_show_in_sarif_and_stay_schema_valid() {
    let cfg = root().join("testdata/config/lenient.leastpriv.yaml");
    let o = leastpriv(
        &root(),
        &[
            "scan",
            "testdata/rules/IAM402/fail.tf",
            "--rule",
            "IAM402",
            "-f",
            "sarif",
            "-q",
            "--config",
            cfg.to_str().expect("utf-8"),
        ],
    );
    // fail_on: high, and IAM402 is critical now
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    validate_sarif_str(&text);
    let v: Value = serde_json::from_str(&text).expect("sarif");
    let rule = &v["runs"][0]["tool"]["driver"]["rules"][0];
    assert_eq!(rule["id"], "IAM402");
    assert_eq!(rule["properties"]["security-severity"], "9.5");
    assert_eq!(v["runs"][0]["results"][0]["level"], "error");
    assert_eq!(
        v["runs"][0]["results"][0]["properties"]["severity"],
        "critical"
    );
}

const EXCEPTIONS: &str = "\
- rule: access-key-for-user
  target: aws_iam_access_key.ci*
  path: infra/**
  owner: platform-team
  reason: CI signs with a key until the OIDC move
  ticket: SEC-142
  expires: 2026-06-30
- rule: IAM402
  target: aws_iam_access_key.gone
  owner: platform-team
  reason: the key was removed
  expires: 2026-06-30
- rule: full-admin-statement
  target: aws_iam_policy.admin
  reason: nobody owns this one
  expires: 2026-06-30
- rule: IAM101
  target: aws_iam_policy.admin
  owner: security
  reason: break-glass
  expires: 2026-01-31
- rule: IAM101
  target: aws_iam_policy.*
  owner: security
  reason: a year is too long
  expires: 2027-12-31
";

#[test]
fn exceptions_file_entries_suppress_and_are_reported_at_their_lines() {
    let d = repo("config-exceptions", "exceptions:\n  max_days: 365\n");
    d.create("leastpriv-exceptions.yaml", EXCEPTIONS);
    let o = leastpriv_env(&d.path, &["scan", "infra", "-f", "json", "-q"], &[TODAY]);
    let got = found(&o);
    let ex = "leastpriv-exceptions.yaml".to_string();
    for want in [
        ("IAM903".to_string(), ex.clone(), 8),
        ("IAM902".to_string(), ex.clone(), 13),
        ("IAM901".to_string(), ex.clone(), 17),
        ("IAM902".to_string(), ex.clone(), 22),
        ("IAM101".to_string(), "infra/main.tf".to_string(), 13),
    ] {
        assert!(got.contains(&want), "{want:?} in {got:?}");
    }
    assert!(!got.iter().any(|f| f.0 == "IAM402"), "{got:?}");
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let msgs: Vec<&str> = v["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(msgs.iter().any(|m| m.contains("has no owner")), "{msgs:?}");
    assert!(
        msgs.iter().any(|m| m.contains("more than 365 days")),
        "{msgs:?}"
    );
    let kept = &v["suppressed"][0];
    assert_eq!(kept["rule_id"], "IAM402");
    assert_eq!(kept["suppression"]["kind"], "external");
    assert_eq!(kept["suppression"]["owner"], "platform-team");
    assert_eq!(kept["suppression"]["path"], "leastpriv-exceptions.yaml");
    assert_eq!(kept["suppression"]["line"], 1);
    // SARIF: the suppression is external, with owner, ticket and expiry
    let o = leastpriv_env(&d.path, &["scan", "infra", "-f", "sarif", "-q"], &[TODAY]);
    let text = stdout(&o);
    validate_sarif_str(&text);
    let v: Value = serde_json::from_str(&text).expect("sarif");
    let results = v["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let suppressed = results
        .iter()
        .find(|r| r["ruleId"] == "IAM402")
        .expect("suppressed IAM402 kept");
    let s = &suppressed["suppressions"][0];
    assert_eq!(s["kind"], "external");
    assert_eq!(
        s["justification"],
        "CI signs with a key until the OIDC move"
    );
    assert_eq!(s["properties"]["owner"], "platform-team");
    assert_eq!(s["properties"]["ticket"], "SEC-142");
    assert_eq!(s["properties"]["expires"], "2026-06-30");
    assert_eq!(
        s["location"]["physicalLocation"]["artifactLocation"]["uri"],
        "leastpriv-exceptions.yaml"
    );
    assert_eq!(s["location"]["physicalLocation"]["region"]["startLine"], 1);
    // a path glob that does not match: the entry is unused
    d.create(
        "leastpriv-exceptions.yaml",
        &EXCEPTIONS.replace("path: infra/**", "path: other/**"),
    );
    let o = leastpriv_env(&d.path, &["scan", "infra", "-f", "json", "-q"], &[TODAY]);
    assert!(
        found(&o).contains(&("IAM903".into(), ex.clone(), 1)),
        "{:?}",
        found(&o)
    );
    // require_expiry from the file, and --exceptions naming another file
    d.create(
        "other.yaml",
        "- rule: IAM101\n  target: '*'\n  owner: a\n  reason: b\n",
    );
    let o = leastpriv_env(
        &d.path,
        &[
            "scan",
            "infra",
            "-f",
            "json",
            "-q",
            "--exceptions",
            "other.yaml",
            "--exceptions-require-expiry",
        ],
        &[TODAY],
    );
    assert!(
        found(&o).contains(&("IAM902".into(), "other.yaml".into(), 1)),
        "{:?}",
        found(&o)
    );
}

#[test]
fn exceptions_file_errors_stop_with_a_position() {
    let d = repo("config-exceptions-errors", "exceptions:\n  file: ex.yaml\n");
    let o = leastpriv(&d.path, &["scan", "infra", "-q"]);
    assert_eq!(o.status.code(), Some(2), "a named file must exist");
    assert!(stderr(&o).contains("ex.yaml"), "{}", stderr(&o));
    d.create("ex.yaml", "rule: IAM101\n");
    let o = leastpriv(&d.path, &["scan", "infra", "-q"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("ex.yaml:1:1: an exceptions file is a list"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn configuration_errors_name_file_line_and_column() {
    let cases: &[(&str, &str)] = &[
        (
            "rulez:\n  skip: []\n",
            ".leastpriv.yaml:1:1: unknown key `rulez` in the configuration (did you mean `rules`?)",
        ),
        (
            "rules:\n  skip: [IAM999x]\n",
            ".leastpriv.yaml:2:10: no rule with id or name `IAM999x`",
        ),
        (
            "rules:\n  severity:\n    wildcard-actions: high\n",
            "did you mean `wildcard-action`?",
        ),
        (
            "thresholds:\n  max_admins: -1\n",
            ".leastpriv.yaml:2:15: `thresholds.max_admins` must be a whole number",
        ),
        ("exceptions:\n  max_days: 0\n", ".leastpriv.yaml:2:13:"),
        (
            "fail_on: hihg\n",
            ".leastpriv.yaml:1:10: `fail_on` `hihg` is not one of",
        ),
        ("profile: [strict]\n", ".leastpriv.yaml:1:10:"),
        (
            "rules:\n  only: IAM101\n  only: IAM102\n",
            ".leastpriv.yaml:3:3:",
        ),
        (
            "params:\n  nope: 1\n",
            ".leastpriv.yaml:2: `nope`: no pack declares a parameter",
        ),
    ];
    for (text, want) in cases {
        let d = repo("config-errors", text);
        let o = leastpriv(&d.path, &["scan", "infra", "-q"]);
        assert_eq!(o.status.code(), Some(2), "{text:?}");
        assert!(stderr(&o).contains(want), "{text:?}: {}", stderr(&o));
        let o = leastpriv(&d.path, &["config", "infra"]);
        assert_eq!(o.status.code(), Some(2), "{text:?}");
    }
    let d = Dir::new("config-missing");
    let o = leastpriv(&d.path, &["scan", ".", "--config", "nope.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(Path::new(&d.path).exists());
}

#[test]
fn baseline_and_rulepacks_paths_are_relative_to_the_file() {
    let d = repo(
        "config-paths",
        "baseline: ci/leastpriv-baseline.json\nrulepacks: [packs]\n",
    );
    std::fs::create_dir_all(d.path.join("ci")).expect("ci dir");
    std::fs::create_dir_all(d.path.join("packs")).expect("packs dir");
    let o = leastpriv(
        &d.path,
        &[
            "baseline",
            "infra",
            "-o",
            "ci/leastpriv-baseline.json",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // found from the repository root, where the baseline was recorded (its
    // fingerprints hold the paths as reported)
    let o = leastpriv(&d.path, &["scan", "infra", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("3 baselined") || stdout(&o).contains("no findings"),
        "{}",
        stdout(&o)
    );
    let shown = stdout(&leastpriv(&d.path, &["config", "infra"]));
    assert!(
        shown.contains("baseline: ci/leastpriv-baseline.json  # .leastpriv.yaml:1"),
        "{shown}"
    );
    assert!(shown.contains("- packs  # .leastpriv.yaml:2"), "{shown}");
}

#[test]
fn cloudformation_metadata_exceptions_are_in_source_in_json_and_yaml() {
    for fixture in ["pass_cfn.yaml", "pass_cfn.json"] {
        let path = format!("testdata/rules/IAM902/{fixture}");
        let o = leastpriv(
            &root(),
            &[
                "scan",
                &path,
                "--no-config",
                "-f",
                "sarif",
                "-q",
                "--rule",
                "IAM402",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{fixture}: {}", stderr(&o));
        let text = stdout(&o);
        validate_sarif_str(&text);
        let v: Value = serde_json::from_str(&text).expect("sarif");
        let result = &v["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "IAM402", "{fixture}");
        let s = &result["suppressions"][0];
        assert_eq!(s["kind"], "inSource", "{fixture}");
        assert_eq!(s["justification"], "rotated nightly", "{fixture}");
        assert_eq!(
            s["location"]["physicalLocation"]["artifactLocation"]["uri"],
            path.as_str()
        );
    }
}
