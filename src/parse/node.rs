//! A small spanned document tree shared by every input format.
//!
//! JSON text, HCL object expressions (`jsonencode({...})`) and, later, YAML all become
//! [`Node`]s, so one builder ([`crate::parse::policy_doc`]) turns any of them into a
//! [`crate::model::policy::PolicyDocument`].

use crate::source::Span;
use crate::value::{Piece, Value};

/// One node with the span it was written at.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the node was written.
    pub span: Span,
    /// What it holds.
    pub kind: NodeKind,
}

/// The shapes a node can have.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string; may be partly unknown (`"arn:aws:s3:::${var.b}"`).
    Str(Value),
    /// An array.
    Array(Vec<Node>),
    /// An object: keys in source order, duplicates kept.
    Object(Vec<(Key, Node)>),
    /// An expression that could not be evaluated, with its source text.
    Unknown(String),
    /// A string holding the JSON encoding of a tree (`jsonencode(...)`, the `json` of a
    /// policy document data source): the tree is kept so its spans survive.
    Json(Box<Node>),
}

/// An object key with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The key text; may be unknown (an HCL `(var.k) = ...` key).
    pub name: Value,
    /// Where the key was written.
    pub span: Span,
}

impl Node {
    /// A node.
    pub fn new(span: Span, kind: NodeKind) -> Node {
        Node { span, kind }
    }

    /// Object members, if this is an object.
    pub fn as_object(&self) -> Option<&[(Key, Node)]> {
        match &self.kind {
            NodeKind::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Array items, if this is an array.
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The first member named `key` (exact match), if this is an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.get_entry(key).map(|(_, n)| n)
    }

    /// The first member whose name equals `key` (exact match), with its key.
    pub fn get_entry(&self, key: &str) -> Option<(&Key, &Node)> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k.name.is(key))
            .map(|(k, n)| (k, n))
    }

    /// The scalar value of a string, number or bool node; `Unknown` nodes give
    /// `Value::Unknown`. `None` for null, arrays and objects.
    pub fn scalar(&self) -> Option<Value> {
        match &self.kind {
            NodeKind::Str(v) => Some(v.clone()),
            NodeKind::Number(n) => Some(Value::Known(n.clone())),
            NodeKind::Bool(b) => Some(Value::Known(b.to_string())),
            NodeKind::Unknown(e) => Some(Value::Unknown(e.clone())),
            NodeKind::Json(inner) => Some(inner.json_text()),
            _ => None,
        }
    }

    /// True for an unresolved expression.
    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, NodeKind::Unknown(_))
    }

    /// Applies `f` to every span in the tree (used to move spans from a decoded string
    /// back to the bytes of the file it came from).
    pub fn map_spans(&mut self, f: &dyn Fn(Span) -> Span) {
        self.span = f(self.span);
        match &mut self.kind {
            NodeKind::Array(items) => items.iter_mut().for_each(|n| n.map_spans(f)),
            NodeKind::Json(inner) => inner.map_spans(f),
            NodeKind::Object(members) => members.iter_mut().for_each(|(k, n)| {
                k.span = f(k.span);
                n.map_spans(f)
            }),
            _ => {}
        }
    }

    /// A short description of the node's shape, for diagnostics.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "boolean",
            NodeKind::Number(_) => "number",
            NodeKind::Str(_) => "string",
            NodeKind::Array(_) => "array",
            NodeKind::Object(_) => "object",
            NodeKind::Unknown(_) => "unresolved expression",
            NodeKind::Json(_) => "string",
        }
    }

    /// The tree encoded as compact JSON text; unresolved parts become `${expr}` pieces.
    pub fn json_text(&self) -> Value {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        self.encode(&mut lit, &mut pieces, 0);
        pieces.push(Piece::Lit(lit));
        Value::from_pieces(pieces)
    }

    fn encode(&self, lit: &mut String, pieces: &mut Vec<Piece>, depth: usize) {
        if depth > MAX_ENCODE_DEPTH {
            lit.push_str("null");
            return;
        }
        match &self.kind {
            NodeKind::Null => lit.push_str("null"),
            NodeKind::Bool(b) => lit.push_str(if *b { "true" } else { "false" }),
            NodeKind::Number(n) => lit.push_str(n),
            NodeKind::Str(v) => encode_value(v, lit, pieces),
            NodeKind::Json(inner) => encode_value(&inner.json_text(), lit, pieces),
            NodeKind::Unknown(e) => {
                pieces.push(Piece::Lit(std::mem::take(lit)));
                pieces.push(Piece::Expr(e.clone()));
            }
            NodeKind::Array(items) => {
                lit.push('[');
                for (i, n) in items.iter().enumerate() {
                    if i > 0 {
                        lit.push(',');
                    }
                    n.encode(lit, pieces, depth + 1);
                }
                lit.push(']');
            }
            NodeKind::Object(members) => {
                lit.push('{');
                for (i, (k, n)) in members.iter().enumerate() {
                    if i > 0 {
                        lit.push(',');
                    }
                    encode_value(&k.name, lit, pieces);
                    lit.push(':');
                    n.encode(lit, pieces, depth + 1);
                }
                lit.push('}');
            }
        }
    }
}

/// Nesting beyond this is encoded as `null` (evaluated trees are bounded well below it).
const MAX_ENCODE_DEPTH: usize = 256;

/// A string value as a JSON string literal; unknown parts become `${expr}` pieces.
fn encode_value(v: &Value, lit: &mut String, pieces: &mut Vec<Piece>) {
    lit.push('"');
    let parts: Vec<Piece> = match v {
        Value::Known(s) => vec![Piece::Lit(s.clone())],
        Value::Partial(p) => p.clone(),
        Value::Unknown(e) => vec![Piece::Expr(e.clone())],
    };
    for part in parts {
        match part {
            Piece::Lit(s) => escape_into(&s, lit),
            Piece::Expr(e) => {
                pieces.push(Piece::Lit(std::mem::take(lit)));
                pieces.push(Piece::Expr(e));
            }
        }
    }
    lit.push('"');
}

fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
}
