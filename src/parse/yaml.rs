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
}

/// Turns a tagged node into the node it stands for. `tag` is written as in the source
/// (`!Ref`, `!GetAtt`, `tag:yaml.org,2002:str` for `!!str`); `Err` keeps the node as it is
/// and reports the message.
pub trait TagMapper {
    /// Maps one tagged node.
    fn map(&self, tag: &str, node: Node) -> Result<Node, String>;
}

/// Keeps every node as it is, ignoring tags.
pub struct IgnoreTags;

impl TagMapper for IgnoreTags {
    fn map(&self, _tag: &str, node: Node) -> Result<Node, String> {
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
    // saphyr-parser is not known to panic, but a library we do not own must not take
    // the scan down with it
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Builder::new(text, file, limits, tags).run()
    }))
    .unwrap_or_else(|_| {
        Err(YamlError {
            offset: 0,
            message: "the YAML parser failed on this document".into(),
        })
    })
}

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
        seen: HashSet<String>,
    },
}

struct Builder<'a> {
    text: &'a str,
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
    fn new(text: &'a str, file: FileId, limits: Limits, tags: &'a dyn TagMapper) -> Self {
        let char_bytes = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
                .collect()
        });
        Builder {
            text,
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
        let mut parser = Parser::new_from_str(self.text);
        while let Some(ev) = parser.next_event() {
            let (ev, sp) = ev.map_err(|e| {
                let off = self.byte(e.marker().index());
                self.err(off, format!("invalid YAML: {}", e.info()))
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
                    self.complete(node, start)?;
                }
                Event::Scalar(value, style, anchor, tag) => {
                    self.count(1, start)?;
                    let kind = scalar_kind(&value, style, tag.as_deref());
                    let node = Node::new(self.span(start, end), kind);
                    let node = self.tagged(tag.as_deref(), node, start);
                    self.remember(anchor, &node, 1);
                    self.complete(node, start)?;
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
                        seen: HashSet::new(),
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
                    self.finish_collection(node, tag, anchor, s)?;
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
                    self.finish_collection(node, tag, anchor, s)?;
                }
            }
        }
        let root = self
            .root
            .unwrap_or_else(|| Node::new(Span::new(self.file, 0, 0), NodeKind::Null));
        Ok(Parsed {
            root,
            problems: self.problems,
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

    fn finish_collection(
        &mut self,
        node: Node,
        tag: Option<String>,
        anchor: usize,
        at: usize,
    ) -> Result<(), YamlError> {
        let node = match tag {
            Some(t) => self.apply_tag(&t, node, at),
            None => node,
        };
        if anchor != 0 {
            let size = node_count(&node);
            self.remember(anchor, &node, size);
        }
        self.complete(node, at)
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
        match self.tags.map(tag, node.clone()) {
            Ok(n) => n,
            Err(message) => {
                self.problems.push(self.err(at, message));
                node
            }
        }
    }

    /// Adds a finished node to its parent (or makes it the root).
    fn complete(&mut self, node: Node, at: usize) -> Result<(), YamlError> {
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
                        if !seen.insert(s.to_string()) {
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
        Ok(())
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
        fn map(&self, tag: &str, node: Node) -> Result<Node, String> {
            if tag == "!Bad" {
                return Err("bad tag".into());
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
}
