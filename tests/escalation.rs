//! Privilege-escalation findings in every output: SARIF `relatedLocations` and
//! `codeFlows` (valid against the schema), the JSON `related` / `steps`, the text chain.

use std::path::PathBuf;

use leastpriv::engine::{scan, ScanOptions};
use leastpriv::report::sarif::Sarif;
use leastpriv::report::Reporter;
use leastpriv::rules::registry;
use serde_json::Value;

use crate::sarif_schema::validate_sarif_str;
use crate::util::{leastpriv, root, stdout};

const PATHS: &str = "testdata/rules/IAM303/fail.tf";

#[test]
fn paths_are_code_flows_with_every_hop() {
    let opts = ScanOptions {
        paths: vec![PathBuf::from(PATHS)],
        ..ScanOptions::default()
    };
    let rule = registry::find("privilege-escalation-path").expect("rule");
    let report = scan(&opts, &[rule]).expect("scan");
    let mut out = Vec::new();
    Sarif::default().write(&report, &mut out).expect("SARIF");
    let text = String::from_utf8(out).expect("UTF-8");
    validate_sarif_str(&text);
    let log: Value = serde_json::from_str(&text).expect("JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 3);
    // role "ci": ci -> hop -> deployer (grant, trust, grant, trust, administrator grant)
    let ci = results
        .iter()
        .find(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"] == 32)
        .expect("the ci path");
    let flow = ci["codeFlows"][0]["threadFlows"][0]["locations"]
        .as_array()
        .expect("thread flow");
    let lines: Vec<u64> = flow
        .iter()
        .filter_map(|l| l["location"]["physicalLocation"]["region"]["startLine"].as_u64())
        .collect();
    assert_eq!(lines, [42, 50, 59, 21, 28]);
    let message = flow[1]["location"]["message"]["text"]
        .as_str()
        .unwrap_or("");
    assert_eq!(
        message,
        "role \"hop\" trusts role \"ci\" (trust policy of aws_iam_role.hop)"
    );
    let related = ci["relatedLocations"].as_array().expect("related");
    assert_eq!(related.len(), 5);
    assert_eq!(related[0]["id"], 1);
}

#[test]
fn json_and_text_show_the_chain() {
    let out = leastpriv(
        &root(),
        &["scan", "--rule", "IAM303", "--format", "json", PATHS],
    );
    let v: Value = serde_json::from_str(&stdout(&out)).expect("JSON report");
    let dev = v["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["start_line"] == 4))
        .expect("the dev path");
    let steps: Vec<(u64, &str)> = dev["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| {
            (
                s["line"].as_u64().unwrap_or(0),
                s["message"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (13, "user \"dev\" may call sts:AssumeRole on role \"deployer\" (inline policy aws_iam_user_policy.dev_assume)"),
            (21, "role \"deployer\" trusts user \"dev\" (trust policy of aws_iam_role.deployer)"),
            (28, "role \"deployer\" is administrator (AWS managed policy AdministratorAccess (aws_iam_role_policy_attachment.deployer_admin))"),
        ]
    );
    let text = stdout(&leastpriv(&root(), &["scan", "--rule", "IAM303", PATHS]));
    assert!(text.contains(
        "user \"dev\" can reach administrator by assuming roles: user \"dev\" -> role \"deployer\""
    ));
    assert!(text.contains(
        "= step 2: testdata/rules/IAM303/fail.tf:21: role \"deployer\" trusts user \"dev\""
    ));
}

#[test]
fn inventory_summarises_effective_permissions() {
    let text = stdout(&leastpriv(&root(), &["inventory", PATHS]));
    for line in [
        "user \"dev\"",
        "role \"deployer\"                          admin=yes",
        "role \"keys\"                              admin=no  escalation=iam-create-access-key",
    ] {
        assert!(text.contains(line), "{line} missing from:\n{text}");
    }
    assert!(text.contains("path=role \"hop\" -> role \"deployer\" (admin)"));
}

#[test]
fn steps_in_other_files_are_located() {
    let dir = "testdata/rules/IAM303/fail_across_files";
    let out = leastpriv(
        &root(),
        &["scan", "--rule", "IAM303", "--format", "json", dir],
    );
    let v: Value = serde_json::from_str(&stdout(&out)).expect("JSON report");
    let steps: Vec<(String, u64)> = v["findings"][0]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| {
            let path = s["path"].as_str().unwrap_or("");
            (
                path.rsplit('/').next().unwrap_or("").to_string(),
                s["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let expected = [("user.tf", 9), ("role.tf", 5), ("role.tf", 11)];
    assert_eq!(steps, expected.map(|(f, l)| (f.to_string(), l)).to_vec());
}
