//! A strict JSON parser that records the byte span of every key and value.
//!
//! serde_json gives no positions, and policy documents embedded in Terraform strings or
//! heredocs need statement-level spans. This parser follows RFC 8259, keeps object keys
//! in order (duplicates included, so `duplicate-sid` style checks can see them), limits
//! nesting depth, and never panics on any input. Optionally it accepts Terraform
//! interpolations (`${...}`) in value position and keeps them as unknown nodes, which is
//! how a heredoc such as `"Resource": ${jsonencode(var.arns)}` is read.

use crate::parse::node::{Key, Node, NodeKind};
use crate::source::{FileId, Span};
use crate::value::Value;

/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 128;

/// A JSON syntax error at a byte offset of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset in the parsed text.
    pub offset: usize,
    /// What was wrong.
    pub message: String,
}

/// Parsing options.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Accept `${...}` as a value and split `${...}` inside strings into unknown pieces.
    pub interpolation: bool,
}

/// Parses `text`; spans are `base + offset` in `file`.
pub fn parse(text: &str, file: FileId, base: usize, opts: Options) -> Result<Node, JsonError> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        file,
        base,
        opts,
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("unexpected trailing characters after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    file: FileId,
    base: usize,
    opts: Options,
}

impl Parser<'_> {
    fn err(&self, msg: &str) -> JsonError {
        JsonError {
            offset: self.i.min(self.s.len()),
            message: msg.to_string(),
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, self.base + start, self.base + end)
    }

    fn ws(&mut self) {
        while let Some(&c) = self.s.get(self.i) {
            if c == b' ' || c == b'\t' || c == b'\n' || c == b'\r' {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("JSON nested too deeply"));
        }
        let start = self.i;
        match self.s.get(self.i) {
            None => Err(self.err("unexpected end of input, expected a value")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                let (s, _) = self.string()?;
                let v = if self.opts.interpolation {
                    Value::from_template_text(&s)
                } else {
                    Value::Known(s)
                };
                Ok(Node::new(self.span(start, self.i), NodeKind::Str(v)))
            }
            Some(b't') => self.literal("true", NodeKind::Bool(true)),
            Some(b'f') => self.literal("false", NodeKind::Bool(false)),
            Some(b'n') => self.literal("null", NodeKind::Null),
            Some(b'$') if self.opts.interpolation && self.s.get(self.i + 1) == Some(&b'{') => {
                self.interpolation()
            }
            Some(c) if *c == b'-' || c.is_ascii_digit() => self.number(),
            Some(_) => Err(self.err("expected a JSON value")),
        }
    }

    fn literal(&mut self, word: &str, kind: NodeKind) -> Result<Node, JsonError> {
        let start = self.i;
        if self.s.get(self.i..self.i + word.len()) == Some(word.as_bytes()) {
            self.i += word.len();
            Ok(Node::new(self.span(start, self.i), kind))
        } else {
            Err(self.err("expected a JSON value"))
        }
    }

    fn interpolation(&mut self) -> Result<Node, JsonError> {
        let start = self.i;
        self.i += 2;
        let mut depth = 1usize;
        let mut in_str = false;
        while let Some(&c) = self.s.get(self.i) {
            self.i += 1;
            if in_str {
                if c == b'\\' {
                    self.i += 1;
                } else if c == b'"' {
                    in_str = false;
                }
                continue;
            }
            match c {
                b'"' => in_str = true,
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        let inner = self.text.get(start + 2..self.i - 1).unwrap_or("").trim();
                        return Ok(Node::new(
                            self.span(start, self.i),
                            NodeKind::Unknown(inner.to_string()),
                        ));
                    }
                }
                _ => {}
            }
        }
        Err(self.err("unterminated `${` interpolation"))
    }

    fn number(&mut self) -> Result<Node, JsonError> {
        let start = self.i;
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.s.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(c) if c.is_ascii_digit() => self.digits(),
            _ => return Err(self.err("invalid number")),
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
                return Err(self.err("invalid number: expected a digit after '.'"));
            }
            self.digits();
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
                return Err(self.err("invalid number: expected a digit in the exponent"));
            }
            self.digits();
        }
        let text = self.text.get(start..self.i).unwrap_or("0").to_string();
        Ok(Node::new(self.span(start, self.i), NodeKind::Number(text)))
    }

    fn digits(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
    }

    /// Parses a string at `self.i` (which is `"`); returns its decoded text and span.
    fn string(&mut self) -> Result<(String, Span), JsonError> {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            let run_start = self.i;
            while let Some(&c) = self.s.get(self.i) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(self.text.get(run_start..self.i).unwrap_or(""));
            match self.s.get(self.i) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok((out, self.span(start, self.i)));
                }
                Some(b'\\') => {
                    self.i += 1;
                    let esc = self.s.get(self.i).copied();
                    self.i += 1;
                    match esc {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let ch = if (0xD800..0xDC00).contains(&hi) {
                                if self.s.get(self.i) == Some(&b'\\')
                                    && self.s.get(self.i + 1) == Some(&b'u')
                                {
                                    self.i += 2;
                                    let lo = self.hex4()?;
                                    if !(0xDC00..0xE000).contains(&lo) {
                                        return Err(self.err("invalid surrogate pair"));
                                    }
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    return Err(self.err("lone surrogate in \\u escape"));
                                }
                            } else if (0xDC00..0xE000).contains(&hi) {
                                return Err(self.err("lone surrogate in \\u escape"));
                            } else {
                                hi
                            };
                            match char::from_u32(ch) {
                                Some(c) => out.push(c),
                                None => return Err(self.err("invalid \\u escape")),
                            }
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err("invalid escape in string"));
                        }
                    }
                }
                Some(_) => return Err(self.err("control character in string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let h = self
            .text
            .get(self.i..self.i + 4)
            .ok_or_else(|| self.err("truncated \\u escape"))?;
        let v = u32::from_str_radix(h, 16).map_err(|_| self.err("invalid \\u escape"))?;
        self.i += 4;
        Ok(v)
    }

    fn array(&mut self, depth: usize) -> Result<Node, JsonError> {
        let start = self.i;
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Node::new(self.span(start, self.i), NodeKind::Array(items)));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Node::new(self.span(start, self.i), NodeKind::Array(items)));
                }
                _ => return Err(self.err("expected ',' or ']' in array")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Node, JsonError> {
        let start = self.i;
        self.i += 1;
        let mut members = Vec::new();
        self.ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Node::new(
                self.span(start, self.i),
                NodeKind::Object(members),
            ));
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&b'"') {
                return Err(self.err("expected a string key in object"));
            }
            let (k, kspan) = self.string()?;
            let name = if self.opts.interpolation {
                Value::from_template_text(&k)
            } else {
                Value::Known(k)
            };
            self.ws();
            if self.s.get(self.i) != Some(&b':') {
                return Err(self.err("expected ':' after object key"));
            }
            self.i += 1;
            self.ws();
            let v = self.value(depth + 1)?;
            members.push((Key { name, span: kspan }, v));
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Node::new(
                        self.span(start, self.i),
                        NodeKind::Object(members),
                    ));
                }
                _ => return Err(self.err("expected ',' or '}' in object")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Node, JsonError> {
        parse(s, FileId(0), 0, Options::default())
    }

    #[test]
    fn spans_of_keys_and_values() {
        let text = "{\n  \"Action\": \"*\",\n  \"n\": [1, -2.5e3, true, null]\n}";
        let n = p(text).expect("valid");
        let (k, v) = n.get_entry("Action").expect("Action");
        assert_eq!(&text[k.span.range()], "\"Action\"");
        assert_eq!(&text[v.span.range()], "\"*\"");
        assert_eq!(
            n.get("n").and_then(Node::as_array).map(<[Node]>::len),
            Some(4)
        );
    }

    #[test]
    fn errors_have_offsets_and_never_panic() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "\"\\u12\"",
            "\"\\ud800\"",
            "01x",
            "-",
            "1.",
            "1e",
            "{\"a\":1,}",
            "\u{0}",
            "[\"\\q\"]",
            "\"é",
            "tru",
        ] {
            assert!(p(bad).is_err(), "{bad:?} should fail");
        }
        let deep = "[".repeat(10_000);
        assert!(p(&deep).is_err());
        let e = p("{\n \"a\": }").expect_err("invalid");
        assert_eq!(e.offset, 8);
    }

    #[test]
    fn decodes_escapes_and_surrogates() {
        let n = p(r#""a\"\n\u00e9\ud83d\ude00""#).expect("valid");
        assert_eq!(n.scalar(), Some(Value::known("a\"\né😀")));
    }

    #[test]
    fn interpolations_become_unknown() {
        let opts = Options {
            interpolation: true,
        };
        let n = parse(
            r#"{"Resource": ${jsonencode(var.arns)}, "A": "arn:${var.p}:s3"}"#,
            FileId(0),
            0,
            opts,
        )
        .expect("valid with interpolation");
        assert_eq!(
            n.get("Resource").map(|r| r.kind.clone()),
            Some(NodeKind::Unknown("jsonencode(var.arns)".into()))
        );
        assert!(matches!(
            n.get("A").and_then(Node::scalar),
            Some(Value::Partial(_))
        ));
        assert!(p(r#"{"Resource": ${x}}"#).is_err());
    }
}
