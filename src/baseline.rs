//! Baselines: the findings a team accepted when it adopted leastpriv, recorded by
//! fingerprint so `scan --baseline FILE` reports only what is new.
//!
//! A fingerprint is the rule, the file, the entity's address and the offending code with
//! whitespace, commas and comments removed (see [`crate::report::Finding::fingerprint`]),
//! so a baseline survives lines moving and reformatting, but not a change to the
//! offending code.
//!
//! The file is JSON, sorted and deterministic so it diffs well in review:
//!
//! ```json
//! {
//!   "baseline_version": 1,
//!   "tool": { "name": "leastpriv", "version": "0.1.0" },
//!   "findings": [
//!     { "fingerprint": "8f2c…:1", "rule_id": "IAM101", "rule_name": "full-admin-statement",
//!       "path": "iam/admin.tf", "address": "aws_iam_policy.admin", "message": "…" }
//!   ]
//! }
//! ```
//!
//! Only `fingerprint` is matched; the other fields are there for the reader.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::report::{Finding, Report};

/// Version of the baseline file's shape.
pub const BASELINE_VERSION: u32 = 1;

/// The fingerprints of accepted findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    fingerprints: BTreeSet<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    baseline_version: u32,
    tool: Tool,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Tool {
    name: String,
    version: String,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    fingerprint: String,
    #[serde(default)]
    rule_id: String,
    #[serde(default)]
    rule_name: String,
    #[serde(default)]
    path: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    message: String,
}

impl Baseline {
    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Baseline::parse(&text)
            .map_err(|e| Error::Usage(format!("baseline {}: {e}", path.display())))
    }

    /// Parses a baseline file's text.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let file: File = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if file.baseline_version != BASELINE_VERSION {
            return Err(format!(
                "baseline_version {} is not supported (this leastpriv reads {BASELINE_VERSION})",
                file.baseline_version
            ));
        }
        Ok(Baseline {
            fingerprints: file.findings.into_iter().map(|e| e.fingerprint).collect(),
        })
    }

    /// True when the finding was accepted.
    pub fn contains(&self, finding: &Finding) -> bool {
        self.fingerprints.contains(&finding.fingerprint)
    }

    /// Number of accepted findings.
    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    /// True when nothing was accepted.
    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }
}

/// The baseline file recording a report's findings (suppressed ones are covered already
/// and left out).
pub fn to_json(report: &Report) -> String {
    let mut findings: Vec<Entry> = report
        .findings
        .iter()
        .map(|f| Entry {
            fingerprint: f.fingerprint.clone(),
            rule_id: f.rule.id.to_string(),
            rule_name: f.rule.name.to_string(),
            path: report.sources.rel_path(f.span.file).to_string(),
            address: f.address.clone(),
            message: f.message.clone(),
        })
        .collect();
    findings.sort_by(|a, b| {
        (&a.path, &a.rule_id, &a.fingerprint).cmp(&(&b.path, &b.rule_id, &b.fingerprint))
    });
    let file = File {
        baseline_version: BASELINE_VERSION,
        tool: Tool {
            name: "leastpriv".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        findings,
    };
    let mut s = serde_json::to_string_pretty(&file).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_checks_shape_and_version() {
        let ok = r#"{"baseline_version": 1, "tool": {"name": "leastpriv", "version": "0"},
                     "findings": [{"fingerprint": "ab:1"}, {"fingerprint": "cd:1", "rule_id": "IAM101"}]}"#;
        let b = Baseline::parse(ok).unwrap();
        assert_eq!(b.len(), 2);
        assert!(
            Baseline::parse(&ok.replace("\"baseline_version\": 1", "\"baseline_version\": 9"))
                .unwrap_err()
                .contains("not supported")
        );
        assert!(Baseline::parse("{}").is_err());
        assert!(Baseline::parse("[").is_err());
        assert!(Baseline::parse(&ok.replace("\"tool\"", "\"extra\": 1, \"tool\"")).is_err());
        assert!(Baseline::default().is_empty());
    }
}
