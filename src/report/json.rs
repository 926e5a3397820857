//! JSON reporter: a stable, versioned document for scripts and snapshots.
//!
//! The format is documented field by field in `docs/json-output.md`. Additive changes
//! (a new field, a new severity count) keep [`SCHEMA_VERSION`]; renaming, removing or
//! changing the meaning of a field bumps it.
//!
//! Output is pretty-printed, newline-terminated and deterministic: findings keep the
//! report's order (path, line, column, rule id), and nothing depends on time or threads.
//! Like SARIF, it never quotes source text.
//!
//! Suppressed findings are not in `findings` (which stays "what fails the build"): they
//! are listed in `suppressed`, each with its `suppression`. Baselined findings are only
//! counted (`summary.baselined`).

use std::io::Write;

use serde::Serialize;

use crate::report::{Finding, Report, Reporter};
use crate::rules::Severity;

/// Version of the JSON document's shape (`schema_version`).
pub const SCHEMA_VERSION: u32 = 1;

/// Writes the report as one JSON document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

impl Reporter for Json {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &document(report))?;
        out.write_all(b"\n")
    }
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    tool: Tool,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
    parse_errors: Vec<JsonParseError<'a>>,
    suppressed: Vec<JsonSuppressed<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<JsonNote<'a>>,
}

/// Something not evaluated (`--show-unknown`).
#[derive(Serialize)]
struct JsonNote<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    subject: &'a str,
    expression: &'a str,
    cause: &'a str,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    files_scanned: usize,
    files_skipped: usize,
    entities: usize,
    policies_parsed: usize,
    values_unknown: usize,
    parse_errors: usize,
    findings: usize,
    by_severity: BySeverity,
    suppressed: usize,
    baselined: usize,
}

#[derive(Serialize, Default)]
struct BySeverity {
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    info: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule_id: &'a str,
    rule_name: &'a str,
    severity: &'static str,
    message: &'a str,
    path: &'a str,
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    address: &'a str,
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    steps: Vec<JsonRelated<'a>>,
}

/// A related location or a path step: where and what it contributes.
#[derive(Serialize)]
struct JsonRelated<'a> {
    path: &'a str,
    line: usize,
    message: &'a str,
}

fn related<'a>(report: &'a Report, list: &'a [crate::rules::Related]) -> Vec<JsonRelated<'a>> {
    list.iter()
        .map(|r| {
            let loc = report.locate(r.span);
            JsonRelated {
                path: loc.path,
                line: loc.start_line,
                message: &r.message,
            }
        })
        .filter(|r| !r.path.is_empty())
        .collect()
}

#[derive(Serialize)]
struct JsonSuppressed<'a> {
    #[serde(flatten)]
    finding: JsonFinding<'a>,
    suppression: JsonSuppression<'a>,
}

#[derive(Serialize)]
struct JsonSuppression<'a> {
    kind: &'static str,
    justification: &'a str,
    owner: Option<&'a str>,
    ticket: Option<&'a str>,
    expires: Option<String>,
    path: &'a str,
    line: usize,
}

#[derive(Serialize)]
struct JsonParseError<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

fn document(report: &Report) -> Document<'_> {
    let mut by_severity = BySeverity::default();
    for f in &report.findings {
        let slot = match f.rule.severity {
            Severity::Critical => &mut by_severity.critical,
            Severity::High => &mut by_severity.high,
            Severity::Medium => &mut by_severity.medium,
            Severity::Low => &mut by_severity.low,
            Severity::Info => &mut by_severity.info,
        };
        *slot += 1;
    }
    let s = &report.stats;
    Document {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "leastpriv",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: Summary {
            files_scanned: s.files_scanned,
            files_skipped: s.files_skipped,
            entities: s.entities,
            policies_parsed: s.policies_parsed,
            values_unknown: s.values_unknown,
            parse_errors: s.parse_errors,
            findings: report.findings.len(),
            by_severity,
            suppressed: report.suppressed.len(),
            baselined: report.baselined,
        },
        findings: report.findings.iter().map(|f| finding(report, f)).collect(),
        parse_errors: report
            .inventory
            .parse_errors
            .iter()
            .map(|e| {
                let loc = report.locate(e.span);
                JsonParseError {
                    path: loc.path,
                    line: loc.start_line,
                    column: loc.start_col,
                    message: &e.message,
                }
            })
            .collect(),
        suppressed: report
            .suppressed
            .iter()
            .map(|s| {
                let at = report.locate(s.at);
                JsonSuppressed {
                    finding: finding(report, &s.finding),
                    suppression: JsonSuppression {
                        kind: match s.kind {
                            crate::suppress::Kind::InSource => "in_source",
                            crate::suppress::Kind::External => "external",
                        },
                        justification: &s.justification,
                        owner: s.owner.as_deref(),
                        ticket: s.ticket.as_deref(),
                        expires: s.expires.map(|d| d.to_string()),
                        path: at.path,
                        line: at.start_line,
                    },
                }
            })
            .collect(),
        notes: report
            .notes
            .iter()
            .map(|n| {
                let loc = report.locate(n.span);
                JsonNote {
                    path: loc.path,
                    line: loc.start_line,
                    column: loc.start_col,
                    subject: &n.subject,
                    expression: &n.expression,
                    cause: &n.cause,
                }
            })
            .collect(),
    }
}

fn finding<'a>(report: &'a Report, f: &'a Finding) -> JsonFinding<'a> {
    let loc = report.locate(f.span);
    JsonFinding {
        rule_id: f.rule.id,
        rule_name: f.rule.name,
        severity: f.rule.severity.as_str(),
        message: &f.message,
        path: loc.path,
        start_line: loc.start_line,
        start_column: loc.start_col,
        end_line: loc.end_line,
        end_column: loc.end_col,
        address: &f.address,
        fingerprint: &f.fingerprint,
        related: related(report, &f.related),
        steps: related(report, &f.steps),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Inventory, ParseError};
    use crate::report::{Finding, Stats};
    use crate::rules::{Precision, RuleMeta};
    use crate::source::{SourceMap, Span};
    use serde_json::{json, Value};

    static MEDIUM: RuleMeta = RuleMeta {
        id: "TEST003",
        name: "test-medium",
        severity: Severity::Medium,
        precision: Precision::High,
        tags: &[],
        summary: "A medium test rule",
        docs: "",
        source: file!(),
    };

    fn report() -> Report {
        let mut sources = SourceMap::default();
        let text = "ab\n\u{1F600}cd\n";
        let f = sources.add("m.tf".into(), "m.tf".into(), text.into());
        let g = sources.add("broken.tf".into(), "broken.tf".into(), "x\n  y".into());
        let admin = &crate::rules::builtin::FullAdminStatement::META;
        let findings = vec![
            Finding {
                rule: admin,
                span: Span::new(f, 0, 2),
                address: "aws_iam_policy.p".into(),
                message: "admin".into(),
                related: Vec::new(),
                steps: Vec::new(),
                fingerprint: "0123456789abcdef:1".into(),
            },
            Finding {
                rule: &MEDIUM,
                // `cd` after a 4-byte, 2-unit emoji
                span: Span::new(f, 7, 9),
                address: String::new(),
                message: "medium".into(),
                related: Vec::new(),
                steps: Vec::new(),
                fingerprint: "fedcba9876543210:1".into(),
            },
        ];
        let mut inventory = Inventory::default();
        inventory.parse_errors.push(ParseError {
            span: Span::new(g, 4, 5),
            message: "expected `=`".into(),
        });
        let stats = Stats {
            files_scanned: 2,
            files_skipped: 3,
            entities: 4,
            policies_parsed: 5,
            values_unknown: 6,
            parse_errors: 1,
        };
        Report::new(sources, findings, vec![admin, &MEDIUM], stats, inventory)
    }

    fn render(report: &Report) -> String {
        let mut out = Vec::new();
        Json.write(report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn output_is_deterministic_pretty_and_newline_terminated() {
        let a = render(&report());
        assert_eq!(a, render(&report()));
        assert!(a.starts_with("{\n  \"schema_version\": 1,\n"));
        assert!(a.ends_with("}\n"));
    }

    #[test]
    fn document_shape() {
        let doc: Value = serde_json::from_str(&render(&report())).unwrap();
        assert_eq!(
            doc["tool"],
            json!({"name": "leastpriv", "version": env!("CARGO_PKG_VERSION")})
        );
        assert_eq!(
            doc["summary"],
            json!({
                "files_scanned": 2, "files_skipped": 3, "entities": 4, "policies_parsed": 5,
                "values_unknown": 6, "parse_errors": 1, "findings": 2,
                "by_severity": {"critical": 1, "high": 0, "medium": 1, "low": 0, "info": 0},
                "suppressed": 0, "baselined": 0
            })
        );
        assert_eq!(
            doc["findings"][0],
            json!({
                "rule_id": "IAM101", "rule_name": "full-admin-statement", "severity": "critical",
                "message": "admin", "path": "m.tf", "start_line": 1, "start_column": 1,
                "end_line": 1, "end_column": 3, "address": "aws_iam_policy.p",
                "fingerprint": "0123456789abcdef:1"
            })
        );
        let medium = &doc["findings"][1];
        assert_eq!(medium["severity"], "medium");
        assert_eq!(medium["address"], "");
        assert_eq!(
            (
                &medium["start_line"],
                &medium["start_column"],
                &medium["end_column"]
            ),
            (&json!(2), &json!(3), &json!(5))
        );
        assert_eq!(
            doc["parse_errors"],
            json!([{"path": "broken.tf", "line": 2, "column": 3, "message": "expected `=`"}])
        );
    }

    #[test]
    fn field_order_is_stable() {
        let doc: Value = serde_json::from_str(&render(&report())).unwrap();
        let keys: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "schema_version",
                "tool",
                "summary",
                "findings",
                "parse_errors",
                "suppressed"
            ]
        );
    }

    #[test]
    fn empty_report() {
        let r = Report::new(
            SourceMap::default(),
            Vec::new(),
            Vec::new(),
            Stats::default(),
            Inventory::default(),
        );
        let doc: Value = serde_json::from_str(&render(&r)).unwrap();
        assert_eq!(doc["findings"], json!([]));
        assert_eq!(doc["parse_errors"], json!([]));
        assert_eq!(doc["summary"]["by_severity"]["critical"], 0);
    }
}
