//! Finding values in a large JSON text without building a tree of it.
//!
//! A plan can be tens of megabytes, most of it resources that are not about IAM. The
//! text is validated once ([`Raw::root`], one pass, no allocation per value), then only
//! the parts the reader asks for are split into members ([`Raw::members`],
//! [`Raw::items`]) or built into a spanned [`Node`] ([`Raw::node`]). Memory stays the
//! text itself plus the IAM resources.

use crate::parse::json::{self, JsonError, Options, MAX_DEPTH};
use crate::parse::node::Node;
use crate::source::FileId;

/// A JSON value: a byte range of the whole text. Only made by [`Raw::root`] and the
/// accessors, so the range always holds one valid value.
#[derive(Clone, Copy, Debug)]
pub struct Raw<'a> {
    text: &'a str,
    /// First byte of the value.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

impl<'a> Raw<'a> {
    /// Validates the whole text as one JSON value.
    pub fn root(text: &'a str) -> Result<Raw<'a>, JsonError> {
        let s = text.as_bytes();
        let start = ws(s, 0);
        let end = skip(s, start)?;
        let after = ws(s, end);
        if after < s.len() {
            return Err(error(
                after,
                "unexpected trailing characters after the JSON value",
            ));
        }
        Ok(Raw { text, start, end })
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn first(&self) -> Option<u8> {
        self.bytes().get(self.start).copied()
    }

    /// True for an object.
    pub fn is_object(&self) -> bool {
        self.first() == Some(b'{')
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        self.first() == Some(b'n')
    }

    /// True for `true`.
    pub fn is_true(&self) -> bool {
        self.first() == Some(b't')
    }

    /// The members of an object, in order; empty for anything else.
    pub fn members(&self) -> Vec<(String, Raw<'a>)> {
        let mut out = Vec::new();
        if !self.is_object() {
            return out;
        }
        let s = self.bytes();
        let mut i = ws(s, self.start + 1);
        while i < self.end && s.get(i) == Some(&b'"') {
            let Ok(key_end) = skip(s, i) else { break };
            let key = decode(s, i, key_end).map(|(k, _)| k).unwrap_or_default();
            let v = ws(s, ws(s, key_end) + 1);
            let Ok(v_end) = skip(s, v) else { break };
            out.push((
                key,
                Raw {
                    text: self.text,
                    start: v,
                    end: v_end,
                },
            ));
            i = ws(s, v_end);
            if s.get(i) == Some(&b',') {
                i = ws(s, i + 1);
            }
        }
        out
    }

    /// The members named `keys`, in that order, found in one pass over the object
    /// (the first of each name; `None` when missing or not an object).
    pub fn pick<const N: usize>(&self, keys: [&str; N]) -> [Option<Raw<'a>>; N] {
        let mut out = [None; N];
        for (k, v) in self.members() {
            if let Some(i) = keys.iter().position(|key| *key == k) {
                if let Some(slot) = out.get_mut(i).filter(|s| s.is_none()) {
                    *slot = Some(v);
                }
            }
        }
        out
    }

    /// The member named `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<Raw<'a>> {
        self.members()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The items of an array; empty for anything else.
    pub fn items(&self) -> Vec<Raw<'a>> {
        let mut out = Vec::new();
        if self.first() != Some(b'[') {
            return out;
        }
        let s = self.bytes();
        let mut i = ws(s, self.start + 1);
        while i < self.end && s.get(i) != Some(&b']') {
            let Ok(end) = skip(s, i) else { break };
            out.push(Raw {
                text: self.text,
                start: i,
                end,
            });
            i = ws(s, end);
            if s.get(i) == Some(&b',') {
                i = ws(s, i + 1);
            }
        }
        out
    }

    /// The decoded text of a string; `None` for anything else.
    pub fn as_str(&self) -> Option<String> {
        self.decoded().map(|(s, _)| s)
    }

    /// The decoded text of a string and, for every byte of it, the offset in the whole
    /// text it came from (plus one entry for the end), so a JSON document held in the
    /// string can be parsed with spans that point at the plan file.
    pub fn decoded(&self) -> Option<(String, Vec<usize>)> {
        (self.first() == Some(b'"')).then(|| decode(self.bytes(), self.start, self.end))?
    }

    /// The text of a number or boolean as written; `None` for anything else.
    pub fn scalar_text(&self) -> Option<&'a str> {
        match self.first()? {
            b't' | b'f' | b'-' | b'0'..=b'9' => self.text.get(self.start..self.end),
            _ => None,
        }
    }

    /// The value as a spanned tree (spans are offsets in the whole text of `file`).
    pub fn node(&self, file: FileId) -> Result<Node, JsonError> {
        let slice = self.text.get(self.start..self.end).unwrap_or("");
        json::parse(slice, file, self.start, Options::default())
    }
}

fn error(offset: usize, message: &str) -> JsonError {
    JsonError {
        offset,
        message: message.to_string(),
    }
}

fn ws(s: &[u8], mut i: usize) -> usize {
    while matches!(s.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// Skips one value starting at `i` (no leading whitespace), validating it; returns the
/// offset just past it. Iterative, so deep nesting costs no stack.
fn skip(s: &[u8], i: usize) -> Result<usize, JsonError> {
    // open containers: b'{' or b'['
    let mut stack: Vec<u8> = Vec::new();
    let mut i = i;
    loop {
        // a value
        match s.get(i) {
            None => return Err(error(i, "unexpected end of input, expected a value")),
            Some(&open @ (b'{' | b'[')) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(error(i, "JSON nested too deeply"));
                }
                stack.push(open);
                i = ws(s, i + 1);
                let close = if open == b'{' { b'}' } else { b']' };
                if s.get(i) == Some(&close) {
                    stack.pop();
                    i += 1;
                } else {
                    if open == b'{' {
                        i = key(s, i)?;
                    }
                    continue;
                }
            }
            Some(b'"') => i = string(s, i)?,
            Some(b't') => i = literal(s, i, b"true")?,
            Some(b'f') => i = literal(s, i, b"false")?,
            Some(b'n') => i = literal(s, i, b"null")?,
            Some(c) if *c == b'-' || c.is_ascii_digit() => i = number(s, i)?,
            Some(_) => return Err(error(i, "expected a JSON value")),
        }
        // after a value: close containers or move to the next member / item
        loop {
            let Some(&open) = stack.last() else {
                return Ok(i);
            };
            i = ws(s, i);
            let close = if open == b'{' { b'}' } else { b']' };
            match s.get(i) {
                Some(b',') => {
                    i = ws(s, i + 1);
                    if open == b'{' {
                        i = key(s, i)?;
                    }
                    break;
                }
                Some(c) if *c == close => {
                    stack.pop();
                    i += 1;
                }
                None => return Err(error(i, "unexpected end of input in a container")),
                Some(_) if open == b'{' => return Err(error(i, "expected `,` or `}`")),
                Some(_) => return Err(error(i, "expected `,` or `]`")),
            }
        }
    }
}

/// Skips `"key" :` and the whitespace after it; returns where the value starts.
fn key(s: &[u8], i: usize) -> Result<usize, JsonError> {
    if s.get(i) != Some(&b'"') {
        return Err(error(i, "expected a string key"));
    }
    let i = ws(s, string(s, i)?);
    if s.get(i) != Some(&b':') {
        return Err(error(i, "expected `:` after a key"));
    }
    Ok(ws(s, i + 1))
}

fn literal(s: &[u8], i: usize, word: &[u8]) -> Result<usize, JsonError> {
    match s.get(i..i + word.len()) {
        Some(w) if w == word => Ok(i + word.len()),
        _ => Err(error(i, "invalid literal")),
    }
}

fn number(s: &[u8], mut i: usize) -> Result<usize, JsonError> {
    let start = i;
    if s.get(i) == Some(&b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let from = *i;
        while s.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > from
    };
    match s.get(i) {
        Some(b'0') => i += 1,
        Some(c) if c.is_ascii_digit() => {
            digits(&mut i);
        }
        _ => return Err(error(start, "invalid number")),
    }
    if s.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return Err(error(i, "invalid number: digits expected after `.`"));
        }
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return Err(error(i, "invalid number: digits expected in the exponent"));
        }
    }
    Ok(i)
}

/// Skips a string starting at its opening quote; returns the offset after the close.
fn string(s: &[u8], i: usize) -> Result<usize, JsonError> {
    let mut j = i + 1;
    loop {
        match s.get(j) {
            None => return Err(error(i, "unterminated string")),
            Some(b'"') => return Ok(j + 1),
            Some(b'\\') => match s.get(j + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => j += 2,
                Some(b'u') => {
                    let hex = s.get(j + 2..j + 6).unwrap_or(&[]);
                    if hex.len() != 4 || !hex.iter().all(u8::is_ascii_hexdigit) {
                        return Err(error(j, "invalid \\u escape"));
                    }
                    j += 6;
                }
                _ => return Err(error(j, "invalid escape")),
            },
            Some(c) if *c < 0x20 => return Err(error(j, "control character in a string")),
            Some(_) => j += 1,
        }
    }
}

/// Decodes the string `s[start..end]` (quotes included) with the offset map.
fn decode(s: &[u8], start: usize, end: usize) -> Option<(String, Vec<usize>)> {
    let mut out: Vec<u8> = Vec::with_capacity(end.saturating_sub(start));
    let mut map = Vec::with_capacity(end.saturating_sub(start));
    let mut j = start + 1;
    let last = end.checked_sub(1)?;
    while j < last {
        let c = *s.get(j)?;
        if c != b'\\' {
            out.push(c);
            map.push(j);
            j += 1;
            continue;
        }
        let at = j;
        let ch = match *s.get(j + 1)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = hex4(s, j + 2)?;
                j += 4;
                if (0xD800..0xDC00).contains(&hi)
                    && s.get(j + 2) == Some(&b'\\')
                    && s.get(j + 3) == Some(&b'u')
                {
                    let lo = hex4(s, j + 4)?;
                    if (0xDC00..0xE000).contains(&lo) {
                        j += 6;
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            .unwrap_or('\u{FFFD}')
                    } else {
                        '\u{FFFD}'
                    }
                } else {
                    char::from_u32(hi).unwrap_or('\u{FFFD}')
                }
            }
            _ => return None,
        };
        j += 2;
        let mut buf = [0u8; 4];
        for b in ch.encode_utf8(&mut buf).bytes() {
            out.push(b);
            map.push(at);
        }
    }
    map.push(last);
    Some((String::from_utf8_lossy(&out).into_owned(), map))
}

fn hex4(s: &[u8], i: usize) -> Option<u32> {
    let h = std::str::from_utf8(s.get(i..i + 4)?).ok()?;
    u32::from_str_radix(h, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_and_splits_members() {
        let text = r#" {"a": [1, {"b": "x\"y"}], "c": null, "d": true} "#;
        let root = Raw::root(text).expect("valid");
        let m = root.members();
        assert_eq!(
            m.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            ["a", "c", "d"]
        );
        let a = root.get("a").expect("a");
        assert_eq!(a.items().len(), 2);
        let b = a.items()[1].get("b").expect("b");
        assert_eq!(b.as_str().as_deref(), Some("x\"y"));
        assert!(root.get("c").is_some_and(|c| c.is_null()));
        assert!(root.get("d").is_some_and(|d| d.is_true()));
        assert_eq!(a.items()[0].scalar_text(), Some("1"));
        let [d, missing, c] = root.pick(["d", "x", "c"]);
        assert!(d.is_some_and(|d| d.is_true()) && missing.is_none());
        assert!(c.is_some_and(|c| c.is_null()));
    }

    #[test]
    fn rejects_bad_json_with_an_offset() {
        for bad in [
            "",
            "{",
            "{\"a\" 1}",
            "[1,]",
            "{\"a\":1,}",
            "[1 2]",
            "\"x",
            "01",
            "{} x",
            "nul",
            "[\"\\q\"]",
            "-",
            "1.",
            "1e",
        ] {
            assert!(Raw::root(bad).is_err(), "{bad:?} accepted");
        }
        let deep = "[".repeat(MAX_DEPTH + 5);
        assert!(Raw::root(&deep).is_err());
        assert_eq!(Raw::root("[1,]").err().map(|e| e.offset), Some(3));
    }

    #[test]
    fn decoded_strings_map_back_to_the_text() {
        let text = r#"{"p": "{\"A\":\"\u00e9\"}"}"#;
        let root = Raw::root(text).expect("valid");
        let (s, map) = root.get("p").and_then(|p| p.decoded()).expect("string");
        assert_eq!(s, "{\"A\":\"é\"}");
        assert_eq!(map.len(), s.len() + 1);
        // the `A` sits right after the escaped quote
        let a = s.find('A').expect("A");
        assert_eq!(&text[map[a]..map[a] + 1], "A");
    }
}
