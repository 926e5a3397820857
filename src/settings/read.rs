//! Typed reading of a spanned YAML tree with errors that name `file:line:column` and,
//! for a misspelt key or value, the closest valid one.

use std::path::Path;

use crate::error::Error;
use crate::parse::node::{Node, NodeKind};
use crate::source::{LineIndex, Span};

/// One YAML file being read: its path and line index, for error positions.
pub struct Doc<'a> {
    path: &'a Path,
    text: &'a str,
    index: LineIndex,
}

impl<'a> Doc<'a> {
    /// A reader over `text`, the contents of `path`.
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        Doc {
            path,
            text,
            index: LineIndex::new(text),
        }
    }

    /// Parses the text (tags are kept as they are); a syntax error is a usage error at
    /// its position.
    pub fn parse(&self) -> Result<Node, Error> {
        let parsed = crate::parse::yaml::parse(
            self.text,
            crate::source::FileId(0),
            crate::parse::yaml::Limits::default(),
            &crate::parse::yaml::IgnoreTags,
        )
        .map_err(|e| self.error_at(e.offset, &e.message))?;
        if let Some(p) = parsed.problems.first() {
            return Err(self.error_at(p.offset, &p.message));
        }
        Ok(parsed.root)
    }

    /// `path:line:column`.
    pub fn position(&self, offset: usize) -> String {
        let offset = offset.min(self.text.len());
        let line = self.index.line(u32::try_from(offset).unwrap_or(u32::MAX));
        let start = self.index.line_start(line).min(offset);
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        format!("{}:{line}:{col}", self.path.display())
    }

    /// The 1-based line of a span's start.
    pub fn line(&self, span: Span) -> usize {
        self.index.line(span.start)
    }

    /// A usage error at a byte offset.
    pub fn error_at(&self, offset: usize, message: &str) -> Error {
        Error::Usage(format!("{}: {message}", self.position(offset)))
    }

    /// A usage error at a node.
    pub fn error(&self, span: Span, message: &str) -> Error {
        self.error_at(span.start as usize, message)
    }

    /// The members of a mapping, every key checked against `allowed` (an unknown one is
    /// an error with the closest allowed key as a hint). Null reads as an empty mapping.
    pub fn mapping<'n>(
        &self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Result<Vec<(&'n str, Span, &'n Node)>, Error> {
        if matches!(node.kind, NodeKind::Null) {
            return Ok(Vec::new());
        }
        let Some(members) = node.as_object() else {
            return Err(self.error(
                node.span,
                &format!("{what} must be a mapping, not a {}", node.type_name()),
            ));
        };
        let mut out = Vec::new();
        for (k, v) in members {
            let Some(name) = k.name.as_known() else {
                return Err(self.error(k.span, &format!("{what} has a key that is not text")));
            };
            if !allowed.is_empty() && !allowed.contains(&name) {
                return Err(self.error(
                    k.span,
                    &format!(
                        "unknown key `{name}` in {what}{}",
                        hint(name, allowed.iter().copied(), allowed)
                    ),
                ));
            }
            out.push((name, k.span, v));
        }
        Ok(out)
    }

    /// A string (a number or boolean is read as written).
    pub fn string(&self, node: &Node, what: &str) -> Result<String, Error> {
        match &node.kind {
            NodeKind::Str(v) => v
                .as_known()
                .map(str::to_string)
                .ok_or_else(|| self.error(node.span, &format!("{what} must be plain text"))),
            NodeKind::Number(n) => Ok(n.clone()),
            NodeKind::Bool(b) => Ok(b.to_string()),
            _ => Err(self.error(
                node.span,
                &format!("{what} must be text, not a {}", node.type_name()),
            )),
        }
    }

    /// A list of strings; a single string reads as a list of one.
    pub fn strings(&self, node: &Node, what: &str) -> Result<Vec<(String, Span)>, Error> {
        match &node.kind {
            NodeKind::Null => Ok(Vec::new()),
            NodeKind::Array(items) => items
                .iter()
                .map(|n| Ok((self.string(n, &format!("each entry of {what}"))?, n.span)))
                .collect(),
            NodeKind::Object(_) => {
                Err(self.error(node.span, &format!("{what} must be a list, not a mapping")))
            }
            _ => Ok(vec![(self.string(node, what)?, node.span)]),
        }
    }

    /// A boolean.
    pub fn boolean(&self, node: &Node, what: &str) -> Result<bool, Error> {
        match node.kind {
            NodeKind::Bool(b) => Ok(b),
            _ => Err(self.error(
                node.span,
                &format!("{what} must be true or false, not a {}", node.type_name()),
            )),
        }
    }

    /// A whole number from `min` up.
    pub fn number(&self, node: &Node, what: &str, min: u64) -> Result<u64, Error> {
        let n = match &node.kind {
            NodeKind::Number(n) => n.parse::<u64>().ok(),
            _ => {
                return Err(self.error(
                    node.span,
                    &format!("{what} must be a whole number, not a {}", node.type_name()),
                ))
            }
        };
        match n {
            Some(n) if n >= min => Ok(n),
            _ => Err(self.error(
                node.span,
                &format!("{what} must be a whole number of at least {min}"),
            )),
        }
    }

    /// One of `choices` (case-insensitive), as written in `choices`.
    pub fn choice(
        &self,
        node: &Node,
        what: &str,
        choices: &[&'static str],
    ) -> Result<&'static str, Error> {
        let s = self.string(node, what)?;
        choices
            .iter()
            .find(|c| c.eq_ignore_ascii_case(&s))
            .copied()
            .ok_or_else(|| {
                self.error(
                    node.span,
                    &format!(
                        "{what} `{s}` is not one of {}{}",
                        choices.join(", "),
                        hint(&s, choices.iter().copied(), &[])
                    ),
                )
            })
    }
}

/// ` (did you mean `x`?)` for the closest candidate, else ` (expected one of ...)` when
/// `listed` is not empty, else nothing.
pub fn hint<'c>(word: &str, candidates: impl Iterator<Item = &'c str>, listed: &[&str]) -> String {
    let lower = word.to_ascii_lowercase();
    let best = candidates
        .map(|c| (distance(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d);
    match best {
        Some((_, c)) => format!(" (did you mean `{c}`?)"),
        None if !listed.is_empty() => format!(" (expected one of: {})", listed.join(", ")),
        None => String::new(),
    }
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cur = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let value = (prev + usize::from(ca != *cb)).min(cur + 1).min(left + 1);
            if let Some(slot) = row.get_mut(j + 1) {
                *slot = value;
            }
            prev = cur;
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_pick_the_closest_word() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(
            hint("thresold", ["rules", "thresholds"].into_iter(), &[]),
            " (did you mean `thresholds`?)"
        );
        assert_eq!(
            hint("zzz", ["rules"].into_iter(), &["rules"]),
            " (expected one of: rules)"
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let text = "rules:\n  only: [IAM101]\n  skipp: []\n";
        let doc = Doc::new(Path::new("c.yaml"), text);
        let root = doc.parse().expect("parses");
        let rules = root.get("rules").expect("rules");
        let err = doc.mapping(rules, "`rules`", &["only", "skip", "severity"]);
        let msg = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.starts_with("c.yaml:3:3: unknown key `skipp`"), "{msg}");
        assert!(msg.contains("did you mean `skip`"), "{msg}");
    }
}
