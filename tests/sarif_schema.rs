//! SARIF output checked against the official SARIF 2.1.0 schema and against what GitHub
//! code scanning needs beyond the schema.
//!
//! The schema (OASIS errata01, draft-04) is not committed: `scripts/fetch-sarif-schema.sh`
//! puts it in `target/sarif-schema/sarif-2.1.0.json`, or `LEASTPRIV_SARIF_SCHEMA` names
//! another copy. Without it the schema part is skipped with a notice, except in CI (`CI`
//! set), where a missing schema fails the test. The GitHub checks always run.
//!
//! Other tests reuse [`validate_sarif_file`] / [`validate_sarif_str`] on logs the CLI wrote.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use jsonschema::Validator;
use serde_json::{json, Value};

use leastpriv::engine::{scan, ScanOptions};
use leastpriv::model::{Inventory, ParseError};
use leastpriv::report::sarif::Sarif;
use leastpriv::report::{Finding, Report, Reporter, Stats};
use leastpriv::rules::{registry, Precision, RuleMeta, Severity};
use leastpriv::source::{SourceMap, Span};

/// Where the schema is read from: `LEASTPRIV_SARIF_SCHEMA`, else
/// `target/sarif-schema/sarif-2.1.0.json` in the repository.
pub fn schema_path() -> PathBuf {
    match std::env::var_os("LEASTPRIV_SARIF_SCHEMA") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sarif-schema/sarif-2.1.0.json"),
    }
}

/// The compiled schema, or `None` (after a notice) when it is missing outside CI.
fn validator() -> Option<&'static Validator> {
    static VALIDATOR: OnceLock<Option<Validator>> = OnceLock::new();
    VALIDATOR
        .get_or_init(|| {
            let path = schema_path();
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
                    assert!(
                        !in_ci,
                        "SARIF schema missing at {} ({e}): run scripts/fetch-sarif-schema.sh first",
                        path.display()
                    );
                    eprintln!(
                        "notice: SARIF schema not found at {}; skipping schema validation \
                         (run scripts/fetch-sarif-schema.sh)",
                        path.display()
                    );
                    return None;
                }
            };
            let schema: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
            let validator = jsonschema::draft4::options()
                .should_validate_formats(true)
                .build(&schema)
                .unwrap_or_else(|e| panic!("cannot compile {}: {e}", path.display()));
            Some(validator)
        })
        .as_ref()
}

/// Every schema violation of a log (`instance path: message`), or `None` when the schema
/// is not available.
pub fn schema_errors(log: &Value) -> Option<Vec<String>> {
    let v = validator()?;
    Some(
        v.iter_errors(log)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect(),
    )
}

/// What GitHub code scanning needs beyond the schema; one message per problem.
pub fn github_problems(log: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            problems.push(what);
        }
    };
    check(log["version"] == "2.1.0", "version is not 2.1.0".into());
    let Some(runs) = log["runs"].as_array() else {
        return vec!["no runs".into()];
    };
    check(runs.len() == 1, format!("{} runs, expected 1", runs.len()));
    for (r, run) in runs.iter().enumerate() {
        let at = format!("runs[{r}]");
        check(
            run["columnKind"] == "utf16CodeUnits",
            format!("{at}.columnKind is not utf16CodeUnits"),
        );
        check(
            run["automationDetails"]["id"]
                .as_str()
                .is_some_and(|s| !s.is_empty()),
            format!("{at}.automationDetails.id missing"),
        );
        let empty = Vec::new();
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap_or(&empty);
        let mut ids = std::collections::HashSet::new();
        for (i, rule) in rules.iter().enumerate() {
            let at = format!("{at}.tool.driver.rules[{i}]");
            let id = rule["id"].as_str().unwrap_or("");
            check(!id.is_empty(), format!("{at}.id missing"));
            check(ids.insert(id.to_string()), format!("{at}.id {id} repeated"));
            let sev = rule["properties"]["security-severity"]
                .as_str()
                .and_then(|s| s.parse::<f64>().ok());
            check(
                sev.is_some_and(|s| (0.0..=10.0).contains(&s)),
                format!("{at}.properties.security-severity missing or not a 0.0-10.0 string"),
            );
            let tags = rule["properties"]["tags"].as_array();
            check(
                tags.is_some_and(|t| t.iter().any(|t| t == "security")),
                format!("{at}.properties.tags lacks \"security\""),
            );
            for key in ["shortDescription", "fullDescription", "help"] {
                check(
                    rule[key]["text"].as_str().is_some_and(|s| !s.is_empty()),
                    format!("{at}.{key}.text missing"),
                );
            }
        }
        let bases = &run["originalUriBaseIds"];
        let results = run["results"].as_array().unwrap_or(&empty);
        for (i, res) in results.iter().enumerate() {
            let at = format!("{at}.results[{i}]");
            let rule_id = res["ruleId"].as_str().unwrap_or("");
            let index = res["ruleIndex"].as_u64().map(|n| n as usize);
            check(
                index
                    .and_then(|n| rules.get(n))
                    .is_some_and(|rule| rule["id"] == rule_id),
                format!("{at}.ruleIndex does not point to rule {rule_id}"),
            );
            check(
                res["message"]["text"]
                    .as_str()
                    .is_some_and(|s| !s.is_empty()),
                format!("{at}.message.text missing"),
            );
            check(
                res["partialFingerprints"]["leastpriv/v1"]
                    .as_str()
                    .is_some_and(|s| !s.is_empty()),
                format!("{at}.partialFingerprints[leastpriv/v1] missing"),
            );
            check(
                res["partialFingerprints"]
                    .get("primaryLocationLineHash")
                    .is_none(),
                format!("{at}.partialFingerprints sets the reserved primaryLocationLineHash"),
            );
            let locations = res["locations"].as_array().unwrap_or(&empty);
            check(!locations.is_empty(), format!("{at}.locations empty"));
            for (j, loc) in locations.iter().enumerate() {
                problems_of_physical(
                    &loc["physicalLocation"],
                    bases,
                    &format!("{at}.locations[{j}]"),
                    &mut check,
                );
            }
        }
        let notes = run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap_or(&empty);
        for (i, note) in notes.iter().enumerate() {
            let at = format!("{at}.invocations[0].toolExecutionNotifications[{i}]");
            for (j, loc) in note["locations"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .enumerate()
            {
                problems_of_physical(
                    &loc["physicalLocation"],
                    bases,
                    &format!("{at}.locations[{j}]"),
                    &mut check,
                );
            }
        }
    }
    problems
}

fn problems_of_physical(
    phys: &Value,
    bases: &Value,
    at: &str,
    check: &mut impl FnMut(bool, String),
) {
    let art = &phys["artifactLocation"];
    let uri = art["uri"].as_str().unwrap_or("");
    check(
        !uri.is_empty(),
        format!("{at} artifactLocation.uri missing"),
    );
    check(
        uri.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~/%:!$&'()*+,;=@".contains(&b)),
        format!("{at} artifactLocation.uri {uri:?} is not percent-encoded"),
    );
    match art["uriBaseId"].as_str() {
        Some(base) => check(
            bases[base]["uri"]
                .as_str()
                .is_some_and(|u| u.starts_with("file:///") && u.ends_with('/')),
            format!(
                "{at} uriBaseId {base} is not declared in originalUriBaseIds as a file:///…/ URI"
            ),
        ),
        None => check(
            uri.starts_with("file:///"),
            format!("{at} relative uri {uri:?} without uriBaseId"),
        ),
    }
    let region = &phys["region"];
    let n = |k: &str| region[k].as_u64().unwrap_or(0);
    let (sl, sc, el, ec) = (
        n("startLine"),
        n("startColumn"),
        n("endLine"),
        n("endColumn"),
    );
    check(sl >= 1 && sc >= 1, format!("{at} region starts before 1:1"));
    check(
        el > sl || (el == sl && ec > sc),
        format!("{at} region {sl}:{sc}-{el}:{ec} is empty or inverted"),
    );
}

/// Checks a SARIF log: the schema (when available) and [`github_problems`]. Panics with
/// every problem found. Returns `false` when the schema part was skipped.
pub fn validate_sarif(log: &Value) -> bool {
    let mut problems = github_problems(log);
    let schema = schema_errors(log);
    let validated = schema.is_some();
    problems.extend(schema.into_iter().flatten().map(|e| format!("schema: {e}")));
    assert!(
        problems.is_empty(),
        "invalid SARIF:\n  {}\n--- log ---\n{}",
        problems.join("\n  "),
        serde_json::to_string_pretty(log).unwrap_or_default()
    );
    validated
}

/// [`validate_sarif`] on SARIF text.
pub fn validate_sarif_str(text: &str) -> bool {
    let log: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("SARIF is not JSON: {e}\n{text}"));
    validate_sarif(&log)
}

/// [`validate_sarif`] on a SARIF file, e.g. one written by `leastpriv scan --format sarif`.
pub fn validate_sarif_file(path: &Path) -> bool {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    validate_sarif_str(&text)
}

fn render(report: &Report) -> String {
    let mut out = Vec::new();
    Sarif::default()
        .write(report, &mut out)
        .expect("write SARIF");
    String::from_utf8(out).expect("SARIF is UTF-8")
}

/// A fresh directory under Cargo's temporary directory for integration tests.
fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "sarif_schema-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

static MEDIUM: RuleMeta = RuleMeta {
    id: "TEST501",
    name: "test-medium",
    severity: Severity::Medium,
    precision: Precision::Medium,
    tags: &["test"],
    summary: "A medium test rule",
    docs:
        " ## What it does\n Flags things for the SARIF test.\n\n ## Why is this bad?\n It is not.\n",
    source: file!(),
};

static LOW: RuleMeta = RuleMeta {
    id: "TEST502",
    name: "test-low",
    severity: Severity::Low,
    precision: Precision::Low,
    tags: &[],
    summary: "A low test rule",
    docs: "",
    source: file!(),
};

static INFO: RuleMeta = RuleMeta {
    id: "TEST503",
    name: "test-info",
    severity: Severity::Info,
    precision: Precision::High,
    tags: &["security"],
    summary: "An informational test rule",
    docs: " ## What it does\n Informs.\n",
    source: file!(),
};

/// A report with every part of the SARIF filled, independent of the parsers.
fn synthetic_report() -> Report {
    let admin = &leastpriv::rules::builtin::FullAdminStatement::META;
    let mut sources = SourceMap::default();
    let main = "resource \"aws_iam_policy\" \"ops\" {\n  policy = \"*\"\n}\n";
    let spaced = "# \u{1F600} emoji first\nresource \"aws_iam_role\" \"r\" {}\n";
    let a = sources.add("infra/main.tf".into(), "infra/main.tf".into(), main.into());
    let b = sources.add(
        "infra/with space/ü.tf".into(),
        "infra/with space/ü.tf".into(),
        spaced.into(),
    );
    let c = sources.add(
        "broken.tf".into(),
        "broken.tf".into(),
        "resource {\n".into(),
    );
    let finding = |rule: &'static RuleMeta, span: Span, address: &str, fp: &str| Finding {
        rule,
        span,
        address: address.into(),
        message: format!("{} fired", rule.name),
        related: Vec::new(),
        steps: Vec::new(),
        fingerprint: fp.into(),
    };
    let role_start = spaced.find("resource").unwrap();
    let findings = vec![
        // the whole block, ending with a newline
        finding(
            admin,
            Span::new(a, 0, main.len()),
            "aws_iam_policy.ops",
            "1111111111111111:1",
        ),
        // an empty span
        finding(
            &MEDIUM,
            Span::new(a, 36, 36),
            "aws_iam_policy.ops",
            "2222222222222222:1",
        ),
        // no address
        finding(&LOW, Span::new(a, 47, 50), "", "3333333333333333:1"),
        // a path with a space and a non-ASCII name, after a non-BMP character
        finding(
            &INFO,
            Span::new(b, role_start, spaced.len() - 1),
            "aws_iam_role.r",
            "4444444444444444:1",
        ),
        finding(
            &INFO,
            Span::new(b, 2, 6),
            "aws_iam_role.r",
            "4444444444444444:2",
        ),
    ];
    let mut inventory = Inventory::default();
    inventory.parse_errors.push(ParseError {
        span: Span::new(c, 9, 10),
        message: "expected a block label".into(),
    });
    let stats = Stats {
        files_scanned: 3,
        parse_errors: 1,
        ..Stats::default()
    };
    Report::new(
        sources,
        findings,
        vec![admin, &MEDIUM, &LOW, &INFO],
        stats,
        inventory,
    )
}

#[test]
fn synthetic_report_is_valid_sarif() {
    let text = render(&synthetic_report());
    validate_sarif_str(&text);
    let log: Value = serde_json::from_str(&text).unwrap();
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    let levels: Vec<&str> = results
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["error", "warning", "note", "note", "note"]);
    // every part of the log is exercised
    assert!(
        results[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
            == "aws_iam_policy.ops"
    );
    assert!(results[2]["locations"][0].get("logicalLocations").is_none());
    assert_eq!(
        results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "infra/with%20space/%C3%BC.tf"
    );
    // column 3: the emoji counts as two UTF-16 code units
    assert_eq!(
        results[4]["locations"][0]["physicalLocation"]["region"],
        json!({"startLine": 1, "startColumn": 3, "endLine": 1, "endColumn": 5})
    );
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(
        inv["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["region"]
            ["startColumn"],
        10
    );
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 4);
    for rule in rules {
        let tags = rule["properties"]["tags"].as_array().unwrap();
        assert_eq!(tags.iter().filter(|t| *t == "security").count(), 1);
    }
}

#[test]
fn empty_report_is_valid_sarif() {
    let report = Report::new(
        SourceMap::default(),
        Vec::new(),
        Vec::new(),
        Stats::default(),
        Inventory::default(),
    );
    let text = render(&report);
    validate_sarif_str(&text);
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
    assert_eq!(log["runs"][0]["results"], json!([]));
}

#[test]
fn engine_report_is_valid_sarif() {
    let dir = temp_dir("engine");
    let key = format!("AKIA{}", "Q3ZTJ7K2LXM4NPRB");
    std::fs::write(
        dir.join("main.tf"),
        r#"resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]
}
EOF
}
"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("with space.tf"),
        format!(
            "resource \"aws_iam_user\" \"ci\" {{\n  name = \"ci\"\n}}\n\n\
             resource \"aws_iam_access_key\" \"ci\" {{\n  user = aws_iam_user.ci.name\n}}\n\n\
             provider \"aws\" {{\n  access_key = \"{key}\"\n}}\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.join("broken.tf"), "resource \"aws_iam_role\" {\n").unwrap();
    let opts = ScanOptions {
        paths: vec![dir.clone()],
        ..ScanOptions::default()
    };
    let report = scan(&opts, &registry::all()).expect("scan");
    let text = render(&report);
    validate_sarif_str(&text);
    assert!(!text.contains(&key), "SARIF must not quote a credential");
    let log: Value = serde_json::from_str(&text).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), registry::all().len());
    assert_eq!(text, render(&report), "SARIF output is not deterministic");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The validator is not vacuous: broken logs are rejected.
#[test]
fn broken_logs_are_rejected() {
    let good: Value = serde_json::from_str(&render(&synthetic_report())).unwrap();

    let mut bad_index = good.clone();
    bad_index["runs"][0]["results"][0]["ruleIndex"] = json!(1);
    assert!(github_problems(&bad_index)
        .iter()
        .any(|p| p.contains("ruleIndex")));

    let mut no_security = good.clone();
    no_security["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["tags"] = json!(["x"]);
    assert!(!github_problems(&no_security).is_empty());

    let mut spaced = good.clone();
    spaced["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"] = json!("a b.tf");
    assert!(!github_problems(&spaced).is_empty());

    let mut broken = good.clone();
    broken["runs"][0]["results"][0]["level"] = json!("critical");
    broken["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        json!(0);
    broken["runs"][0]["results"][2]
        .as_object_mut()
        .unwrap()
        .remove("message");
    let Some(errors) = schema_errors(&broken) else {
        return; // schema unavailable outside CI: noticed in validator()
    };
    assert_eq!(schema_errors(&good), Some(Vec::new()));
    let all = errors.join("\n");
    assert!(errors.len() >= 3, "expected 3 schema errors, got:\n{all}");
    assert!(all.contains("/runs/0/results/0/level"), "{all}");
    assert!(
        all.contains("/runs/0/results/1/locations/0/physicalLocation/region/startLine"),
        "{all}"
    );
    assert!(all.contains("/runs/0/results/2"), "{all}");
}

#[test]
fn reuse_helper_reads_files() {
    let dir = temp_dir("file");
    let path = dir.join("log.sarif");
    std::fs::write(&path, render(&synthetic_report())).unwrap();
    validate_sarif_file(&path);
    let _ = std::fs::remove_dir_all(&dir);
}
