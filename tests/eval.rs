//! Evaluation fixtures (`testdata/eval/`): what leastpriv makes of Terraform written in
//! different ways, compared in full.
//!
//! - `five-ways/`: the same IAM as a JSON literal, a heredoc, `jsonencode`, a policy
//!   document data source and `.tf.json` must give the same findings (rule, address,
//!   message), whatever lines the statements are on.
//! - every other directory with an `expected.json`: the whole inventory
//!   (`leastpriv inventory --format json`, without the summary) must equal it. After a
//!   reviewed change, `UPDATE_EVAL=1 cargo test eval` rewrites the files.

use std::collections::BTreeSet;
use std::path::Path;

use crate::util::{leastpriv, root, stdout};

/// (rule id, address, message) of every finding of a scan of `dir`.
fn findings(dir: &Path) -> BTreeSet<(String, String, String)> {
    let out = leastpriv(
        &root(),
        &["scan", "--format", "json", &dir.to_string_lossy()],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON report");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("rule_id"), s("address"), s("message"))
        })
        .collect()
}

#[test]
fn five_ways_give_the_same_findings() {
    let base = root().join("testdata/eval/five-ways");
    let ways = [
        "literal",
        "heredoc",
        "jsonencode",
        "policy-document",
        "tfjson",
    ];
    let first = findings(&base.join(ways[0]));
    let rules: BTreeSet<&str> = first.iter().map(|(r, _, _)| r.as_str()).collect();
    assert_eq!(
        rules.into_iter().collect::<Vec<_>>(),
        ["IAM103", "IAM105", "IAM201", "IAM301", "IAM302", "IAM401"]
    );
    for way in &ways[1..] {
        assert_eq!(
            findings(&base.join(way)),
            first,
            "{way} differs from {}",
            ways[0]
        );
    }
}

#[test]
fn evaluated_inventories_match_their_expectations() {
    let base = root().join("testdata/eval");
    let mut checked = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(&base)
        .expect("testdata/eval")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    dirs.sort();
    for dir in dirs {
        let out = leastpriv(&dir, &["inventory", "--format", "json", "."]);
        let mut v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("inventory");
        if let Some(m) = v.as_object_mut() {
            m.remove("summary");
        }
        let actual = format!("{}\n", serde_json::to_string_pretty(&v).expect("JSON"));
        let expected_path = dir.join("expected.json");
        if std::env::var_os("UPDATE_EVAL").is_some() {
            std::fs::write(&expected_path, &actual).expect("write expected.json");
        }
        let expected = std::fs::read_to_string(&expected_path).expect("expected.json");
        assert_eq!(
            actual,
            expected,
            "{}: the evaluated inventory changed (UPDATE_EVAL=1 rewrites it after review)",
            dir.display()
        );
        checked += 1;
    }
    assert!(checked >= 1, "no evaluation fixtures found");
}
