//! Readable text: `path:line:col`, rule id and name, severity, message, a code frame of the
//! offending lines (credentials masked), and a summary line. Colour only when asked for
//! (the CLI asks on a terminal without NO_COLOR).

use std::io::Write;

use anstyle::{AnsiColor, Effects, Style};

use crate::report::{Report, Reporter};
use crate::rules::Severity;
use crate::secrets::redact_text;

/// Most source lines shown per finding; longer spans show their first and last lines.
const MAX_FRAME_LINES: usize = 6;

/// The text reporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Text {
    /// Emit ANSI colours.
    pub color: bool,
}

impl Text {
    fn paint(&self, style: Style, s: &str) -> String {
        if self.color {
            format!("{}{s}{}", style.render(), style.render_reset())
        } else {
            s.to_string()
        }
    }
}

fn severity_style(s: Severity) -> Style {
    let c = match s {
        Severity::Critical | Severity::High => AnsiColor::Red,
        Severity::Medium => AnsiColor::Yellow,
        Severity::Low => AnsiColor::Cyan,
        Severity::Info => AnsiColor::White,
    };
    Style::new().fg_color(Some(c.into())).effects(Effects::BOLD)
}

impl Reporter for Text {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let bold = Style::new().effects(Effects::BOLD);
        let dim = Style::new().fg_color(Some(AnsiColor::Blue.into()));
        for f in &report.findings {
            let loc = report.locate(f.span);
            writeln!(
                out,
                "{}:{}:{}: {} {} {}",
                self.paint(bold, loc.path),
                loc.start_line,
                loc.start_col,
                self.paint(
                    severity_style(f.rule.severity),
                    &format!("{}[{}]", f.rule.severity.as_str(), f.rule.id)
                ),
                self.paint(bold, f.rule.name),
                f.message
            )?;
            let text = report
                .sources
                .get(f.span.file)
                .map(|s| s.text.as_str())
                .unwrap_or("");
            let lines: Vec<&str> = text.lines().collect();
            let last = loc.end_line.max(loc.start_line);
            // a span ending at column 1 ends on the line before
            let last = if loc.end_col == 1 && last > loc.start_line {
                last - 1
            } else {
                last
            };
            let width = last.to_string().len();
            let gutter = " ".repeat(width);
            writeln!(out, "{} {}", gutter, self.paint(dim, "|"))?;
            let count = last + 1 - loc.start_line;
            for n in loc.start_line..=last {
                let elide = count > MAX_FRAME_LINES
                    && n >= loc.start_line + MAX_FRAME_LINES - 2
                    && n < last - 1;
                if elide {
                    if n == loc.start_line + MAX_FRAME_LINES - 2 {
                        writeln!(out, "{} {}", gutter, self.paint(dim, "..."))?;
                    }
                    continue;
                }
                let line = lines.get(n - 1).copied().unwrap_or("");
                writeln!(
                    out,
                    "{} {} {}",
                    self.paint(dim, &format!("{n:>width$}")),
                    self.paint(dim, "|"),
                    redact_text(line.trim_end_matches('\r'))
                )?;
            }
            if !f.address.is_empty() {
                writeln!(out, "{} {} in {}", gutter, self.paint(dim, "="), f.address)?;
            }
            writeln!(
                out,
                "{} {} help: {} (`leastpriv explain {}`)",
                gutter,
                self.paint(dim, "="),
                f.rule.summary,
                f.rule.id
            )?;
            writeln!(out)?;
        }
        writeln!(out, "{}", summary(report))
    }
}

/// One line: counts of findings by severity, files scanned, parse errors.
pub fn summary(report: &Report) -> String {
    let mut by = Vec::new();
    for sev in [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ] {
        let n = report
            .findings
            .iter()
            .filter(|f| f.rule.severity == sev)
            .count();
        if n > 0 {
            by.push(format!("{n} {}", sev.as_str()));
        }
    }
    let n = report.findings.len();
    let found = if n == 0 {
        "no findings".to_string()
    } else {
        format!(
            "{n} finding{} ({})",
            if n == 1 { "" } else { "s" },
            by.join(", ")
        )
    };
    format!(
        "{found} in {} file{} scanned ({} skipped), {} IAM entit{}, {} parse error{}",
        report.stats.files_scanned,
        if report.stats.files_scanned == 1 {
            ""
        } else {
            "s"
        },
        report.stats.files_skipped,
        report.stats.entities,
        if report.stats.entities == 1 {
            "y"
        } else {
            "ies"
        },
        report.stats.parse_errors,
        if report.stats.parse_errors == 1 {
            ""
        } else {
            "s"
        },
    )
}
