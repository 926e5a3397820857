//! Inline suppression comments.
//!
//! ```text
//! # leastpriv:ignore[IAM101,wildcard-action] reason="break-glass role" expires=2026-06-30 owner=platform
//! // leastpriv:ignore[IAM402] reason=legacy-ci ticket=SEC-12
//! /* leastpriv:ignore[IAM101] reason="..." */
//! # leastpriv:ignore-file[IAM401] reason="users are managed here on purpose"
//! ```
//!
//! The comment starts with `#`, `//` or `/*` (HCL, YAML; `#` and `//` after code too).
//! After code on the same line it covers findings on that line, and blocks starting on it;
//! on a line of its own it covers the next line that holds code, and the resource, policy
//! or statement block starting there. `ignore-file` covers the whole file. Rules are named
//! by id or kebab-case name. Fields: `reason` (required), `expires` (`YYYY-MM-DD`, last
//! day it holds), `owner`, `ticket`; values are bare words or double-quoted strings with
//! `\"` escapes. Anything after a further comment marker (`#`, `//`, `/*`) or `*/` is
//! ignored; a line may hold several suppression comments.

use crate::rules::{registry, RuleMeta};
use crate::source::{FileId, Span};
use crate::suppress::exception::{Exception, Kind, Target};
use crate::suppress::Date;

/// The marker every inline suppression contains.
pub const MARKER: &str = "leastpriv:ignore";

/// Every suppression comment in one file's text.
pub fn parse_file(file: FileId, text: &str) -> Vec<Exception> {
    if !text.contains(MARKER) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let lines: Vec<(usize, &str)> = line_starts(text);
    for (i, &(start, line)) in lines.iter().enumerate() {
        for (at, _) in line.match_indices(MARKER) {
            let Some((opener, code)) = comment_opener(line, at) else {
                continue;
            };
            let comment = line.get(opener..).unwrap_or("").trim_end();
            let span = Span::new(file, start + opener, start + opener + comment.len());
            let after = line.get(at + MARKER.len()..).unwrap_or("");
            let (whole_file, rest) = match after.strip_prefix("-file") {
                Some(rest) => (true, rest),
                None => (false, after),
            };
            let target = if whole_file {
                Target::File(file)
            } else if code {
                Target::Line {
                    file,
                    line: Some(i + 1),
                }
            } else {
                Target::Line {
                    file,
                    line: next_code_line(&lines, i + 1),
                }
            };
            out.push(parse_body(rest, target, span));
        }
    }
    out
}

/// `(byte offset, text)` of every line, without line terminators.
fn line_starts(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let line = piece.trim_end_matches('\n').trim_end_matches('\r');
        out.push((start, line));
        start += piece.len();
    }
    out
}

/// The comment opener right before the marker at `at`: its offset, and whether code
/// precedes it on the line. `None` when the marker is not in a comment (inside a string).
fn comment_opener(line: &str, at: usize) -> Option<(usize, bool)> {
    let before = line.get(..at)?.trim_end();
    let opener = ["/*", "//", "#"]
        .iter()
        .find_map(|o| before.strip_suffix(o).map(|rest| rest.len()))?;
    let code = line.get(..opener)?;
    // a marker inside a double-quoted string is not a comment
    let mut quotes = 0;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => quotes += 1,
            _ => {}
        }
        escaped = false;
    }
    (quotes % 2 == 0).then_some((opener, !code.trim().is_empty()))
}

/// 1-based number of the first line at or after index `from` holding code.
fn next_code_line(lines: &[(usize, &str)], from: usize) -> Option<usize> {
    lines
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, (_, l))| {
            let t = l.trim_start();
            !(t.is_empty()
                || t.starts_with('#')
                || t.starts_with("//")
                || t.starts_with("/*")
                || t.starts_with('*'))
        })
        .map(|(i, _)| i + 1)
}

/// Parses `[IDS] key=value ...` after the marker.
fn parse_body(rest: &str, target: Target, span: Span) -> Exception {
    let mut e = Exception {
        kind: Kind::InSource,
        rules: Vec::new(),
        target,
        reason: None,
        owner: None,
        ticket: None,
        expires: None,
        span,
        problems: Vec::new(),
    };
    let Some(list) = rest.strip_prefix('[') else {
        e.problems
            .push("names no rule: write `leastpriv:ignore[RULE] reason=\"...\"`".into());
        return e;
    };
    let Some(close) = list.find(']') else {
        e.problems.push("has no closing `]` after the rules".into());
        return e;
    };
    for key in list.get(..close).unwrap_or("").split(',').map(str::trim) {
        if key.is_empty() {
            continue;
        }
        match resolve(key) {
            Some(meta) if !e.rules.iter().any(|r| r.id == meta.id) => e.rules.push(meta),
            Some(_) => {}
            None => e.problems.push(format!("names unknown rule `{key}`")),
        }
    }
    let fields = list.get(close + 1..).unwrap_or("");
    for (key, value) in fields_of(fields, &mut e.problems) {
        match key.as_str() {
            "reason" => e.reason = Some(value),
            "owner" => e.owner = Some(value),
            "ticket" => e.ticket = Some(value),
            "expires" => match Date::parse(&value) {
                Some(d) => e.expires = Some(d),
                None => e
                    .problems
                    .push(format!("has expiry `{value}`, not a YYYY-MM-DD date")),
            },
            other => e.problems.push(format!("has unknown field `{other}`")),
        }
    }
    e
}

/// A rule by id or name; the exception rules themselves cannot be suppressed.
pub(crate) fn resolve(key: &str) -> Option<&'static RuleMeta> {
    registry::find(key)
        .map(|r| r.meta())
        .filter(|m| !crate::suppress::is_exception_rule(m))
}

/// `key=value` pairs up to the end or a further comment marker.
fn fields_of(s: &str, problems: &mut Vec<String>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    loop {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let Some(&(i, _)) = chars.peek() else {
            break;
        };
        let tail = s.get(i..).unwrap_or("");
        if ["#", "//", "/*", "*/"].iter().any(|m| tail.starts_with(m)) {
            break;
        }
        let mut key = String::new();
        while let Some((_, c)) = chars.next_if(|(_, c)| c.is_ascii_alphanumeric() || *c == '_') {
            key.push(c);
        }
        if key.is_empty() || chars.next_if(|(_, c)| *c == '=').is_none() {
            let word: String = tail.chars().take_while(|c| !c.is_whitespace()).collect();
            problems.push(format!("has `{word}` where `field=value` belongs"));
            break;
        }
        let mut value = String::new();
        if chars.next_if(|(_, c)| *c == '"').is_some() {
            let mut closed = false;
            while let Some((_, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, n)) = chars.next() {
                            value.push(n);
                        }
                    }
                    '"' => {
                        closed = true;
                        break;
                    }
                    c => value.push(c),
                }
            }
            if !closed {
                problems.push(format!("has an unterminated string in `{key}`"));
            }
        } else {
            while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace()) {
                value.push(c);
            }
            // `reason=x*/` at the end of a block comment
            if let Some(v) = value.strip_suffix("*/") {
                value = v.to_string();
            }
        }
        out.push((key, value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Exception {
        let mut v = parse_file(FileId(0), text);
        assert_eq!(v.len(), 1, "{text}");
        v.remove(0)
    }

    fn ids(e: &Exception) -> Vec<&str> {
        e.rules.iter().map(|r| r.id).collect()
    }

    #[test]
    fn comment_above_points_at_the_next_code_line() {
        let text = "locals {}\n\n# leastpriv:ignore[IAM101, wildcard-action] reason=\"break glass\" expires=2026-06-30 owner=\"Platform Team\" ticket=SEC-1\n# another comment\n\nresource \"x\" \"y\" {\n}\n";
        let e = one(text);
        assert_eq!(ids(&e), ["IAM101", "IAM102"]);
        assert_eq!(e.reason.as_deref(), Some("break glass"));
        assert_eq!(e.owner.as_deref(), Some("Platform Team"));
        assert_eq!(e.ticket.as_deref(), Some("SEC-1"));
        assert_eq!(e.expires, Date::parse("2026-06-30"));
        assert!(e.problems.is_empty(), "{:?}", e.problems);
        assert!(matches!(e.target, Target::Line { line: Some(6), .. }));
        assert_eq!(
            &text[e.span.range()],
            text.lines().nth(2).unwrap(),
            "the span is the comment"
        );
    }

    #[test]
    fn trailing_comments_point_at_their_line() {
        let e = one("a = 1\nb = 2 // leastpriv:ignore[IAM402] reason=legacy\n");
        assert!(matches!(e.target, Target::Line { line: Some(2), .. }));
        assert_eq!(e.reason.as_deref(), Some("legacy"));
        let e = one("b = 2 /* leastpriv:ignore[IAM402] reason=\"a \\\"quoted\\\" word\" */\n");
        assert_eq!(e.reason.as_deref(), Some("a \"quoted\" word"));
        assert!(e.problems.is_empty(), "{:?}", e.problems);
        let e = one("b = 2 /* leastpriv:ignore[IAM402] reason=short*/\n");
        assert_eq!(e.reason.as_deref(), Some("short"));
        // a later comment is not part of it
        let e = one("x # leastpriv:ignore[IAM101] reason=\"r\" # expect: IAM903\n");
        assert!(e.problems.is_empty(), "{:?}", e.problems);
        // two on one line
        let v = parse_file(
            FileId(0),
            "x // leastpriv:ignore[IAM101] reason=a /* leastpriv:ignore[IAM102] reason=b */\n",
        );
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].reason.as_deref(), Some("a"));
        assert_eq!(ids(&v[1]), ["IAM102"]);
        assert!(v.iter().all(|e| e.problems.is_empty()));
    }

    #[test]
    fn file_wide_and_strings() {
        let e = one("# leastpriv:ignore-file[user-with-direct-policy] reason=\"legacy users\"\n");
        assert!(matches!(e.target, Target::File(_)));
        assert_eq!(ids(&e), ["IAM401"]);
        assert!(parse_file(
            FileId(0),
            "description = \"# leastpriv:ignore[IAM101] reason=x\"\n"
        )
        .is_empty());
        assert!(parse_file(FileId(0), "name = \"leastpriv:ignore[IAM101]\"\n").is_empty());
        // the last line: above nothing
        let e = one("x = 1\n# leastpriv:ignore[IAM101] reason=r");
        assert!(matches!(e.target, Target::Line { line: None, .. }));
    }

    #[test]
    fn problems_are_recorded_not_fatal() {
        let e = one("# leastpriv:ignore reason=x\n");
        assert!(e.problems[0].contains("names no rule"));
        let e = one("# leastpriv:ignore[IAM101 reason=x\n");
        assert!(e.problems[0].contains("closing"));
        let e = one("# leastpriv:ignore[IAM999,full-admin-statement] reason=x expires=2026-02-30 colour=red\n");
        assert_eq!(ids(&e), ["IAM101"]);
        assert_eq!(
            e.problems,
            [
                "names unknown rule `IAM999`",
                "has expiry `2026-02-30`, not a YYYY-MM-DD date",
                "has unknown field `colour`"
            ]
        );
        let e = one("# leastpriv:ignore[IAM101] because reasons\n");
        assert!(e.problems[0].contains("`because`"), "{:?}", e.problems);
        let e = one("# leastpriv:ignore[IAM101] reason=\"open\n");
        assert!(e.problems[0].contains("unterminated"));
        let e = one("# leastpriv:ignore[exception-unused] reason=x\n");
        assert_eq!(e.problems, ["names unknown rule `exception-unused`"]);
        let e = one("# leastpriv:ignore[IAM101]\n");
        assert!(e.problems.is_empty() && e.reason.is_none());
    }

    #[test]
    fn every_prefix_of_a_comment_parses_without_panic() {
        let text = "x = 1 # leastpriv:ignore-file[IAM101, full-admin-statement] reason=\"a \\\" \u{1F600}\" owner=o expires=2026-06-30 /* leastpriv:ignore[IAM102] reason=b */\n";
        for (i, _) in text.char_indices() {
            let _ = parse_file(FileId(0), &text[..i]);
            let _ = parse_file(FileId(0), &text[i..]);
        }
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "leastpriv:ignore",
            "#leastpriv:ignore[",
            "# leastpriv:ignore[]]]] reason=\"\u{1F600}",
            "# leastpriv:ignore-file",
            "\r\n# leastpriv:ignore[IAM101] reason=\r\n",
            "# leastpriv:ignore[IAM101] =x reason",
        ] {
            let _ = parse_file(FileId(0), text);
        }
    }
}
