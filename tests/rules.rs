//! Runs every rule over its fixtures in `testdata/rules/<ID>/`.
//!
//! Each `fail*` / `pass*` entry (a file, or a directory scanned as one unit) is scanned
//! with only the rule under test enabled. Expected findings are marked in the fixture:
//! `# expect: ID` (or `// expect: ID`) on the line a finding must start on, or
//! `# expect: ID@LINE` anywhere for lines that cannot hold a comment (inside a heredoc).
//! A format without comments (JSON: plans, templates) lists them in a sidecar
//! `<fixture file name>.expect`: one `ID@LINE` per line, `#` starts a comment.
//! The findings must equal the expectations exactly: same rule, file and line, no more,
//! no fewer. `pass*` entries must have no expectations and yield no findings.
//! `# also-run: ID,ID` in a fixture runs those rules too (the exception rules need the
//! rules whose findings the exceptions cover); their findings count like any other.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use leastpriv::engine::{scan, ScanOptions};
use leastpriv::rules::registry;

use crate::util::root;

type Expectation = (String, String, usize); // (rule id, report path, line)

/// The sidecar of a JSON fixture.
const SIDECAR: &str = ".expect";

fn expectations(file: &Path, rel: &str) -> Vec<Expectation> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    if let Some(target) = rel.strip_suffix(SIDECAR) {
        return text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| {
                let (id, line) = l
                    .split_once('@')
                    .unwrap_or_else(|| panic!("{rel}: expected ID@LINE, found {l:?}"));
                let line = line
                    .parse()
                    .unwrap_or_else(|_| panic!("{rel}: bad line number in {l:?}"));
                (id.to_string(), target.to_string(), line)
            })
            .collect();
    }
    let re =
        regex::Regex::new(r"(?:#|//)\s*expect:\s*([A-Z]+[0-9]+)(?:@([0-9]+))?").expect("regex");
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for c in re.captures_iter(line) {
            let id = c[1].to_string();
            let at = c
                .get(2)
                .and_then(|m| m.as_str().parse().ok())
                .unwrap_or(i + 1);
            out.push((id, rel.to_string(), at));
        }
    }
    let mut sidecar = file.as_os_str().to_owned();
    sidecar.push(".expect");
    if let Ok(text) = std::fs::read_to_string(PathBuf::from(sidecar)) {
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (id, at) = line.split_once('@').expect("sidecar lines are ID@LINE");
            let at = at.trim().parse().expect("sidecar line number");
            out.push((id.trim().to_string(), rel.to_string(), at));
        }
    }
    out
}

/// Rules a fixture asks to run beside the rule under test (`# also-run: IAM101`).
fn also_run(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let re = regex::Regex::new(r"(?:#|//)\s*also-run:\s*([A-Z0-9, ]+)").expect("regex");
    re.captures_iter(&text)
        .flat_map(|c| {
            c[1].split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn files_under(p: &Path) -> Vec<PathBuf> {
    if p.is_file() {
        let mut sidecar = p.as_os_str().to_owned();
        sidecar.push(SIDECAR);
        let sidecar = PathBuf::from(sidecar);
        return if sidecar.is_file() {
            vec![p.to_path_buf(), sidecar]
        } else {
            vec![p.to_path_buf()]
        };
    }
    let mut out = Vec::new();
    for e in std::fs::read_dir(p).expect("read fixture dir").flatten() {
        out.extend(files_under(&e.path()));
    }
    out.sort();
    out
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

fn fixture_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("rule fixture dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            (n.starts_with("fail") || n.starts_with("pass")) && !n.ends_with(SIDECAR)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_rule_fixture_gives_exactly_the_expected_findings() {
    let rules_dir = root().join("testdata/rules");
    let mut failures = Vec::new();
    let mut checked = 0;
    for meta in registry::metas() {
        let dir = rules_dir.join(meta.id);
        let rule = registry::find(meta.id).expect("registered");
        for entry in fixture_entries(&dir) {
            let is_pass = entry
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("pass"));
            let mut expected: BTreeSet<Expectation> = BTreeSet::new();
            let mut rules = vec![rule];
            for f in files_under(&entry) {
                expected.extend(expectations(&f, &rel(&f)));
                for id in also_run(&f) {
                    rules.push(registry::find(&id).expect("also-run names a rule"));
                }
            }
            if is_pass && !expected.is_empty() {
                failures.push(format!(
                    "{}: a pass fixture must not expect findings",
                    rel(&entry)
                ));
            }
            let opts = ScanOptions {
                paths: vec![PathBuf::from(rel(&entry))],
                ..Default::default()
            };
            let report = scan(&opts, &rules).expect("scan fixture");
            let actual: BTreeSet<Expectation> = report
                .findings
                .iter()
                .map(|f| {
                    let loc = report.locate(f.span);
                    (f.rule.id.to_string(), loc.path.to_string(), loc.start_line)
                })
                .collect();
            if meta.id != "IAM900" && report.has_parse_errors() {
                failures.push(format!("{}: fixture does not parse", rel(&entry)));
            }
            if actual != expected {
                failures.push(format!(
                    "{}:\n  expected {:?}\n  actual   {:?}\n  messages {:?}",
                    rel(&entry),
                    expected,
                    actual,
                    report
                        .findings
                        .iter()
                        .map(|f| &f.message)
                        .collect::<Vec<_>>()
                ));
            }
            checked += 1;
        }
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
            .map(|f| expectations(&f, &rel(&f)).len())
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
