//! Rules: metadata, the [`Rule`] trait, and the context rules report through.
//!
//! Built-in rules live one per file under [`builtin`]; [`registry`] is the one table of
//! them. A rule is stateless and `Sync`: the engine runs rules in parallel over a
//! read-only [`Inventory`].

#[macro_use]
pub mod macros;
pub mod builtin;
pub mod profile;
pub mod registry;

use std::sync::{Arc, OnceLock};

use serde::Serialize;

use crate::analysis::Analysis;
use crate::config::Thresholds;
use crate::model::policy::Statement;
use crate::model::{Inventory, Policy};
use crate::source::Span;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For information; never fails a build unless asked.
    Info,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

impl Severity {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// GitHub's `security-severity` score (0.0–10.0) for this level.
    pub fn security_severity(self) -> &'static str {
        match self {
            Severity::Info => "0.0",
            Severity::Low => "3.0",
            Severity::Medium => "5.5",
            Severity::High => "8.0",
            Severity::Critical => "9.5",
        }
    }

    /// Parses a lower-case name.
    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s.to_ascii_lowercase().as_str() {
            "info" => Severity::Info,
            "low" => Severity::Low,
            "medium" => Severity::Medium,
            "high" => Severity::High,
            "critical" => Severity::Critical,
            _ => return None,
        })
    }
}

/// How often a finding of this rule is a true positive (SARIF `precision`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    /// Almost never wrong.
    VeryHigh,
    /// Rarely wrong.
    High,
    /// Sometimes wrong.
    Medium,
    /// Often needs review.
    Low,
}

impl Precision {
    /// SARIF's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::VeryHigh => "very-high",
            Precision::High => "high",
            Precision::Medium => "medium",
            Precision::Low => "low",
        }
    }
}

/// Everything known about a rule. Lives only in the rule's file; reporters and docs read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable id, assigned once (`IAM101`).
    pub id: &'static str,
    /// Public kebab-case name (`full-admin-statement`).
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Precision.
    pub precision: Precision,
    /// Tags (SARIF adds `security`).
    pub tags: &'static [&'static str],
    /// One-line summary.
    pub summary: &'static str,
    /// Markdown documentation (the rule's doc comment).
    pub docs: &'static str,
    /// Source file of the rule.
    pub source: &'static str,
}

impl RuleMeta {
    /// The documentation with the one leading space of each doc-comment line removed.
    pub fn docs_markdown(&self) -> String {
        let mut out = String::new();
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The `## What it does` section's text, as plain prose on one line.
    pub fn what_it_does(&self) -> String {
        let docs = self.docs_markdown();
        let mut out = String::new();
        let mut inside = false;
        for line in docs.lines() {
            if line.starts_with("## ") {
                if inside {
                    break;
                }
                inside = line.trim() == "## What it does";
                continue;
            }
            if inside && !line.trim().is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(line.trim());
            }
        }
        if out.is_empty() {
            self.summary.to_string()
        } else {
            out
        }
    }

    /// Repository path of the rule's documentation page.
    pub fn doc_path(&self) -> String {
        format!("docs/rules/{}.md", self.id)
    }
}

/// A finding as a rule reports it, before fingerprinting.
#[derive(Debug, Clone)]
pub struct RawFinding {
    /// The rule.
    pub rule: &'static RuleMeta,
    /// The offending code (a statement, an attribute, a resource).
    pub span: Span,
    /// Logical address of the entity (`aws_iam_role.app`).
    pub address: String,
    /// What is wrong, specifically.
    pub message: String,
    /// Other places that explain the finding (the statements granting a permission).
    pub related: Vec<Related>,
    /// Steps of a path, in order (each hop of a privilege-escalation path); reported as
    /// a SARIF `codeFlow`.
    pub steps: Vec<Related>,
}

/// A location that explains a finding, with what it contributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Where.
    pub span: Span,
    /// What it contributes (`grants iam:PassRole (inline policy aws_iam_role_policy.ci)`).
    pub message: String,
}

/// What rules see and report through.
pub struct Ctx<'a> {
    /// The whole inventory, linked.
    pub inventory: &'a Inventory,
    findings: Vec<RawFinding>,
    shared: Option<&'a OnceLock<Arc<Analysis<'a>>>>,
    local: OnceLock<Arc<Analysis<'a>>>,
    thresholds: Thresholds,
}

impl<'a> Ctx<'a> {
    /// A context over an inventory.
    pub fn new(inventory: &'a Inventory) -> Self {
        Ctx {
            inventory,
            findings: Vec::new(),
            shared: None,
            local: OnceLock::new(),
            thresholds: Thresholds::default(),
        }
    }

    /// The same context with the limits a team configured (`thresholds:` in
    /// `.leastpriv.yaml`).
    pub fn with_thresholds(mut self, thresholds: Thresholds) -> Self {
        self.thresholds = thresholds;
        self
    }

    /// The limits rules compare against (the defaults unless configured).
    pub fn thresholds(&self) -> &Thresholds {
        &self.thresholds
    }

    /// A context whose [`Ctx::analysis`] is computed once and shared with every other
    /// context made with the same cell (the engine gives all rules one).
    pub fn with_analysis(inventory: &'a Inventory, cell: &'a OnceLock<Arc<Analysis<'a>>>) -> Self {
        Ctx {
            shared: Some(cell),
            ..Ctx::new(inventory)
        }
    }

    /// The effective-permission analysis of the inventory, computed on first use.
    pub fn analysis(&self) -> Arc<Analysis<'a>> {
        let cell = self.shared.unwrap_or(&self.local);
        Arc::clone(cell.get_or_init(|| Arc::new(crate::analysis::analyse(self.inventory))))
    }

    /// Reports a finding.
    pub fn report(
        &mut self,
        rule: &'static RuleMeta,
        span: Span,
        address: &str,
        message: impl Into<String>,
    ) {
        self.findings.push(RawFinding {
            rule,
            span,
            address: address.to_string(),
            message: message.into(),
            related: Vec::new(),
            steps: Vec::new(),
        });
    }

    /// Reports a finding built by the rule (with related locations or steps).
    pub fn push(&mut self, finding: RawFinding) {
        self.findings.push(finding);
    }

    /// The findings reported so far.
    pub fn into_findings(self) -> Vec<RawFinding> {
        self.findings
    }
}

/// A built-in rule. Both hooks default to doing nothing; a rule implements the one it needs.
pub trait Rule: Sync + Send {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;

    /// Called once for every statement of every policy document (identity and trust).
    fn check_statement(&self, _statement: &Statement, _policy: &Policy, _cx: &mut Ctx<'_>) {}

    /// Called once per scan with the whole inventory.
    fn check_inventory(&self, _inventory: &Inventory, _cx: &mut Ctx<'_>) {}
}
