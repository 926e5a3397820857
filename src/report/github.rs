//! GitHub Actions workflow commands: one annotation per finding, shown on the pull
//! request's changed lines and in the run's summary.
//!
//! `::error file=F,line=L,endLine=L2,col=C,endColumn=C2,title=T::MESSAGE`, with the level
//! from the severity (critical and high: `error`, medium: `warning`, low and info:
//! `notice`), and `error` for every finding that fails the run (at or above `--fail-on`). Values are escaped as the Actions runner expects (`@actions/core`'s
//! `escapeData` / `escapeProperty`): `%`, CR and LF everywhere, and `:` and `,` inside
//! properties. Suppressed findings are not annotated. Messages never quote source text.

use std::io::Write;

use crate::report::{Report, Reporter};
use crate::rules::Severity;

/// Writes workflow commands.
#[derive(Debug, Clone, Copy, Default)]
pub struct Github {
    /// The lowest severity that fails the run (`--fail-on`); such findings are errors.
    pub fails_from: Option<Severity>,
}

/// The workflow command of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

impl Reporter for Github {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        for f in &report.findings {
            let loc = report.locate(f.span);
            let mut props = vec![
                ("file", loc.path.to_string()),
                ("line", loc.start_line.to_string()),
                ("endLine", loc.end_line.max(loc.start_line).to_string()),
            ];
            // GitHub uses columns only on single-line annotations
            if loc.end_line <= loc.start_line {
                props.push(("col", loc.start_col.to_string()));
                props.push(("endColumn", loc.end_col.max(loc.start_col).to_string()));
            }
            props.push((
                "title",
                format!(
                    "{} {} ({})",
                    f.rule.id,
                    f.rule.name,
                    f.rule.severity.as_str()
                ),
            ));
            let props: Vec<String> = props
                .iter()
                .map(|(k, v)| format!("{k}={}", escape_property(v)))
                .collect();
            let mut message = f.message.clone();
            if !f.address.is_empty() {
                message.push_str(&format!(" (in {})", f.address));
            }
            message.push_str(&format!(
                "\n{} (`leastpriv explain {}`)",
                f.rule.summary, f.rule.id
            ));
            writeln!(
                out,
                "::{} {}::{}",
                if self.fails_from.is_some_and(|s| f.rule.severity >= s) {
                    "error"
                } else {
                    level(f.rule.severity)
                },
                props.join(","),
                escape_data(&message)
            )?;
        }
        for n in &report.notes {
            let loc = report.locate(n.span);
            writeln!(
                out,
                "::notice file={},line={},title={}::{}",
                escape_property(loc.path),
                loc.start_line,
                escape_property("leastpriv: not evaluated"),
                escape_data(&n.message())
            )?;
        }
        Ok(())
    }
}

/// Escapes a command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("dir,a/x:1.tf%\n"), "dir%2Ca/x%3A1.tf%25%0A");
        assert_eq!(level(Severity::High), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Info), "notice");
    }
}
