//! Rule fixtures: `fail*` / `pass*` files (or directories scanned as one unit) with the
//! findings they must give marked in them. Used by the test suite for every rule and by
//! `leastpriv test-rules` for rule packs.
//!
//! Markers: `# expect: ID` (or `// expect: ID`) on the line a finding must start on, or
//! `# expect: ID@LINE` anywhere for lines that cannot hold a comment (inside a heredoc).
//! JSON has no comments, so a JSON fixture's expectations sit in a sidecar file named
//! after it with `.expect` appended (`fail_cfn.json.expect`), one `ID@LINE` per line
//! (`#` starts a comment, blank lines are ignored); sidecars are never scanned.
//! `# also-run: ID,ID` runs those rules too; their findings count like any other.
//!
//! The findings must equal the expectations exactly: same rule, file and line, no more,
//! no fewer. `pass*` entries must have no expectations and give no findings.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regex::Regex;

use crate::discover::report_path;
use crate::engine::{scan, ScanOptions};
use crate::rules::Rule;

/// The suffix of an expectations sidecar.
pub const SIDECAR: &str = ".expect";

/// A finding a fixture expects: rule id, report path, line.
pub type Expectation = (String, String, usize);

fn expect_re() -> &'static Regex {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?:#|//)\s*expect:\s*([A-Z]+[0-9]+)(?:@([0-9]+))?").ok())
        .as_ref()
        .unwrap_or_else(|| unreachable!("the marker regex is valid"))
}

/// The expectations written in a file (a fixture or a sidecar) whose report path is `rel`.
pub fn expectations(text: &str, rel: &str) -> Result<Vec<Expectation>, String> {
    if let Some(target) = rel.strip_suffix(SIDECAR) {
        return text
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .map(|l| {
                let (id, line) = l
                    .split_once('@')
                    .ok_or_else(|| format!("{rel}: expected ID@LINE, found {l:?}"))?;
                let line = line
                    .trim()
                    .parse()
                    .map_err(|_| format!("{rel}: bad line number in {l:?}"))?;
                Ok((id.trim().to_string(), target.to_string(), line))
            })
            .collect();
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for c in expect_re().captures_iter(line) {
            let id = c.get(1).map_or("", |m| m.as_str()).to_string();
            let at = c
                .get(2)
                .and_then(|m| m.as_str().parse().ok())
                .unwrap_or(i + 1);
            out.push((id, rel.to_string(), at));
        }
    }
    Ok(out)
}

/// Rules a fixture asks to run beside the rule under test (`# also-run: IAM101`).
pub fn also_run(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some(at) = line.find("also-run:") else {
            continue;
        };
        let before = line.get(..at).unwrap_or("").trim_end();
        if !(before.ends_with('#') || before.ends_with("//")) {
            continue;
        }
        let ids = line.get(at + "also-run:".len()..).unwrap_or("");
        out.extend(
            ids.split(',')
                .map(str::trim)
                .take_while(|s| s.chars().all(|c| c.is_ascii_alphanumeric()))
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        );
    }
    out
}

/// The files of an entry, sorted, with the sidecar of a file that has one.
pub fn files_under(p: &Path) -> Vec<PathBuf> {
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
    for e in std::fs::read_dir(p).into_iter().flatten().flatten() {
        out.extend(files_under(&e.path()));
    }
    out.sort();
    out
}

/// The `fail*` / `pass*` entries of a rule's fixture directory (not sidecars), sorted.
pub fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
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

fn is_pass(entry: &Path) -> bool {
    entry
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("pass"))
}

/// The outcome of checking one rule's fixtures.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Entries checked.
    pub checked: usize,
    /// Entries that expect at least one finding.
    pub failing_expectations: usize,
    /// What went wrong, one message per entry.
    pub failures: Vec<String>,
}

/// Runs one rule over the fixtures in `dir`, resolving `also-run` ids with `find`.
/// `parse_errors_ok` lets fixtures that do not parse through (the parse-error rule's).
pub fn check_rule(
    dir: &Path,
    rule: &'static dyn Rule,
    find: &dyn Fn(&str) -> Option<&'static dyn Rule>,
    parse_errors_ok: bool,
) -> Outcome {
    let cwd = std::env::current_dir().ok();
    let rel = |p: &Path| report_path(p, cwd.as_deref());
    let mut out = Outcome::default();
    for entry in entries(dir) {
        let mut expected: BTreeSet<Expectation> = BTreeSet::new();
        let mut rules = vec![rule];
        for f in files_under(&entry) {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            match expectations(&text, &rel(&f)) {
                Ok(e) => expected.extend(e),
                Err(m) => out.failures.push(m),
            }
            for id in also_run(&text) {
                match find(&id) {
                    Some(r) => rules.push(r),
                    None => out
                        .failures
                        .push(format!("{}: also-run names no rule {id:?}", rel(&f))),
                }
            }
        }
        if is_pass(&entry) && !expected.is_empty() {
            out.failures.push(format!(
                "{}: a pass fixture must not expect findings",
                rel(&entry)
            ));
        }
        if !is_pass(&entry) && expected.iter().any(|e| e.0 == rule.meta().id) {
            out.failing_expectations += 1;
        }
        let opts = ScanOptions {
            paths: vec![entry.clone()],
            ..Default::default()
        };
        let report = match scan(&opts, &rules) {
            Ok(r) => r,
            Err(e) => {
                out.failures.push(format!("{}: {e}", rel(&entry)));
                continue;
            }
        };
        let actual: BTreeSet<Expectation> = report
            .findings
            .iter()
            .map(|f| {
                let loc = report.locate(f.span);
                (f.rule.id.to_string(), loc.path.to_string(), loc.start_line)
            })
            .collect();
        if !parse_errors_ok && report.has_parse_errors() {
            out.failures
                .push(format!("{}: fixture does not parse", rel(&entry)));
        }
        if actual != expected {
            out.failures.push(format!(
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
        out.checked += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        let text = "a # expect: IAM101\nb\n// expect: ORG001@7 and # expect: IAM2\n";
        let e = expectations(text, "x.tf").expect("markers");
        assert_eq!(
            e,
            vec![
                ("IAM101".into(), "x.tf".into(), 1),
                ("ORG001".into(), "x.tf".into(), 7),
                ("IAM2".into(), "x.tf".into(), 3),
            ]
        );
        let e = expectations("# comment\nIAM101@4\n\nIAM102 @ 9 # why\n", "f.json.expect")
            .expect("sidecar");
        assert_eq!(
            e,
            vec![
                ("IAM101".into(), "f.json".into(), 4),
                ("IAM102".into(), "f.json".into(), 9)
            ]
        );
        assert!(expectations("IAM101", "f.json.expect").is_err());
        assert!(expectations("IAM101@x", "f.json.expect").is_err());
        assert_eq!(
            also_run("# also-run: IAM101, IAM102\nx = 1 // also-run: ORG001\nalso-run: NO"),
            vec!["IAM101", "IAM102", "ORG001"]
        );
    }
}
