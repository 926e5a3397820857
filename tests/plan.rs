//! Terraform plans: actions, `--changes-only`, findings mapped to `.tf` sources, and
//! plan files that are not valid. See: issue 4.

use leastpriv::engine::{scan, ScanOptions};
use leastpriv::rules::registry;

use crate::util::{leastpriv, root, stdout, Dir};

/// (rule, path, line, address) of every finding of a scan with every rule.
fn findings(opts: ScanOptions) -> Vec<(String, String, usize, String)> {
    // the rules a scan runs by default (the baseline profile leaves out iam-user-defined)
    let mut rules = registry::all();
    rules.retain(|r| leastpriv::rules::profile::Profile::Baseline.runs(r.meta().name));
    let report = scan(&opts, &rules).expect("scan");
    assert!(!report.has_parse_errors(), "fixture does not parse");
    report
        .findings
        .iter()
        .map(|f| {
            let loc = report.locate(f.span);
            (
                f.rule.id.to_string(),
                loc.path.to_string(),
                loc.start_line,
                f.address.clone(),
            )
        })
        .collect()
}

fn opts(paths: &[&str]) -> ScanOptions {
    ScanOptions {
        paths: paths.iter().map(Into::into).collect(),
        ..Default::default()
    }
}

fn row(rule: &str, path: &str, line: usize, address: &str) -> (String, String, usize, String) {
    (rule.into(), path.into(), line, address.into())
}

const CHANGES: &str = "testdata/plan/changes.json";

#[test]
fn every_change_but_a_delete_is_scanned() {
    let got = findings(opts(&[CHANGES]));
    assert_eq!(
        got,
        vec![
            // created
            row("IAM101", CHANGES, 22, "aws_iam_policy.new"),
            row("IAM102", CHANGES, 22, "aws_iam_policy.new"),
            // updated: widened, and unchanged in what it grants
            row("IAM105", CHANGES, 41, "aws_iam_policy.widened"),
            row("IAM107", CHANGES, 41, "aws_iam_policy.widened"),
            row("IAM310", CHANGES, 41, "aws_iam_policy.widened"),
            row("IAM105", CHANGES, 62, "aws_iam_policy.same"),
            // replaced (`aws_iam_policy.gone` is being deleted, and the deposed old
            // object of `aws_iam_policy.new` destroyed: nothing)
            row("IAM201", CHANGES, 97, "aws_iam_role.swapped"),
            // no-op: scanned as it is
            row("IAM105", CHANGES, 116, "aws_iam_policy.untouched"),
            row("IAM107", CHANGES, 116, "aws_iam_policy.untouched"),
            row("IAM309", CHANGES, 116, "aws_iam_policy.untouched"),
            // attached to a role whose name only apply knows, linked through
            // `configuration` (`aws_iam_role_policy.later` has an unknown policy: nothing)
            row(
                "IAM104",
                CHANGES,
                148,
                "aws_iam_role_policy_attachment.deployer_admin"
            ),
        ]
    );
}

#[test]
fn changes_only_keeps_what_the_plan_introduces_or_widens() {
    let got = findings(ScanOptions {
        changes_only: true,
        ..opts(&[CHANGES])
    });
    assert_eq!(
        got,
        vec![
            row("IAM101", CHANGES, 22, "aws_iam_policy.new"),
            row("IAM102", CHANGES, 22, "aws_iam_policy.new"),
            // `s3:GetObject` before, `s3:*` after: new; `aws_iam_policy.same` had
            // `iam:*` before already: dropped, as is the no-op `aws_iam_policy.untouched`
            row("IAM105", CHANGES, 41, "aws_iam_policy.widened"),
            row("IAM201", CHANGES, 97, "aws_iam_role.swapped"),
            row(
                "IAM104",
                CHANGES,
                148,
                "aws_iam_role_policy_attachment.deployer_admin"
            ),
        ]
    );
}

#[test]
fn unknown_after_apply_values_stay_unknown() {
    let out = leastpriv(&root(), &["inventory", "--format", "json", CHANGES]);
    let inv: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let entity = |list: &str, address: &str| {
        inv[list]
            .as_array()
            .expect("list")
            .iter()
            .find(|e| e["origin"]["address"] == address)
            .cloned()
            .expect("entity")
    };
    // the policy of `aws_iam_role_policy.later` is the reference it is built from, and
    // the role it belongs to is linked by address
    let later = entity("policies", "aws_iam_role_policy.later");
    assert_eq!(
        later["document"],
        serde_json::json!({"state": "unknown", "expr": "aws_s3_bucket.logs.arn"})
    );
    assert_eq!(later["kind"]["principal"]["resolved"], 1);
    // a generated name keeps its known prefix
    let deployer = entity("roles", "aws_iam_role.deployer");
    assert_eq!(
        deployer["name"],
        serde_json::json!({"partial": "deploy-${<generated>}"})
    );
}

const MODULE_PLAN: &str = "testdata/plan/module_plan.json";
const SOURCES: &str = "testdata/plan/sources";

#[test]
fn plan_findings_point_at_the_plan_without_sources() {
    assert_eq!(
        findings(opts(&[MODULE_PLAN])),
        vec![
            // `bot` has `*` on `*` inline and no MFA condition
            row("IAM304", MODULE_PLAN, 32, "aws_iam_user.bot"),
            row("IAM401", MODULE_PLAN, 54, "aws_iam_user_policy.bot"),
            row("IAM101", MODULE_PLAN, 55, "aws_iam_user_policy.bot"),
            row("IAM102", MODULE_PLAN, 55, "aws_iam_user_policy.bot"),
            // two statements on the plan's one line: `s3:GetObject` and `iam:*` on `*`
            row("IAM107", MODULE_PLAN, 71, "module.ci.aws_iam_policy.deploy"),
            row("IAM310", MODULE_PLAN, 71, "module.ci.aws_iam_policy.deploy"),
            row("IAM105", MODULE_PLAN, 71, "module.ci.aws_iam_policy.deploy"),
            row("IAM107", MODULE_PLAN, 71, "module.ci.aws_iam_policy.deploy"),
            row("IAM301", MODULE_PLAN, 71, "module.ci.aws_iam_policy.deploy"),
            row("IAM309", MODULE_PLAN, 71, "module.ci.aws_iam_policy.deploy"),
        ]
    );
}

#[test]
fn plan_findings_point_at_their_sources_once() {
    let main = "testdata/plan/sources/main.tf";
    let ci = "testdata/plan/sources/modules/ci/main.tf";
    let got = findings(ScanOptions {
        plan_sources: vec![SOURCES.into()],
        ..opts(&[MODULE_PLAN])
    });
    // the statement in the root's `jsonencode`, the second statement of the child
    // module's heredoc; addresses stay the plan's
    assert_eq!(
        got,
        vec![
            row("IAM304", main, 5, "aws_iam_user.bot"),
            row("IAM401", main, 11, "aws_iam_user_policy.bot"),
            row("IAM101", main, 14, "aws_iam_user_policy.bot"),
            row("IAM102", main, 14, "aws_iam_user_policy.bot"),
            row("IAM107", ci, 7, "module.ci.aws_iam_policy.deploy"),
            row("IAM310", ci, 7, "module.ci.aws_iam_policy.deploy"),
            row("IAM105", ci, 13, "module.ci.aws_iam_policy.deploy"),
            row("IAM107", ci, 13, "module.ci.aws_iam_policy.deploy"),
            row("IAM301", ci, 13, "module.ci.aws_iam_policy.deploy"),
            row("IAM309", ci, 13, "module.ci.aws_iam_policy.deploy"),
        ]
    );
    // every resource is created: --changes-only keeps them all, at the same places
    let changed = findings(ScanOptions {
        plan_sources: vec![SOURCES.into()],
        changes_only: true,
        ..opts(&[MODULE_PLAN])
    });
    assert_eq!(changed, got);
    // the sources alone find the same, at the same lines
    let alone: Vec<(String, String, usize)> = findings(opts(&[SOURCES]))
        .into_iter()
        .map(|(r, p, l, _)| (r, p, l))
        .collect();
    let with_plan: Vec<(String, String, usize)> =
        got.into_iter().map(|(r, p, l, _)| (r, p, l)).collect();
    assert_eq!(alone, with_plan);
}

#[test]
fn a_plan_next_to_its_sources_replaces_them() {
    // the source evaluates the module call and the plan has the same resource: the
    // two pair up, and each finding is reported once, at the statement in the caller
    let dir = "testdata/rules/IAM101/fail_plan_module";
    let got = findings(opts(&[dir]));
    let main = "testdata/rules/IAM101/fail_plan_module/main.tf";
    assert_eq!(
        got,
        vec![
            row("IAM101", main, 8, "module.admin.aws_iam_policy.this"),
            row("IAM102", main, 8, "module.admin.aws_iam_policy.this"),
        ]
    );
}

#[test]
fn sarif_names_the_plan_address_as_the_logical_location() {
    let out = leastpriv(&root(), &["scan", "--format", "sarif", MODULE_PLAN]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("sarif");
    let names: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].as_str())
        .collect();
    assert!(
        names.contains(&"module.ci.aws_iam_policy.deploy"),
        "{names:?}"
    );
}

#[test]
fn an_invalid_plan_is_a_parse_error_at_its_position() {
    let d = Dir::new("invalid-plan");
    d.create(
        "plan.json",
        "{\n  \"format_version\": \"1.2\",\n  \"resource_changes\": [\n    {\"address\": }\n  ]\n}\n",
    );
    d.create(
        "future.json",
        "{\"format_version\": \"2.0\", \"resource_changes\": []}\n",
    );
    let o = leastpriv(&d.path, &["scan", "."]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.contains("plan.json:4:17: info[IAM900]")
            && out.contains("Terraform plan is not valid JSON: expected a JSON value"),
        "{out}"
    );
    assert!(
        out.contains("unsupported Terraform plan format_version \"2.0\""),
        "{out}"
    );
}

/// Every JSON value in a tree, by path (object keys and array indices).
fn paths(v: &serde_json::Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(at.clone());
    match v {
        serde_json::Value::Object(m) => {
            for (k, child) in m {
                at.push(k.clone());
                paths(child, at, out);
                at.pop();
            }
        }
        serde_json::Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(i.to_string());
                paths(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn at_path<'v>(v: &'v mut serde_json::Value, path: &[String]) -> Option<&'v mut serde_json::Value> {
    path.iter().try_fold(v, |v, k| match v {
        serde_json::Value::Object(m) => m.get_mut(k),
        serde_json::Value::Array(items) => items.get_mut(k.parse::<usize>().ok()?),
        _ => None,
    })
}

#[test]
fn reshaped_plans_never_panic() {
    // valid JSON of the wrong shape anywhere in real plan fixtures: values replaced by
    // values of other types, policy strings, ARNs, unknown markers
    let replacements: Vec<serde_json::Value> = [
        "null", "true", "false", "0", "-1.5e3", "\"\"", "\"*\"", "[]", "{}", "[null]", "[true]",
        "{\"a\": [1]}", "\"module.x[0].aws_iam_role.r\"",
        "\"arn:aws:iam::aws:policy/AdministratorAccess\"",
        "\"{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":\\\"*\\\",\\\"Resource\\\":[\\\"*\\\"]}]}\"",
        "\"{\\\"Statement\\\": nope\"", "[\"delete\", \"create\"]", "[\"no-op\"]",
        "{\"references\": [\"aws_iam_role.r.name\", 3]}",
    ]
    .iter()
    .map(|t| serde_json::from_str(t).expect("replacement"))
    .collect();
    let mut seeds = vec![
        root().join(CHANGES),
        root().join(MODULE_PLAN),
        root().join("testdata/rules/IAM105/fail_plan_deferred.json"),
        root().join("testdata/rules/IAM101/fail_plan_module/plan.json"),
    ];
    seeds.sort();
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = |n: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n.max(1) as u64) as usize
    };
    let d = Dir::new("reshaped-plans");
    d.create(
        "src/main.tf",
        "resource \"aws_iam_policy\" \"new\" {\n  policy = \"{}\"\n}\n",
    );
    for seed in &seeds {
        let text = std::fs::read_to_string(seed).expect("seed");
        let tree: serde_json::Value = serde_json::from_str(&text).expect("seed json");
        let mut all = Vec::new();
        paths(&tree, &mut Vec::new(), &mut all);
        for round in 0..150 {
            let mut t = tree.clone();
            for _ in 0..=next(3) {
                let path = &all[next(all.len())];
                if let Some(slot) = at_path(&mut t, path) {
                    *slot = replacements[next(replacements.len())].clone();
                }
            }
            let text = if round % 2 == 0 {
                serde_json::to_string(&t)
            } else {
                serde_json::to_string_pretty(&t)
            }
            .expect("json");
            let _ = leastpriv::parse::parse(leastpriv::parse::Input {
                file: leastpriv::source::FileId(0),
                rel_path: "plan.json",
                scope: "plan.json",
                text: &text,
                kind: leastpriv::discover::InputKind::TfPlan,
            });
            if round % 25 == 0 {
                // the whole pipeline: source mapping and --changes-only
                let plan = d.create("src/plan.json", &text);
                let opts = ScanOptions {
                    paths: vec![plan],
                    plan_sources: vec![d.path.join("src")],
                    changes_only: true,
                    ..Default::default()
                };
                scan(&opts, &registry::all()).expect("scan");
            }
        }
    }
}

#[test]
fn sensitive_values_never_appear_in_any_output() {
    // one line, as terraform writes it: every code frame quotes the whole plan
    let secret = "Pa55-w0rd-of-bob";
    let plan = format!(
        r#"{{"format_version":"1.2","resource_changes":[{{"address":"aws_iam_user_login_profile.bob","mode":"managed","type":"aws_iam_user_login_profile","name":"bob","change":{{"actions":["no-op"],"before":{{"user":"bob","password":"{secret}"}},"after":{{"user":"bob","password":"{secret}"}},"after_unknown":{{}},"before_sensitive":{{"password":true}},"after_sensitive":{{"password":true}}}}}},{{"address":"aws_iam_user_policy.bob","mode":"managed","type":"aws_iam_user_policy","name":"bob","change":{{"actions":["create"],"before":null,"after":{{"user":"bob","policy":"{{\"Statement\":[{{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}]}}"}},"after_unknown":{{}}}}}}]}}"#
    );
    let d = Dir::new("sensitive-plan");
    d.create("plan.json", &plan);
    for format in ["text", "json", "sarif"] {
        let o = leastpriv(&d.path, &["scan", "--format", format, "plan.json"]);
        assert_eq!(o.status.code(), Some(1), "{format}");
        let out = stdout(&o);
        assert!(out.contains("IAM101"), "{format}: {out}");
        assert!(!out.contains(secret), "{format} leaks the password: {out}");
    }
}
