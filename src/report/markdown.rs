//! A Markdown summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment: counts by
//! severity, a table of findings (the first [`MAX_ROWS`]), the suppressed findings with
//! their exceptions in a collapsed section, and one line of totals.
//!
//! Table cells are escaped (`|`, backslashes, HTML) and kept on one line. Like SARIF, it
//! never quotes source text.

use std::io::Write;

use crate::report::{Report, Reporter};
use crate::rules::Severity;

/// Most findings listed; the rest are counted.
pub const MAX_ROWS: usize = 200;

/// Writes the summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct Markdown;

const SEVERITIES: [Severity; 5] = [
    Severity::Critical,
    Severity::High,
    Severity::Medium,
    Severity::Low,
    Severity::Info,
];

impl Reporter for Markdown {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let n = report.findings.len();
        if n == 0 {
            writeln!(out, "## leastpriv: no findings")?;
        } else {
            writeln!(
                out,
                "## leastpriv: {n} finding{}",
                if n == 1 { "" } else { "s" }
            )?;
            writeln!(out)?;
            writeln!(out, "| Severity | Findings |")?;
            writeln!(out, "|---|---:|")?;
            for sev in SEVERITIES {
                let count = report
                    .findings
                    .iter()
                    .filter(|f| f.rule.severity == sev)
                    .count();
                if count > 0 {
                    writeln!(out, "| {} | {count} |", sev.as_str())?;
                }
            }
            writeln!(out)?;
            writeln!(out, "| Severity | Rule | Location | Message |")?;
            writeln!(out, "|---|---|---|---|")?;
            for f in report.findings.iter().take(MAX_ROWS) {
                let loc = report.locate(f.span);
                let sev = match f.rule.severity {
                    Severity::Critical | Severity::High => {
                        format!("**{}**", f.rule.severity.as_str())
                    }
                    s => s.as_str().to_string(),
                };
                let mut message = cell(&f.message);
                if !f.address.is_empty() {
                    message.push_str(&format!(" (in `{}`)", code_cell(&f.address)));
                }
                writeln!(
                    out,
                    "| {sev} | `{}` {} | `{}:{}` | {message} |",
                    f.rule.id,
                    f.rule.name,
                    code_cell(loc.path),
                    loc.start_line
                )?;
            }
            if n > MAX_ROWS {
                writeln!(out)?;
                writeln!(
                    out,
                    "_…and {} more; see the SARIF or JSON report for all of them._",
                    n - MAX_ROWS
                )?;
            }
        }
        if !report.suppressed.is_empty() {
            let k = report.suppressed.len();
            writeln!(out)?;
            writeln!(
                out,
                "<details><summary>{k} suppressed finding{}</summary>",
                if k == 1 { "" } else { "s" }
            )?;
            writeln!(out)?;
            writeln!(out, "| Rule | Location | Reason | Owner | Expires |")?;
            writeln!(out, "|---|---|---|---|---|")?;
            for s in report.suppressed.iter().take(MAX_ROWS) {
                let loc = report.locate(s.finding.span);
                writeln!(
                    out,
                    "| `{}` {} | `{}:{}` | {} | {} | {} |",
                    s.finding.rule.id,
                    s.finding.rule.name,
                    code_cell(loc.path),
                    loc.start_line,
                    cell(&s.justification),
                    s.owner.as_deref().map(cell).unwrap_or_default(),
                    s.expires.map(|d| d.to_string()).unwrap_or_default()
                )?;
            }
            writeln!(out)?;
            writeln!(out, "</details>")?;
        }
        if !report.notes.is_empty() {
            let k = report.notes.len();
            writeln!(out)?;
            writeln!(
                out,
                "<details><summary>{k} value{} not evaluated</summary>",
                if k == 1 { "" } else { "s" }
            )?;
            writeln!(out)?;
            writeln!(out, "| Location | What | Why |")?;
            writeln!(out, "|---|---|---|")?;
            for n in report.notes.iter().take(MAX_ROWS) {
                let loc = report.locate(n.span);
                writeln!(
                    out,
                    "| `{}:{}` | {} | {} |",
                    code_cell(loc.path),
                    loc.start_line,
                    cell(&n.subject),
                    cell(&n.cause)
                )?;
            }
            writeln!(out)?;
            writeln!(out, "</details>")?;
        }
        let s = &report.stats;
        writeln!(out)?;
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut totals = format!(
            "{} scanned, {}, {}",
            plural(s.files_scanned, "file", "files"),
            plural(s.entities, "IAM entity", "IAM entities"),
            plural(s.parse_errors, "parse error", "parse errors")
        );
        if report.baselined > 0 {
            totals.push_str(&format!(
                ", {} accepted by the baseline",
                plural(report.baselined, "finding", "findings")
            ));
        }
        writeln!(out, "_{totals}._")
    }
}

/// Text for a table cell: one line, no HTML, no column breaks, no Markdown markup.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text inside a code span in a table cell: one line, `|` escaped, no backticks.
fn code_cell(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
        .replace('`', "'")
        .replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_stay_in_their_column() {
        assert_eq!(
            cell("a|b\n<script> *x* `y` [l](u) & \\"),
            "a\\|b &lt;script&gt; \\*x\\* \\`y\\` \\[l\\](u) &amp; \\\\"
        );
        assert_eq!(code_cell("dir|a/`x`.tf"), "dir\\|a/'x'.tf");
    }
}
