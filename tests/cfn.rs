//! CloudFormation beside Terraform: the same IAM written in both gives the same rule ids
//! on the same logical entities.
//!
//! Each folder of `testdata/cfn/parity/` holds `main.tf`, one or more `template.*`
//! (YAML, JSON) declaring the same IAM, and `entities.txt`, which maps each Terraform
//! address to the CloudFormation logical id of the same entity (`aws_iam_role.admin =
//! Admin`). Every file is scanned alone with every rule; the findings, as (rule id,
//! entity) pairs with Terraform addresses mapped, must be the same multiset, and so must
//! the entities of the kinds no rule reads yet (resource policies, SCPs and their
//! targets, permission sets and their policies, SAML providers), each with the shape of
//! its policy document.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use leastpriv::engine::{load, scan, ScanOptions};
use leastpriv::model::{Document, PermissionSetGrant};
use leastpriv::rules::registry;

use crate::util::{leastpriv, root, stdout, Dir};

/// A document's shape: its statements' effects and actions, or how it stands in.
fn shape(d: &Document) -> String {
    match d {
        Document::Parsed(p) => p
            .statements
            .iter()
            .map(|s| {
                let actions: Vec<String> = s
                    .action
                    .iter()
                    .flat_map(|a| a.items.iter().map(|i| i.value.render()))
                    .collect();
                format!("{:?} {}", s.effect, actions.join(","))
            })
            .collect::<Vec<_>>()
            .join("; "),
        Document::Unknown { .. } => "unknown".into(),
        Document::Invalid { .. } => "invalid".into(),
    }
}

/// The entities no rule reads yet, as (kind, entity, what they hold).
fn other_entities(path: &Path, map: &HashMap<String, String>) -> Vec<(String, String, String)> {
    let rel = path.strip_prefix(root()).unwrap_or(path).to_path_buf();
    let opts = ScanOptions {
        paths: vec![rel],
        ..Default::default()
    };
    let (_, inv, _) = load(&opts).expect("load");
    let name = |a: &str| map.get(a).cloned().unwrap_or_else(|| a.to_string());
    let mut out = Vec::new();
    for r in &inv.resource_policies {
        out.push((
            r.kind.as_str().to_string(),
            name(&r.origin.address),
            shape(&r.document),
        ));
    }
    for p in &inv.service_control_policies {
        out.push(("scp".into(), name(&p.origin.address), shape(&p.document)));
    }
    for a in &inv.scp_attachments {
        out.push((
            "scp target".into(),
            name(&a.origin.address),
            a.target.value.render(),
        ));
    }
    for p in &inv.permission_sets {
        let duration = p
            .session_duration
            .as_ref()
            .map(|s| s.value.render())
            .unwrap_or_default();
        out.push((
            "permission set".into(),
            name(&p.origin.address),
            format!("{} {duration}", p.name.render()),
        ));
    }
    for p in &inv.permission_set_policies {
        let what = match &p.grant {
            PermissionSetGrant::Inline(d) => shape(d),
            PermissionSetGrant::Managed(r) => r.describe(),
            PermissionSetGrant::CustomerManaged(v) => v.render(),
        };
        out.push((
            "permission set policy".into(),
            name(&p.origin.address),
            what,
        ));
    }
    for p in &inv.saml_providers {
        let n = p.name.as_ref().map(|v| v.render()).unwrap_or_default();
        out.push(("saml provider".into(), name(&p.origin.address), n));
    }
    out.sort();
    out
}

fn findings(path: &Path, map: &HashMap<String, String>) -> Vec<(String, String)> {
    let rel = path.strip_prefix(root()).unwrap_or(path).to_path_buf();
    let opts = ScanOptions {
        paths: vec![rel],
        ..Default::default()
    };
    let rules = registry::all();
    let report = scan(&opts, &rules).expect("scan");
    assert!(
        !report.has_parse_errors(),
        "{}: parse errors",
        path.display()
    );
    let mut out: Vec<(String, String)> = report
        .findings
        .iter()
        .map(|f| {
            let entity = map
                .get(&f.address)
                .cloned()
                .unwrap_or_else(|| f.address.clone());
            (f.rule.id.to_string(), entity)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn terraform_and_cloudformation_give_the_same_findings() {
    let dir = root().join("testdata/cfn/parity");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("parity dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 4, "parity cases missing");
    for case in cases {
        let map: HashMap<String, String> = std::fs::read_to_string(case.join("entities.txt"))
            .expect("entities.txt")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('='))
            .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
            .collect();
        let terraform = findings(&case.join("main.tf"), &map);
        assert!(!terraform.is_empty(), "{}: no findings", case.display());
        let terraform_others = other_entities(&case.join("main.tf"), &map);
        let mut templates = 0;
        for e in std::fs::read_dir(&case).expect("case").flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with("template.") {
                templates += 1;
                assert_eq!(
                    findings(&p, &map),
                    terraform,
                    "{} differs from main.tf",
                    p.display()
                );
                assert_eq!(
                    other_entities(&p, &map),
                    terraform_others,
                    "{}: entities differ from main.tf",
                    p.display()
                );
            }
        }
        assert!(templates > 0, "{}: no template", case.display());
    }
}

/// A template whose policy depends on a condition over a parameter.
const CONDITIONAL: &str = "AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  Dev: !Equals [!Ref Env, dev]
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: !If [Dev, '*', 's3:GetObject']
            Resource: '*'
";

#[test]
fn cfn_params_decide_conditions_from_the_command_line_and_files() {
    let d = Dir::new("cfn-params");
    d.create("stack", CONDITIONAL);
    d.create(
        "prod.json",
        r#"[{"ParameterKey": "Env", "ParameterValue": "prod"}]"#,
    );
    d.create("dev.json", r#"{"Parameters": {"Env": "dev"}}"#);
    let ids = |args: &[&str]| {
        let mut all = vec!["scan", "stack", "--format", "json", "--rule", "IAM102"];
        all.extend_from_slice(args);
        let o = leastpriv(&d.path, &all);
        let report: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json report");
        report["findings"].as_array().map_or(0, Vec::len)
    };
    // a default decides nothing: both branches are checked
    assert_eq!(ids(&[]), 1);
    assert_eq!(ids(&["--cfn-param", "Env=prod"]), 0);
    assert_eq!(ids(&["--cfn-params-file", "prod.json"]), 0);
    assert_eq!(ids(&["--cfn-params-file", "dev.json"]), 1);
    // the command line wins over files
    assert_eq!(
        ids(&["--cfn-params-file", "dev.json", "--cfn-param", "Env=prod"]),
        0
    );
    let bad = leastpriv(&d.path, &["scan", "stack", "--cfn-param", "novalue"]);
    assert_eq!(bad.status.code(), Some(2));
    d.create("bad.json", "{}");
    let bad = leastpriv(&d.path, &["scan", "stack", "--cfn-params-file", "bad.json"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn inventory_lists_template_entities_at_their_lines() {
    let d = Dir::new("cfn-inventory");
    d.create(
        "t.yaml",
        "Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: {Statement: [{Effect: Allow, Principal: {AWS: '*'}, Action: 'kms:*', Resource: '*'}]}
  Admins:
    Type: AWS::SSO::PermissionSet
    Properties:
      Name: admins
      InstanceArn: arn:aws:sso:::instance/ssoins-1
",
    );
    let o = leastpriv(&d.path, &["inventory", ".", "--format", "json"]);
    let inv: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json inventory");
    let rp = &inv["resource_policies"][0];
    assert_eq!(rp["kind"], "kms_key");
    assert_eq!(rp["origin"]["address"], "Key");
    assert_eq!(rp["location"]["line"], 2);
    assert_eq!(inv["permission_sets"][0]["name"], "admins");
    assert_eq!(inv["permission_sets"][0]["location"]["line"], 6);
}

/// The findings of a JSON report as (rule id, path, line, address).
fn report_findings(o: &std::process::Output) -> Vec<(String, String, u64, String)> {
    let report: serde_json::Value = serde_json::from_str(&stdout(o)).expect("json report");
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["path"].as_str().unwrap_or_default().to_string(),
                f["start_line"].as_u64().unwrap_or_default(),
                f["address"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn nested_stacks_are_read_with_the_parameters_their_parent_passes() {
    let dir = "testdata/cfn/nested";
    let scan = |path: &str, rule: &str| {
        let o = leastpriv(&root(), &["scan", path, "--format", "json", "--rule", rule]);
        report_findings(&o)
    };
    // the parent passes `AllowedAction: '*'` to `Worker`: one finding, at the child's
    // line, under the nested stack's logical id (the child is not read again alone)
    assert_eq!(
        scan(&format!("{dir}/basic"), "IAM101"),
        [(
            "IAM101".to_string(),
            format!("{dir}/basic/stacks/role.yaml"),
            25,
            "Worker.Role".to_string()
        )]
    );
    // the child alone has the default `s3:GetObject`
    assert!(scan(&format!("{dir}/basic/stacks/role.yaml"), "IAM101").is_empty());

    let inventory = |path: &str| -> serde_json::Value {
        let o = leastpriv(&root(), &["inventory", path, "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
        serde_json::from_str(&stdout(&o)).expect("json inventory")
    };
    let addresses = |inv: &serde_json::Value, kind: &str| -> Vec<String> {
        inv[kind]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                e["origin"]["address"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    };
    let basic = inventory(&format!("{dir}/basic"));
    assert_eq!(
        addresses(&basic, "roles"),
        ["Worker.Role", "Reader.Role", "Functions.HandlerRole"]
    );
    // the output of `Worker` read by the parent: the role's ARN, its name passed
    let deployer = basic["policies"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["origin"]["address"] == "Deployer")
        .expect("Deployer");
    assert_eq!(
        deployer["document"]["statements"][0]["resource"]["items"][0]["partial"],
        "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/worker-dev"
    );

    // a cycle is read once around, with a note where it closes
    let cycle = inventory(&format!("{dir}/cycle"));
    assert_eq!(addresses(&cycle, "roles"), ["ToB.RoleB", "RoleA"]);
    let causes = |inv: &serde_json::Value| -> Vec<String> {
        inv["not_evaluated"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|n| {
                format!(
                    "{}: {}",
                    n["subject"].as_str().unwrap_or(""),
                    n["cause"].as_str().unwrap_or("")
                )
            })
            .collect()
    };
    let notes = causes(&cycle);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].starts_with("nested stack ToB.ToA: template `./a.yaml` includes itself"));

    // a missing template, one outside the scan, a remote one: a note each
    let notes = causes(&inventory(&format!("{dir}/missing")));
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(notes[0].contains("`./not-there.yaml` is a local file that does not exist"));
    assert!(notes[1].contains("`../basic/stacks/role.yaml` is a local file outside the scanned"));
    assert!(notes[2].contains("is remote and not read"));
}
