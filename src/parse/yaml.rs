//! A YAML reader that builds spanned [`Node`] trees.
//!
//! Built on `saphyr-parser`'s event stream (positions, tags, anchors), with a small tree
//! builder of our own: every key and value keeps its byte span, duplicate keys are
//! reported, tags are handed to a caller-supplied [`TagMapper`] (CloudFormation maps
//! `!Ref x` to `{"Ref": x}`; other callers may keep or reject tags), and hostile input is
//! bounded: document size, nesting depth and the number of nodes alias expansion may
//! create all have limits that end the parse with a clear error.
//!
//! Scalars follow the YAML 1.2 core schema: plain `null` / `~` / empty are null, `true` /
//! `false` booleans, integers and floats numbers (kept as written), everything else and
//! every quoted scalar a string.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use crate::parse::node::{Key, Node, NodeKind};
use crate::source::{FileId, Span};
use crate::value::Value;

/// Bounds on what one document may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest document accepted, in bytes.
    pub max_bytes: usize,
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes the whole tree may hold, counting every copy an alias makes.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 16 * 1024 * 1024,
            max_depth: 128,
            max_nodes: 2_000_000,
        }
    }
}

/// A YAML error at a byte offset of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Byte offset in the text.
    pub offset: usize,
    /// What was wrong.
    pub message: String,
}

/// A parsed document and the problems found that did not stop the parse (duplicate
/// keys, tags the mapper refused).
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The document's root (null for an empty document).
    pub root: Node,
    /// Problems at their places.
    pub problems: Vec<YamlError>,
    /// Byte offsets (in the input) of the lines read as if indented further: lines of
    /// flow collections and quoted strings that YAML 1.2 rejects for their indentation
    /// and CloudFormation accepts (see [`relax`]). Empty when the input is valid YAML.
    pub reindented: Vec<usize>,
}

/// Turns a tagged node into the node it stands for. `tag` is written as in the source
/// (`!Ref`, `!GetAtt`); tags of the YAML core schema (`!!str`) never reach it.
pub trait TagMapper {
    /// Maps one tagged node; an error hands the node back, kept as it is, with the
    /// message to report.
    fn map(&self, tag: &str, node: Node) -> Result<Node, TagError>;
}

/// A tag the mapper refused.
#[derive(Debug)]
pub struct TagError {
    /// Why.
    pub message: String,
    /// The node, unchanged.
    pub node: Node,
}

/// Keeps every node as it is, ignoring tags.
pub struct IgnoreTags;

impl TagMapper for IgnoreTags {
    fn map(&self, _tag: &str, node: Node) -> Result<Node, TagError> {
        Ok(node)
    }
}

/// Parses the first document of `text` (later documents are reported as a problem).
pub fn parse(
    text: &str,
    file: FileId,
    limits: Limits,
    tags: &dyn TagMapper,
) -> Result<Parsed, YamlError> {
    if text.len() > limits.max_bytes {
        return Err(YamlError {
            offset: 0,
            message: format!(
                "document is {} bytes, more than the limit of {} bytes",
                text.len(),
                limits.max_bytes
            ),
        });
    }
    let strict = guarded(|| Builder::new(text, text, None, file, limits, tags).run());
    match strict {
        Err(e) if e.message.contains(INDENTATION_HINT) => {
            // PyYAML and the parsers of its family, CloudFormation's among them, do not
            // check the indentation of the lines inside a flow collection or a quoted
            // string: read such a template as if those lines were indented further
            let Some(r) = relax::reindent(text) else {
                return Err(e);
            };
            let retry =
                guarded(|| Builder::new(text, &r.text, Some(r.offsets), file, limits, tags).run());
            match retry {
                Ok(mut parsed) => {
                    parsed.reindented = r.lines;
                    Ok(parsed)
                }
                Err(_) => Err(e),
            }
        }
        other => other,
    }
}

/// Runs a parse; saphyr-parser is not known to panic, but a library we do not own must
/// not take the scan down with it.
fn guarded(run: impl FnOnce() -> Result<Parsed, YamlError>) -> Result<Parsed, YamlError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|_| {
        Err(YamlError {
            offset: 0,
            message: "the YAML parser failed on this document".into(),
        })
    })
}

/// The explanation added to saphyr's indentation errors.
const INDENTATION_HINT: &str = "YAML 1.2 wants the lines of a flow collection or a quoted \
     string indented further than the key that holds it";

/// Mappings with fewer keys than this are searched for duplicates, larger ones hashed.
const SMALL_MAPPING: usize = 16;

/// A collection being built.
enum Frame {
    Seq {
        start: usize,
        tag: Option<String>,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        tag: Option<String>,
        anchor: usize,
        members: Vec<(Key, Node)>,
        key: Option<Key>,
        /// The keys, once the mapping is large enough for a set to pay (small mappings
        /// are searched).
        seen: Option<HashSet<String>>,
    },
}

struct Builder<'a> {
    /// The input: spans are byte ranges of it.
    text: &'a str,
    /// What the parser reads: the input, or the input re-indented ([`relax`]).
    parse_text: &'a str,
    file: FileId,
    limits: Limits,
    tags: &'a dyn TagMapper,
    /// Byte offset of every char, when the text is not ASCII (saphyr counts chars).
    char_bytes: Option<Vec<u32>>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    problems: Vec<YamlError>,
    root: Option<Node>,
    documents: usize,
}

impl<'a> Builder<'a> {
    /// `offsets`, when given, is the input byte offset of every char of `parse_text`.
    fn new(
        text: &'a str,
        parse_text: &'a str,
        offsets: Option<Vec<u32>>,
        file: FileId,
        limits: Limits,
        tags: &'a dyn TagMapper,
    ) -> Self {
        let char_bytes = offsets.or_else(|| {
            (!text.is_ascii()).then(|| {
                text.char_indices()
                    .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
                    .collect()
            })
        });
        Builder {
            text,
            parse_text,
            file,
            limits,
            tags,
            char_bytes,
            stack: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            problems: Vec::new(),
            root: None,
            documents: 0,
        }
    }

    /// Byte offset of a char index.
    fn byte(&self, chars: usize) -> usize {
        match &self.char_bytes {
            None => chars.min(self.text.len()),
            Some(t) => t.get(chars).map_or(self.text.len(), |b| *b as usize),
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end.max(start))
    }

    fn err(&self, offset: usize, message: impl Into<String>) -> YamlError {
        YamlError {
            offset,
            message: message.into(),
        }
    }

    fn run(mut self) -> Result<Parsed, YamlError> {
        let mut parser = Parser::new_from_str(self.parse_text);
        while let Some(ev) = parser.next_event() {
            let (ev, sp) = ev.map_err(|e| {
                let off = self.byte(e.marker().index());
                let hint = if e.info().contains("indentation") {
                    format!(" ({INDENTATION_HINT}; some parsers let this pass)")
                } else {
                    String::new()
                };
                self.err(off, format!("invalid YAML: {}{hint}", e.info()))
            })?;
            let start = self.byte(sp.start.index());
            let end = self.byte(sp.end.index());
            match ev {
                Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
                Event::StreamEnd => break,
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        self.problems.push(self.err(
                            start,
                            "only the first YAML document of a file is read; later ones are ignored",
                        ));
                        break;
                    }
                }
                Event::Alias(id) => {
                    let Some((node, size)) = self.anchors.get(&id) else {
                        return Err(self.err(start, "alias to an unknown anchor"));
                    };
                    let (mut node, size) = (node.clone(), *size);
                    self.count(size, start)?;
                    // the copy points at the alias, so findings land where it is used
                    let here = self.span(start, end);
                    node.map_spans(&|_| here);
                    self.complete(node, start);
                }
                Event::Scalar(value, style, anchor, tag) => {
                    self.count(1, start)?;
                    let kind = scalar_kind(&value, style, tag.as_deref());
                    let node = Node::new(self.span(start, end), kind);
                    let node = self.tagged(tag.as_deref(), node, start);
                    self.remember(anchor, &node, 1);
                    self.complete(node, start);
                }
                Event::SequenceStart(anchor, tag) => {
                    self.open(start)?;
                    self.stack.push(Frame::Seq {
                        start,
                        tag: tag.as_deref().map(tag_text),
                        anchor,
                        items: Vec::new(),
                    });
                }
                Event::MappingStart(anchor, tag) => {
                    self.open(start)?;
                    self.stack.push(Frame::Map {
                        start,
                        tag: tag.as_deref().map(tag_text),
                        anchor,
                        members: Vec::new(),
                        key: None,
                        seen: None,
                    });
                }
                Event::SequenceEnd => {
                    let Some(Frame::Seq {
                        start: s,
                        tag,
                        anchor,
                        items,
                    }) = self.stack.pop()
                    else {
                        return Err(self.err(start, "unbalanced sequence end"));
                    };
                    let last = items.last().map_or(end, |n| n.span.end as usize);
                    let node = Node::new(self.span(s, last), NodeKind::Array(items));
                    self.finish_collection(node, tag, anchor, s);
                }
                Event::MappingEnd => {
                    let Some(Frame::Map {
                        start: s,
                        tag,
                        anchor,
                        members,
                        ..
                    }) = self.stack.pop()
                    else {
                        return Err(self.err(start, "unbalanced mapping end"));
                    };
                    let last = members.last().map_or(end, |(_, n)| n.span.end as usize);
                    let node = Node::new(self.span(s, last), NodeKind::Object(members));
                    self.finish_collection(node, tag, anchor, s);
                }
            }
        }
        let root = self
            .root
            .unwrap_or_else(|| Node::new(Span::new(self.file, 0, 0), NodeKind::Null));
        Ok(Parsed {
            root,
            problems: self.problems,
            reindented: Vec::new(),
        })
    }

    fn open(&mut self, at: usize) -> Result<(), YamlError> {
        self.count(1, at)?;
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.err(
                at,
                format!(
                    "YAML nested more than {} levels deep",
                    self.limits.max_depth
                ),
            ));
        }
        Ok(())
    }

    fn count(&mut self, n: usize, at: usize) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            return Err(self.err(
                at,
                format!(
                    "YAML expands to more than {} nodes (aliases repeat their anchor's content)",
                    self.limits.max_nodes
                ),
            ));
        }
        Ok(())
    }

    fn finish_collection(&mut self, node: Node, tag: Option<String>, anchor: usize, at: usize) {
        let node = match tag {
            Some(t) => self.apply_tag(&t, node, at),
            None => node,
        };
        if anchor != 0 {
            let size = node_count(&node);
            self.remember(anchor, &node, size);
        }
        self.complete(node, at);
    }

    fn remember(&mut self, anchor: usize, node: &Node, size: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
    }

    fn tagged(&mut self, tag: Option<&Tag>, node: Node, at: usize) -> Node {
        match tag {
            Some(t) if !t.is_yaml_core_schema() => self.apply_tag(&tag_text(t), node, at),
            _ => node,
        }
    }

    fn apply_tag(&mut self, tag: &str, node: Node, at: usize) -> Node {
        if tag.starts_with("tag:yaml.org,2002:") {
            return node;
        }
        match self.tags.map(tag, node) {
            Ok(n) => n,
            Err(TagError { message, node }) => {
                self.problems.push(self.err(at, message));
                node
            }
        }
    }

    /// Adds a finished node to its parent (or makes it the root).
    fn complete(&mut self, node: Node, at: usize) {
        let text = self.text;
        let mut duplicate = None;
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                members, key, seen, ..
            }) => match key.take() {
                Some(k) => members.push((k, node)),
                None => {
                    let name = match &node.kind {
                        NodeKind::Str(v) => v.clone(),
                        NodeKind::Number(n) => Value::Known(n.clone()),
                        NodeKind::Bool(b) => Value::Known(b.to_string()),
                        NodeKind::Null => Value::Known(
                            text.get(node.span.range()).unwrap_or("").trim().to_string(),
                        ),
                        _ => Value::unknown("<complex key>"),
                    };
                    if let Some(s) = name.as_known() {
                        let repeated = match seen {
                            Some(set) => !set.insert(s.to_string()),
                            None => {
                                let found = members.iter().any(|(k, _)| k.name.is(s));
                                if members.len() >= SMALL_MAPPING {
                                    *seen = Some(
                                        members
                                            .iter()
                                            .filter_map(|(k, _)| k.name.as_known())
                                            .chain([s])
                                            .map(str::to_string)
                                            .collect(),
                                    );
                                }
                                found
                            }
                        };
                        if repeated {
                            duplicate = Some(s.to_string());
                        }
                    }
                    *key = Some(Key {
                        name,
                        span: node.span,
                    });
                }
            },
        }
        if let Some(name) = duplicate {
            self.problems
                .push(self.err(at, format!("duplicate key `{name}` in a mapping")));
        }
    }
}

/// The tag as written: `!Ref` for a local tag, else handle and suffix.
fn tag_text(t: &Tag) -> String {
    if t.handle == "!" {
        format!("!{}", t.suffix)
    } else {
        format!("{}{}", t.handle, t.suffix)
    }
}

/// Number of nodes in a tree.
fn node_count(n: &Node) -> usize {
    1 + match &n.kind {
        NodeKind::Array(items) => items.iter().map(node_count).sum(),
        NodeKind::Object(m) => m.iter().map(|(_, v)| node_count(v)).sum(),
        NodeKind::Json(inner) => node_count(inner),
        _ => 0,
    }
}

/// A scalar under the YAML 1.2 core schema; `!!str` forces a string.
fn scalar_kind(value: &str, style: ScalarStyle, tag: Option<&Tag>) -> NodeKind {
    let forced_str = tag.is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
    if style != ScalarStyle::Plain || forced_str {
        return NodeKind::Str(Value::Known(value.to_string()));
    }
    match value {
        "" | "~" | "null" | "Null" | "NULL" => NodeKind::Null,
        "true" | "True" | "TRUE" => NodeKind::Bool(true),
        "false" | "False" | "FALSE" => NodeKind::Bool(false),
        v if is_number(v) => NodeKind::Number(v.to_string()),
        v => NodeKind::Str(Value::Known(v.to_string())),
    }
}

/// YAML 1.2 core schema integers and floats.
fn is_number(s: &str) -> bool {
    let digits = |t: &str, radix: u32| !t.is_empty() && t.chars().all(|c| c.is_digit(radix));
    if let Some(h) = s.strip_prefix("0x") {
        return digits(h, 16);
    }
    if let Some(o) = s.strip_prefix("0o") {
        return digits(o, 8);
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    if let Some(e) = exp {
        if !digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10) {
            return false;
        }
    }
    match mantissa.split_once('.') {
        Some((int, frac)) => {
            (int.is_empty() || digits(int, 10))
                && (frac.is_empty() || digits(frac, 10))
                && !(int.is_empty() && frac.is_empty())
        }
        None => digits(mantissa, 10),
    }
}

/// Re-indenting what YAML 1.2 rejects and CloudFormation accepts.
///
/// YAML 1.2 wants every line of a flow collection (`{ … }`, `[ … ]`) or of a multi-line
/// quoted string indented further than the block that holds it. PyYAML, and SnakeYAML,
/// its Java port of the kind CloudFormation reads templates with, only track indentation
/// in block context: a JSON policy pasted under `PolicyDocument: {` with its closing brace
/// at the key's column, or a `!Sub '{ … }'` whose lines drift left, deploys. Inside flow
/// collections and quoted strings, leading spaces carry no meaning (line folding drops
/// them), so moving such a line right changes no value: [`reindent`] does only that, and
/// only where a strict parse failed on indentation. A light line scanner finds the
/// regions: quotes, flow brackets, comments, tags and block scalars (`|`, `>`, whose text
/// is left alone); the strict parser then reads the result, and a template it still
/// rejects keeps its original error.
pub mod relax {
    /// A re-indented text.
    pub struct Relaxed {
        /// The text with the lines moved right.
        pub text: String,
        /// The input byte offset of every char of `text`, and of its end.
        pub offsets: Vec<u32>,
        /// Input byte offsets of the lines moved.
        pub lines: Vec<usize>,
    }

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Quote {
        No,
        Single,
        Double,
    }

    /// Where the scanner is at the end of a line.
    struct State {
        quote: Quote,
        /// Open flow collections.
        depth: usize,
        /// The column the lines of the open flow collection or quoted string must reach.
        min_indent: usize,
        /// In a block scalar: lines indented further than this, and blank lines, are its
        /// text.
        block: Option<usize>,
    }

    impl State {
        fn open(&self) -> bool {
            self.quote != Quote::No || self.depth > 0
        }
    }

    /// The input with every line of a flow collection or quoted string that is not
    /// indented further than its key moved right; `None` when there is none.
    pub fn reindent(text: &str) -> Option<Relaxed> {
        let mut st = State {
            quote: Quote::No,
            depth: 0,
            min_indent: 0,
            block: None,
        };
        let mut out = String::with_capacity(text.len() + 1024);
        let mut offsets: Vec<u32> = Vec::with_capacity(text.len() + 1024);
        let mut lines = Vec::new();
        let mut start = 0usize;
        let offset = |b: usize| u32::try_from(b).unwrap_or(u32::MAX);
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            let indent = body.len() - body.trim_start_matches(' ').len();
            let blank = body.trim().is_empty();
            let mut pad = 0;
            let in_block = match st.block {
                Some(b) if blank || indent > b => true,
                _ => {
                    st.block = None;
                    false
                }
            };
            if !in_block {
                if st.open() && !blank && indent < st.min_indent {
                    pad = st.min_indent - indent;
                    lines.push(start);
                }
                scan(body, &mut st);
            }
            for _ in 0..pad {
                out.push(' ');
                offsets.push(offset(start));
            }
            for (i, c) in line.char_indices() {
                out.push(c);
                offsets.push(offset(start + i));
            }
            start += line.len();
        }
        offsets.push(offset(text.len()));
        (!lines.is_empty()).then_some(Relaxed {
            text: out,
            offsets,
            lines,
        })
    }

    /// The column of a line's content after its indentation and `- ` indicators: the
    /// column of the key (or item) a value on this line belongs to.
    fn content_column(body: &str) -> usize {
        let mut col = body.len() - body.trim_start_matches(' ').len();
        while let Some(after) = body.get(col..).and_then(|r| r.strip_prefix("- ")) {
            col += 2 + (after.len() - after.trim_start_matches(' ').len());
        }
        col
    }

    /// Scans one line (not block scalar text) from the state the previous one left.
    fn scan(body: &str, st: &mut State) {
        let was_open = st.open();
        let region_col = content_column(body);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let b = body.as_bytes();
        let next_is_space = |i: usize| b.get(i + 1).is_none_or(|c| *c == b' ' || *c == b'\t');
        let mut i = 0;
        // at the start of a node, where a quote or a bracket opens one
        let mut at_start = true;
        let mut prev_space = true;
        let mut saw_key = false;
        while i < b.len() {
            let c = b[i];
            match st.quote {
                Quote::Single => {
                    if c == b'\'' {
                        if b.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        st.quote = Quote::No;
                        at_start = false;
                    }
                    i += 1;
                    continue;
                }
                Quote::Double => {
                    if c == b'\\' {
                        i += 2;
                        continue;
                    }
                    if c == b'"' {
                        st.quote = Quote::No;
                        at_start = false;
                    }
                    i += 1;
                    continue;
                }
                Quote::No => {}
            }
            if c == b' ' || c == b'\t' {
                prev_space = true;
                i += 1;
                continue;
            }
            match c {
                b'#' if prev_space => break,
                b'\'' if at_start => st.quote = Quote::Single,
                b'"' if at_start => st.quote = Quote::Double,
                b'[' | b'{' if at_start || st.depth > 0 => {
                    st.depth += 1;
                    at_start = true;
                }
                b']' | b'}' if st.depth > 0 => {
                    st.depth -= 1;
                    at_start = false;
                }
                b',' if st.depth > 0 => at_start = true,
                b':' if st.depth > 0 || next_is_space(i) => {
                    at_start = true;
                    saw_key |= st.depth == 0;
                }
                b'-' | b'?' if at_start && next_is_space(i) => {}
                // a tag or an anchor: the node follows it
                b'!' | b'&' if at_start => {
                    while i + 1 < b.len() && b[i + 1] != b' ' {
                        i += 1;
                    }
                }
                b'|' | b'>' if at_start && st.depth == 0 => {
                    st.block = Some(if saw_key { region_col } else { indent });
                    break;
                }
                _ => at_start = false,
            }
            prev_space = false;
            i += 1;
        }
        if !was_open && st.open() {
            st.min_indent = region_col + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Parsed {
        parse(text, FileId(0), Limits::default(), &IgnoreTags).expect("parses")
    }

    fn at<'t>(text: &'t str, n: &Node) -> &'t str {
        &text[n.span.range()]
    }

    #[test]
    fn spans_of_keys_and_values() {
        let text = "a: 1\nb:\n  - x\n  - 'y z'\nc: {d: true, e: ~}\n";
        let p = yaml(text);
        assert!(p.problems.is_empty());
        let b = p.root.get("b").expect("b");
        assert_eq!(at(text, b), "- x\n  - 'y z'");
        let items = b.as_array().expect("array");
        assert_eq!(items[1].kind, NodeKind::Str(Value::known("y z")));
        assert_eq!(at(text, &items[1]), "'y z'");
        assert_eq!(
            p.root.get("a").map(|n| &n.kind),
            Some(&NodeKind::Number("1".into()))
        );
        let c = p.root.get("c").expect("c");
        assert_eq!(c.get("d").map(|n| &n.kind), Some(&NodeKind::Bool(true)));
        assert_eq!(c.get("e").map(|n| &n.kind), Some(&NodeKind::Null));
        let (k, _) = p.root.get_entry("c").expect("c");
        assert_eq!(at(text, &Node::new(k.span, NodeKind::Null)), "c");
    }

    #[test]
    fn non_ascii_offsets_are_bytes() {
        let text = "é: ü\nname: x\n";
        let p = yaml(text);
        let n = p.root.get("name").expect("name");
        assert_eq!(at(text, n), "x");
    }

    #[test]
    fn core_schema_scalars() {
        for (s, number) in [
            ("12", true),
            ("-1.5e3", true),
            ("0x1F", true),
            (".inf", true),
            ("2012-10-17", false),
            ("1.2.3", false),
            (".", false),
            ("123456789012", true),
        ] {
            assert_eq!(is_number(s), number, "{s}");
        }
        let p = yaml("v: \"true\"\nw: !!str 12\n");
        assert_eq!(
            p.root.get("v").map(|n| &n.kind),
            Some(&NodeKind::Str(Value::known("true")))
        );
        assert_eq!(
            p.root.get("w").map(|n| &n.kind),
            Some(&NodeKind::Str(Value::known("12")))
        );
    }

    #[test]
    fn duplicate_keys_are_reported_at_the_second_key() {
        let text = "a: 1\nb: 2\na: 3\n";
        let p = yaml(text);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].offset, 10);
        assert!(p.problems[0].message.contains("duplicate key `a`"));
    }

    #[test]
    fn duplicate_keys_in_large_mappings() {
        let mut text: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k3: again\nk39: again\n");
        let p = yaml(&text);
        let names: Vec<&str> = p.problems.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            names,
            [
                "duplicate key `k3` in a mapping",
                "duplicate key `k39` in a mapping"
            ]
        );
    }

    #[test]
    fn anchors_and_aliases() {
        let p = yaml("a: &x {k: v}\nb: *x\n");
        assert_eq!(
            p.root.get("b").and_then(|b| b.get("k")).map(|n| &n.kind),
            Some(&NodeKind::Str(Value::known("v")))
        );
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        let e = parse(&text, FileId(0), Limits::default(), &IgnoreTags).expect_err("bomb");
        assert!(
            e.message.contains("more than 2000000 nodes"),
            "{}",
            e.message
        );
    }

    #[test]
    fn depth_and_size_limits() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let e = parse(&deep, FileId(0), Limits::default(), &IgnoreTags).expect_err("deep");
        assert!(e.message.contains("nested more than 128"));
        let small = Limits {
            max_bytes: 4,
            ..Limits::default()
        };
        let e = parse("a: bcdef", FileId(0), small, &IgnoreTags).expect_err("big");
        assert!(e.message.contains("more than the limit of 4 bytes"));
    }

    #[test]
    fn syntax_errors_have_offsets() {
        let e = parse(
            "a: [1, 2\nb: 3\n",
            FileId(0),
            Limits::default(),
            &IgnoreTags,
        )
        .expect_err("bad");
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
    }

    struct Wrap;
    impl TagMapper for Wrap {
        fn map(&self, tag: &str, node: Node) -> Result<Node, TagError> {
            if tag == "!Bad" {
                return Err(TagError {
                    message: "bad tag".into(),
                    node,
                });
            }
            let key = Key {
                name: Value::known(tag),
                span: node.span,
            };
            Ok(Node::new(node.span, NodeKind::Object(vec![(key, node)])))
        }
    }

    #[test]
    fn tags_go_to_the_mapper() {
        let p = parse(
            "a: !Ref x\nb: !Join [',', [y]]\nc: !Bad z\n",
            FileId(0),
            Limits::default(),
            &Wrap,
        )
        .expect("parses");
        assert!(p.root.get("a").and_then(|a| a.get("!Ref")).is_some());
        assert!(p.root.get("b").and_then(|a| a.get("!Join")).is_some());
        assert_eq!(p.problems.len(), 1);
    }
    #[test]
    fn flow_and_quoted_lines_left_of_their_key_are_read_as_indented() {
        let text = "R:\n  Doc: {\n    \"a\": [1,\n  2]\n  }\n  Sub: '{\n     \"x\": 1\n  }'\n  Block: |\n    { not: [flow\n  After: \"y\"\n";
        let p = yaml(text);
        assert_eq!(p.reindented.len(), 3, "{:?}", p.reindented);
        let r = p.root.get("R").expect("R");
        let doc = r.get("Doc").expect("Doc");
        assert_eq!(
            doc.get("a").and_then(|a| a.as_array()).map(<[Node]>::len),
            Some(2)
        );
        // spans are the input's
        assert_eq!(at(text, r.get("After").expect("After")), "\"y\"");
        assert!(at(text, r.get("Sub").expect("Sub")).starts_with("'{"));
        assert_eq!(
            r.get("Block").and_then(Node::scalar),
            Some(Value::known("{ not: [flow\n"))
        );
    }

    #[test]
    fn valid_yaml_and_other_errors_are_not_relaxed() {
        assert!(yaml("a:\n  b: {\n    c: 1 }\n").reindented.is_empty());
        assert!(relax::reindent("a: 'it''s'\nb: It's # a 'comment\n").is_none());
        // a bracket that never closes stays an error
        assert!(parse("a: [1,\nb: 2\n", FileId(0), Limits::default(), &IgnoreTags).is_err());
    }
    #[test]
    fn relaxing_arbitrary_text_never_panics() {
        let alphabet = [
            " ", "  ", "\n", "\r\n", "'", "\"", "{", "}", "[", "]", ",", ": ", ":", "- ", "#", "|",
            ">", "!Sub ", "&a ", "a", "\\", "é", "\t", "? ",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 60) {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            seed = seed.wrapping_add(1);
            if let Some(r) = relax::reindent(&text) {
                assert_eq!(r.offsets.len(), r.text.chars().count() + 1);
            }
            let _ = parse(&text, FileId(0), Limits::default(), &IgnoreTags);
        }
    }
}
