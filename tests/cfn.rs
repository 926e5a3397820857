//! CloudFormation beside Terraform: the same IAM written in both gives the same rule ids
//! on the same logical entities.
//!
//! Each folder of `testdata/cfn/parity/` holds `main.tf`, one or more `template.*`
//! (YAML, JSON) declaring the same IAM, and `entities.txt`, which maps each Terraform
//! address to the CloudFormation logical id of the same entity (`aws_iam_role.admin =
//! Admin`). Every file is scanned alone with every rule; the findings, as (rule id,
//! entity) pairs with Terraform addresses mapped, must be the same multiset.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use leastpriv::engine::{scan, ScanOptions};
use leastpriv::rules::registry;

use crate::util::root;

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
    assert!(cases.len() >= 3, "parity cases missing");
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
            }
        }
        assert!(templates > 0, "{}: no template", case.display());
    }
}
