//! JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure DevOps).
//!
//! One `<testsuite>` per rule that ran. Each finding is a `<testcase>` with a `<failure>`
//! (its `type` the severity); each suppressed finding a `<testcase>` with `<skipped>` and
//! the exception's reason; a rule that found nothing has one passing `<testcase>`. Text is
//! XML-escaped, and characters XML 1.0 does not allow are dropped. Like SARIF, it never
//! quotes source text.

use std::io::Write;

use crate::report::{Finding, Report, Reporter};
use crate::rules::RuleMeta;

/// Writes the JUnit document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Junit;

struct Case<'a> {
    finding: &'a Finding,
    skipped: Option<&'a str>,
}

impl Reporter for Junit {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let mut rules: Vec<&'static RuleMeta> = report.rules.clone();
        let all = report
            .findings
            .iter()
            .chain(report.suppressed.iter().map(|s| &s.finding));
        for f in all {
            if !rules.iter().any(|r| r.id == f.rule.id) {
                rules.push(f.rule);
            }
        }
        let suites: Vec<(&RuleMeta, Vec<Case<'_>>)> = rules
            .iter()
            .map(|rule| {
                let mut cases: Vec<Case<'_>> = report
                    .findings
                    .iter()
                    .filter(|f| f.rule.id == rule.id)
                    .map(|finding| Case {
                        finding,
                        skipped: None,
                    })
                    .collect();
                cases.extend(
                    report
                        .suppressed
                        .iter()
                        .filter(|s| s.finding.rule.id == rule.id)
                        .map(|s| Case {
                            finding: &s.finding,
                            skipped: Some(s.justification.as_str()),
                        }),
                );
                (*rule, cases)
            })
            .collect();
        let count = |pred: &dyn Fn(&Case<'_>) -> bool| -> usize {
            suites
                .iter()
                .map(|(_, cases)| cases.iter().filter(|c| pred(c)).count())
                .sum()
        };
        let tests: usize = suites.iter().map(|(_, c)| c.len().max(1)).sum();
        let failures = count(&|c| c.skipped.is_none());
        let skipped = count(&|c| c.skipped.is_some());
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="leastpriv" tests="{tests}" failures="{failures}" errors="0" skipped="{skipped}">"#
        )?;
        for (rule, cases) in &suites {
            let fails = cases.iter().filter(|c| c.skipped.is_none()).count();
            let skips = cases.len() - fails;
            writeln!(
                out,
                r#"  <testsuite name="{}" tests="{}" failures="{fails}" errors="0" skipped="{skips}">"#,
                xml(&format!("{} {}", rule.id, rule.name)),
                cases.len().max(1),
            )?;
            if cases.is_empty() {
                writeln!(
                    out,
                    r#"    <testcase classname="{}" name="{}"/>"#,
                    xml(rule.id),
                    xml(rule.name)
                )?;
            }
            for case in cases {
                let f = case.finding;
                let loc = report.locate(f.span);
                let name = if f.address.is_empty() {
                    format!("{}:{}", loc.path, loc.start_line)
                } else {
                    format!("{}:{} {}", loc.path, loc.start_line, f.address)
                };
                writeln!(
                    out,
                    r#"    <testcase classname="{}" name="{}" file="{}" line="{}">"#,
                    xml(rule.id),
                    xml(&name),
                    xml(loc.path),
                    loc.start_line
                )?;
                match case.skipped {
                    Some(reason) => writeln!(
                        out,
                        r#"      <skipped message="{}"/>"#,
                        xml(&format!("suppressed: {reason}"))
                    )?,
                    None => writeln!(
                        out,
                        r#"      <failure type="{}" message="{}">{}</failure>"#,
                        f.rule.severity.as_str(),
                        xml(&f.message),
                        xml(&format!(
                            "{}:{}:{}: {} [{}] {}\n{} (leastpriv explain {})",
                            loc.path,
                            loc.start_line,
                            loc.start_col,
                            f.rule.severity.as_str(),
                            f.rule.id,
                            f.message,
                            f.rule.summary,
                            f.rule.id
                        ))
                    )?,
                }
                writeln!(out, "    </testcase>")?;
            }
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}

/// Escapes text for an XML attribute or element, dropping characters XML 1.0 forbids.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_drops_forbidden_characters() {
        assert_eq!(
            xml("a<b>&\"c\" 'd'\u{1}\u{FFFF}\n"),
            "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;&#10;"
        );
    }
}
