//! Runs every rule over its fixtures in `testdata/rules/<ID>/`.
//!
//! Each `fail*` / `pass*` entry (a file, or a directory scanned as one unit) is scanned
//! with only the rule under test enabled. Expected findings are marked in the fixture:
//! `# expect: ID` (or `// expect: ID`) on the line a finding must start on, or
//! `# expect: ID@LINE` anywhere for lines that cannot hold a comment (inside a heredoc).
//! The findings must equal the expectations exactly: same rule, file and line, no more,
//! no fewer. `pass*` entries must have no expectations and yield no findings.
//! `# also-run: ID,ID` in a fixture runs those rules too (the exception rules need the
//! rules whose findings the exceptions cover); their findings count like any other.
//! The marker syntax and the runner live in [`leastpriv::fixtures`], which
//! `leastpriv test-rules` uses too.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use leastpriv::fixtures::{self, files_under};
use leastpriv::rules::registry;

use crate::util::root;

fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

fn fixture_entries(dir: &Path) -> Vec<PathBuf> {
    fixtures::entries(dir)
}

#[test]
fn every_rule_fixture_gives_exactly_the_expected_findings() {
    let rules_dir = PathBuf::from("testdata/rules");
    let mut failures = Vec::new();
    let mut checked = 0;
    for meta in registry::metas() {
        let rule = registry::find(meta.id).expect("registered");
        let outcome = fixtures::check_rule(
            &rules_dir.join(meta.id),
            rule,
            &registry::find,
            meta.id == "IAM900",
        );
        checked += outcome.checked;
        failures.extend(outcome.failures);
    }
    assert!(checked > 0, "no fixtures were checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    let rules_dir = root().join("testdata/rules");
    for meta in registry::metas() {
        let entries = fixture_entries(&rules_dir.join(meta.id));
        let name = |p: &PathBuf| {
            p.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string()
        };
        assert!(
            entries.iter().any(|p| name(p).starts_with("fail")),
            "{} has no fail fixture",
            meta.id
        );
        assert!(
            entries.iter().any(|p| name(p).starts_with("pass")),
            "{} has no pass fixture",
            meta.id
        );
        let fail_expects: usize = entries
            .iter()
            .filter(|p| name(p).starts_with("fail"))
            .flat_map(|p| files_under(p))
            .map(|f| {
                let text = std::fs::read_to_string(&f).unwrap_or_default();
                fixtures::expectations(&text, &rel(&f))
                    .expect("markers")
                    .len()
            })
            .sum();
        assert!(
            fail_expects > 0,
            "{}: fail fixtures expect no finding",
            meta.id
        );
    }
    // and no fixture folder without a rule
    for e in std::fs::read_dir(&rules_dir)
        .expect("testdata/rules")
        .flatten()
    {
        let id = e.file_name().to_string_lossy().into_owned();
        assert!(
            registry::find(&id).is_some(),
            "testdata/rules/{id} has no rule"
        );
    }
}

#[test]
fn ids_and_names_are_unique_and_docs_complete() {
    let metas = registry::metas();
    let id_re = regex::Regex::new(r"^IAM[0-9]{3}$").expect("regex");
    let name_re = regex::Regex::new(r"^[a-z0-9]+(-[a-z0-9]+)*$").expect("regex");
    let mut ids = BTreeSet::new();
    let mut names = BTreeSet::new();
    let mut last = "";
    for m in &metas {
        assert!(id_re.is_match(m.id), "bad id {}", m.id);
        assert!(name_re.is_match(m.name), "bad name {}", m.name);
        assert!(ids.insert(m.id), "duplicate id {}", m.id);
        assert!(names.insert(m.name), "duplicate name {}", m.name);
        assert!(m.id > last, "registry not in id order at {}", m.id);
        last = m.id;
        let docs = m.docs_markdown();
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "Use instead:",
            "## References",
        ] {
            assert!(docs.contains(section), "{} docs lack {section:?}", m.id);
        }
        assert!(!m.summary.is_empty());
    }
}

#[test]
fn rule_docs_are_up_to_date() {
    let dir = root().join("docs/rules");
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let metas = registry::metas();
    let mut expected = vec![(
        dir.join("README.md"),
        leastpriv::docs::catalogue_markdown(&metas),
    )];
    for m in &metas {
        expected.push((
            dir.join(format!("{}.md", m.id)),
            leastpriv::docs::rule_page(m),
        ));
    }
    let mut stale = Vec::new();
    for (path, text) in &expected {
        if update {
            std::fs::create_dir_all(&dir).expect("docs dir");
            std::fs::write(path, text).expect("write doc");
        } else if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
            stale.push(rel(path));
        }
    }
    // no page for a rule that no longer exists
    for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let p = e.path();
        if !expected.iter().any(|(q, _)| *q == p) {
            stale.push(format!("{} (no such rule)", rel(&p)));
        }
    }
    assert!(
        stale.is_empty(),
        "rule docs are out of date: {stale:?}; run `UPDATE_DOCS=1 cargo test rule_docs` and commit"
    );
}
