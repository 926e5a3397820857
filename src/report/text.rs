//! Readable text: `path:line:col`, rule id and name, severity, message, a code frame of the
//! offending lines (credentials masked), and a summary line. Colour only when asked for
//! (the CLI asks on a terminal without NO_COLOR). Suppressed findings are counted in the
//! summary and listed, each with its exception, when asked for (`--show-suppressed`).

use std::io::Write;

use anstyle::{AnsiColor, Effects, Style};

use crate::report::{Report, Reporter, Suppressed};
use crate::rules::Severity;
use crate::secrets::redact_text;

/// Most source lines shown per finding; longer spans show their first and last lines.
const MAX_FRAME_LINES: usize = 6;

/// The text reporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Text {
    /// Emit ANSI colours.
    pub color: bool,
    /// List suppressed findings after the others.
    pub show_suppressed: bool,
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
        for f in &report.findings {
            self.finding(report, f, None, out)?;
        }
        if self.show_suppressed && !report.suppressed.is_empty() {
            writeln!(
                out,
                "{}",
                self.paint(Style::new().effects(Effects::BOLD), "suppressed findings:")
            )?;
            writeln!(out)?;
            for s in &report.suppressed {
                self.finding(report, &s.finding, Some(s), out)?;
            }
        }
        for n in &report.notes {
            let loc = report.locate(n.span);
            writeln!(
                out,
                "{}:{}:{}: {} {}",
                loc.path,
                loc.start_line,
                loc.start_col,
                self.paint(Style::new().effects(Effects::BOLD), "note:"),
                n.message()
            )?;
        }
        if !report.notes.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "{}", summary(report))
    }
}

impl Text {
    /// One finding with its code frame; a suppressed one also says which exception.
    fn finding(
        &self,
        report: &Report,
        f: &crate::report::Finding,
        suppressed: Option<&Suppressed>,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let bold = Style::new().effects(Effects::BOLD);
        let dim = Style::new().fg_color(Some(AnsiColor::Blue.into()));
        {
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
                .get(report.sources.original(f.span).file)
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
            for (n, step) in f.steps.iter().enumerate() {
                let at = report.locate(step.span);
                writeln!(
                    out,
                    "{} {} step {}: {}:{}: {}",
                    gutter,
                    self.paint(dim, "="),
                    n + 1,
                    at.path,
                    at.start_line,
                    step.message
                )?;
            }
            for r in &f.related {
                let at = report.locate(r.span);
                if !at.path.is_empty() {
                    writeln!(
                        out,
                        "{} {} see {}:{}: {}",
                        gutter,
                        self.paint(dim, "="),
                        at.path,
                        at.start_line,
                        r.message
                    )?;
                }
            }
            writeln!(
                out,
                "{} {} help: {} (`leastpriv explain {}`)",
                gutter,
                self.paint(dim, "="),
                f.rule.summary,
                f.rule.id
            )?;
            if let Some(s) = suppressed {
                writeln!(
                    out,
                    "{} {} suppressed: {}",
                    gutter,
                    self.paint(dim, "="),
                    describe_exception(report, s)
                )?;
            }
            writeln!(out)?;
        }
        Ok(())
    }
}

/// `by the comment at main.tf:3 (reason "…", owner x, ticket y, expires 2026-06-30)`.
pub fn describe_exception(report: &Report, s: &Suppressed) -> String {
    let at = report.locate(s.at);
    let mut parts = vec![format!("reason {:?}", s.justification)];
    if let Some(o) = &s.owner {
        parts.push(format!("owner {o}"));
    }
    if let Some(t) = &s.ticket {
        parts.push(format!("ticket {t}"));
    }
    if let Some(d) = s.expires {
        parts.push(format!("expires {d}"));
    }
    let by = match s.kind {
        crate::suppress::Kind::InSource => "comment",
        crate::suppress::Kind::External => "exception",
    };
    format!(
        "by the {by} at {}:{} ({})",
        at.path,
        at.start_line,
        parts.join(", ")
    )
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
    let mut accepted = Vec::new();
    if !report.suppressed.is_empty() {
        accepted.push(format!("{} suppressed", report.suppressed.len()));
    }
    if report.baselined > 0 {
        accepted.push(format!("{} baselined", report.baselined));
    }
    let accepted = if accepted.is_empty() {
        String::new()
    } else {
        format!("; {} (not counted)", accepted.join(", "))
    };
    format!(
        "{found} in {} file{} scanned ({} skipped), {} IAM entit{}, {} parse error{}{accepted}",
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
