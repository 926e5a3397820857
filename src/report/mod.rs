//! Reports: the finished result of a scan, and the reporters that format it.
//!
//! Reporters only format a finished [`Report`]; they never evaluate anything.

pub mod github;
pub mod inventory;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;
pub mod unknown;

use std::io::Write;

use serde::Serialize;

use crate::model::Inventory;
use crate::rules::RuleMeta;
use crate::source::{LineIndex, SourceMap, Span};

/// One finding, ready to report.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule.
    pub rule: &'static RuleMeta,
    /// The offending code.
    pub span: Span,
    /// Logical address of the entity (`aws_iam_role.app`).
    pub address: String,
    /// What is wrong.
    pub message: String,
    /// Other places that explain the finding.
    pub related: Vec<crate::rules::Related>,
    /// Steps of a path, in order.
    pub steps: Vec<crate::rules::Related>,
    /// Stable identity of the finding: survives line moves and reformatting
    /// (rule, file, address and the offending code without whitespace, commas
    /// and comments outside strings).
    pub fingerprint: String,
}

/// A finding an exception covers: kept for the record (SARIF `suppressions[]`, the JSON
/// `suppressed` list, `--show-suppressed`), never counted against the fail threshold.
#[derive(Debug, Clone)]
pub struct Suppressed {
    /// The finding.
    pub finding: Finding,
    /// Inline comment or external record.
    pub kind: crate::suppress::Kind,
    /// The exception's reason.
    pub justification: String,
    /// Who owns the exception.
    pub owner: Option<String>,
    /// The ticket it names.
    pub ticket: Option<String>,
    /// Its last day.
    pub expires: Option<crate::suppress::Date>,
    /// Where the exception is written.
    pub at: Span,
}

/// Counts for summaries and notes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// Files read and parsed.
    pub files_scanned: usize,
    /// Files skipped (not infrastructure code, or excluded).
    pub files_skipped: usize,
    /// IAM entities found.
    pub entities: usize,
    /// Policy documents parsed into statements.
    pub policies_parsed: usize,
    /// Policy documents or references left unresolved.
    pub values_unknown: usize,
    /// Files or parts of files that could not be parsed.
    pub parse_errors: usize,
}

/// The finished result of a scan.
#[derive(Debug)]
pub struct Report {
    /// The files, with their text kept for those a finding points into.
    pub sources: SourceMap,
    /// Findings, sorted by path, line, column, rule id. Suppressed and baselined findings
    /// are not among them.
    pub findings: Vec<Finding>,
    /// Findings an exception covers, in the same order.
    pub suppressed: Vec<Suppressed>,
    /// How many findings the baseline accepted (not reported).
    pub baselined: usize,
    /// The rules that ran, in id order.
    pub rules: Vec<&'static RuleMeta>,
    /// Counts.
    pub stats: Stats,
    /// The inventory (kept for `inventory` output and for counts).
    pub inventory: Inventory,
    /// What could not be evaluated, and why (only with `--show-unknown`).
    pub notes: Vec<unknown::UnknownNote>,
    line_indexes: Vec<Option<LineIndex>>,
}

/// A resolved location for reporting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location<'a> {
    /// Repo-relative path with `/`.
    pub path: &'a str,
    /// 1-based start line.
    pub start_line: usize,
    /// 1-based start column (UTF-16 units).
    pub start_col: usize,
    /// 1-based end line.
    pub end_line: usize,
    /// 1-based end column, exclusive (UTF-16 units).
    pub end_col: usize,
}

impl Report {
    /// Builds a report; computes line indexes for the files findings point into.
    pub fn new(
        sources: SourceMap,
        findings: Vec<Finding>,
        rules: Vec<&'static RuleMeta>,
        stats: Stats,
        inventory: Inventory,
    ) -> Report {
        let mut needed = vec![false; sources.files().len()];
        let spans = findings
            .iter()
            .map(|f| f.span)
            .chain(inventory.parse_errors.iter().map(|e| e.span));
        for span in spans {
            if let Some(slot) = needed.get_mut(span.file.0 as usize) {
                *slot = true;
            }
        }
        let line_indexes = sources
            .files()
            .iter()
            .zip(&needed)
            .map(|(f, n)| n.then(|| LineIndex::new(&f.text)))
            .collect();
        Report {
            sources,
            findings,
            suppressed: Vec::new(),
            baselined: 0,
            rules,
            stats,
            inventory,
            notes: Vec::new(),
            line_indexes,
        }
    }

    /// Records the suppressed findings (and indexes the lines of their files).
    pub fn set_suppressed(&mut self, suppressed: Vec<Suppressed>) {
        // the finding's file, and the exception's (the exceptions file for external ones)
        for file in suppressed
            .iter()
            .flat_map(|s| [s.finding.span.file, s.at.file])
        {
            let i = file.0 as usize;
            if let (Some(slot @ None), Some(f)) =
                (self.line_indexes.get_mut(i), self.sources.get(file))
            {
                *slot = Some(LineIndex::new(&f.text));
            }
        }
        self.suppressed = suppressed;
    }

    /// Line and column of a span.
    pub fn locate(&self, span: Span) -> Location<'_> {
        let span = self.sources.original(span);
        let file = self.sources.get(span.file);
        let path = file.map(|f| f.rel_path.as_str()).unwrap_or("");
        let text = file.map(|f| f.text.as_str()).unwrap_or("");
        let owned;
        let idx = match self.line_indexes.get(span.file.0 as usize) {
            Some(Some(i)) => i,
            _ => {
                owned = LineIndex::new(text);
                &owned
            }
        };
        let (start_line, start_col) = idx.position(text, span.start);
        let (end_line, end_col) = idx.position(text, span.end);
        Location {
            path,
            start_line,
            start_col,
            end_line,
            end_col,
        }
    }

    /// The findings at or above a severity.
    pub fn count_at_least(&self, severity: crate::rules::Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.rule.severity >= severity)
            .count()
    }

    /// True when some input could not be parsed.
    pub fn has_parse_errors(&self) -> bool {
        self.stats.parse_errors > 0
    }
}

/// Formats a finished report.
pub trait Reporter {
    /// Writes the report.
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()>;
}
