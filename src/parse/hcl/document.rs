//! Policy documents written in HCL: heredocs and quoted strings holding JSON, and any
//! expression the module evaluates to a document (`jsonencode({...})`, a policy document
//! data source's `json`, a variable or local holding either). What cannot be evaluated
//! (`file(...)`, an unset variable) is an unknown document with its source text.
//!
//! JSON held in a heredoc or string is parsed from the file's raw bytes: the text is
//! rebuilt element by element (HCL escapes decoded, interpolations kept as `${...}` and
//! replaced by their values where those are known) together with a map from every byte
//! of the rebuilt text back to the file, so statement spans point at the exact bytes they
//! were written at. A `var.x` or `local.x` whose value is such a string is read where the
//! string is written, for the same reason.

use std::ops::Range;

use hcl_edit::expr::Expression;
use hcl_edit::template::{Element, Template};
use hcl_edit::Span as _;

use super::eval::{sole_interpolation, string_pieces, Eval};
use crate::model::{Document, PolicyProblem};
use crate::parse::json::{self, Options};
use crate::parse::node::{Node, NodeKind};
use crate::parse::policy_doc;
use crate::source::Span;
use crate::value::{Piece, Value};

/// Where a document's diagnostics go: the address of the entity holding it, and the
/// inventory's problem list.
pub struct Sink<'s> {
    /// Address of the entity holding the document.
    pub address: &'s str,
    /// Problems found are appended here.
    pub problems: &'s mut Vec<PolicyProblem>,
}

impl Sink<'_> {
    fn push(&mut self, span: Span, message: String) {
        self.problems.push(PolicyProblem {
            span,
            address: self.address.to_string(),
            message,
        });
    }
}

/// Reads the policy document an attribute value holds; `fallback` is the span used when
/// the expression has none.
pub fn document(ev: &Eval<'_>, expr: &Expression, fallback: Span, sink: &mut Sink<'_>) -> Document {
    let span = ev.span_or(expr, fallback);
    if let Some(inner) = sole_interpolation(expr) {
        // "${jsonencode({...})}", "${data.aws_iam_policy_document.x.json}"
        return document(ev, inner, span, sink);
    }
    match expr {
        Expression::Parenthesis(p) => document(ev, p.inner(), span, sink),
        Expression::String(_) | Expression::StringTemplate(_) | Expression::HeredocTemplate(_) => {
            match JsonText::of(ev, expr) {
                Some(text) => text.parse(ev, span, sink),
                None => unknown(ev, expr, span),
            }
        }
        Expression::Traversal(t) => match written_elsewhere(ev, t) {
            // `local.policy` holding a heredoc: read the heredoc where it is written, so
            // statements point at their own lines
            Some((at, inner)) => match document(&at.nested_in(ev), inner, span, sink) {
                Document::Unknown { .. } => unknown(ev, expr, span),
                doc => doc,
            },
            None => evaluated(ev, expr, span, sink),
        },
        _ => evaluated(ev, expr, span, sink),
    }
}

/// The string a `var.x` / `local.x` traversal (and nothing more) stands for, where it is
/// written: a variable's value, a local's expression.
fn written_elsewhere<'a>(
    ev: &Eval<'a>,
    t: &hcl_edit::expr::Traversal,
) -> Option<(Eval<'a>, &'a Expression)> {
    let root = t.expr.as_variable()?.as_str();
    let [op] = t.operators.as_slice() else {
        return None;
    };
    let hcl_edit::expr::TraversalOperator::GetAttr(name) = op.value() else {
        return None;
    };
    let (at, inner) = ev.module()?.written_at(root, name.as_str())?;
    let textual = match inner {
        // an empty string is a module's placeholder (`default = ""`), not a policy
        Expression::String(s) => !s.value().trim().is_empty(),
        _ => matches!(
            inner,
            Expression::StringTemplate(_)
                | Expression::HeredocTemplate(_)
                | Expression::Traversal(_)
        ),
    };
    textual.then_some((at, inner))
}

/// A document from the value an expression evaluates to.
fn evaluated(ev: &Eval<'_>, expr: &Expression, span: Span, sink: &mut Sink<'_>) -> Document {
    let node = ev.node(expr, span);
    match node.kind {
        NodeKind::Json(inner) if !inner.is_unknown() => from_node(&inner, sink),
        // an empty string is a module's placeholder (`default = ""`), not a policy
        NodeKind::Str(Value::Known(text)) if !text.trim().is_empty() => {
            from_json_string(&text, node.span, sink)
        }
        _ => unknown(ev, expr, span),
    }
}

/// A document held as known JSON text that is not written in the file itself (a
/// variable's value, a function's result): every part is placed at `span`.
fn from_json_string(text: &str, span: Span, sink: &mut Sink<'_>) -> Document {
    match json::parse(text, span.file, 0, Options::default()) {
        Ok(mut node) => {
            node.map_spans(&|_| span);
            from_node(&node, sink)
        }
        Err(e) => {
            let message = format!("policy is not valid JSON: {}", e.message);
            sink.push(span, message.clone());
            Document::Invalid { message, span }
        }
    }
}

fn unknown(ev: &Eval<'_>, expr: &Expression, span: Span) -> Document {
    Document::Unknown {
        expr: ev.source(expr),
        span,
    }
}

/// Builds the document from a node tree, reporting every problem found.
fn from_node(node: &Node, sink: &mut Sink<'_>) -> Document {
    let mut problems = Vec::new();
    let doc = policy_doc::build(node, &mut problems);
    for p in problems {
        sink.push(p.span, p.message);
    }
    doc
}

/// JSON text rebuilt from a string or heredoc, with the file offset of every byte.
#[derive(Debug, Default)]
struct JsonText {
    /// The text to parse.
    text: String,
    /// `map[i]` is the file offset byte `i` of `text` came from; one extra entry maps
    /// the end of the text.
    map: Vec<usize>,
    /// Source text and evaluated value of the interpolations replaced by `${#n}` markers.
    masks: Vec<(String, Node)>,
    /// Where the interpolations are in `text`.
    interpolations: Vec<Range<usize>>,
    /// File offset just past the last byte pushed.
    end: usize,
}

impl JsonText {
    /// The JSON text of a string or heredoc; `None` when it holds a template directive
    /// (`%{ if }`, `%{ for }`) or lacks spans.
    fn of(ev: &Eval<'_>, expr: &Expression) -> Option<JsonText> {
        let span = expr.span()?;
        let mut out = JsonText {
            end: span.start,
            ..JsonText::default()
        };
        match expr {
            Expression::String(_) => {
                let raw = ev.slice(span.clone());
                let content = raw.strip_prefix('"')?.strip_suffix('"')?;
                out.end = span.start + 1;
                out.push_literal(content, span.start + 1, true);
            }
            Expression::StringTemplate(t) => {
                out.end = span.start + 1;
                out.push_template(ev, t, true)?;
            }
            Expression::HeredocTemplate(h) => {
                if let Some(body) = h.template.span() {
                    out.end = body.start;
                }
                out.push_template(ev, &h.template, false)?;
            }
            _ => return None,
        }
        out.map.push(out.end);
        Some(out)
    }

    fn push_template(&mut self, ev: &Eval<'_>, template: &Template, quoted: bool) -> Option<()> {
        for element in template.iter() {
            let span = element.span()?;
            let raw = ev.slice(span.clone());
            match element {
                Element::Literal(_) => self.push_literal(raw, span.start, quoted),
                Element::Interpolation(i) => {
                    let value = ev.node(&i.expr, Span::new(ev.file(), span.start, span.end));
                    self.push_interpolation(raw, span.start, value)
                }
                Element::Directive(_) => return None,
            }
        }
        Some(())
    }

    fn push_char(&mut self, c: char, at: usize) {
        self.text.push(c);
        self.map.extend(std::iter::repeat_n(at, c.len_utf8()));
    }

    fn push_verbatim(&mut self, raw: &str, start: usize) {
        self.text.push_str(raw);
        self.map.extend(start..start + raw.len());
        self.end = start + raw.len();
    }

    /// A literal part: `%%{` becomes `%{`; in a quoted string, escapes are decoded too.
    /// `$${` stays as it is, so the JSON reader keeps it a literal `${`.
    fn push_literal(&mut self, raw: &str, start: usize, quoted: bool) {
        let mut i = 0;
        while let Some(rest) = raw.get(i..).filter(|r| !r.is_empty()) {
            let at = start + i;
            if let Some((c, used)) = quoted.then(|| hcl_escape(rest)).flatten() {
                self.push_char(c, at);
                i += used;
            } else if rest.starts_with("%%{") {
                self.push_char('%', at);
                i += 2;
            } else {
                let c = rest.chars().next().unwrap_or('\u{FFFD}');
                self.push_char(c, at);
                i += c.len_utf8();
            }
        }
        self.end = start + raw.len();
    }

    /// An interpolation `${...}`, replaced by a same-length `${#n}` marker when it fits,
    /// so quotes inside it (`${x["k"]}`) cannot end a JSON string early.
    fn push_interpolation(&mut self, raw: &str, start: usize, value: Node) {
        self.interpolations
            .push(self.text.len()..self.text.len() + raw.len());
        let inner = raw.strip_prefix("${").and_then(|r| r.strip_suffix('}'));
        let marker = format!("#{}", self.masks.len());
        match inner {
            Some(inner) if inner.len() >= marker.len() => {
                self.masks.push((
                    inner
                        .trim_matches(|c: char| c.is_whitespace() || c == '~')
                        .to_string(),
                    value,
                ));
                let padded = format!("${{{marker:<width$}}}", width = inner.len());
                self.push_verbatim(&padded, start);
            }
            _ => self.push_verbatim(raw, start),
        }
    }

    /// True when a JSON error at `offset` is at an interpolation, or just after one:
    /// the interpolation splices in JSON text (`{ ${local.extra} "Bool": ... }`), so the
    /// document cannot be read until it is evaluated.
    fn splices_at(&self, offset: usize) -> bool {
        let before = self.text.get(..offset).map_or(0, |t| t.trim_end().len());
        self.interpolations
            .iter()
            .any(|r| r.start == offset || r.end == before)
    }

    /// File offset of a text offset.
    fn to_file(&self, offset: usize) -> usize {
        self.map.get(offset).copied().unwrap_or(self.end)
    }

    /// Parses the text as a policy document.
    fn parse(self, ev: &Eval<'_>, span: Span, sink: &mut Sink<'_>) -> Document {
        let file = ev.file();
        match json::parse(
            &self.text,
            file,
            0,
            Options {
                interpolation: true,
            },
        ) {
            Ok(mut node) => {
                node.map_spans(&|s| {
                    Span::new(
                        file,
                        self.to_file(s.start as usize),
                        self.to_file(s.end as usize),
                    )
                });
                if !self.masks.is_empty() {
                    unmask(&mut node, &self.masks);
                }
                from_node(&node, sink)
            }
            Err(e) if self.splices_at(e.offset) => Document::Unknown {
                expr: ev.slice(span.range()).to_string(),
                span,
            },
            Err(e) => {
                let message = format!("policy is not valid JSON: {}", e.message);
                let at = self.to_file(e.offset);
                sink.push(char_span(ev, at), message.clone());
                Document::Invalid { message, span }
            }
        }
    }
}

/// The one-character span at `at` (empty at the end of the text).
fn char_span(ev: &Eval<'_>, at: usize) -> Span {
    let width = ev
        .text()
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8);
    Span::new(ev.file(), at, at + width)
}

/// Decodes one HCL quoted-string escape at the start of `s`: the character and the bytes
/// used.
fn hcl_escape(s: &str) -> Option<(char, usize)> {
    let mut chars = s.chars();
    if chars.next()? != '\\' {
        return None;
    }
    let simple = match chars.next()? {
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        '"' => '"',
        '\\' => '\\',
        'u' => return unicode_escape(s, 4),
        'U' => return unicode_escape(s, 8),
        _ => return None,
    };
    Some((simple, 2))
}

/// `\uXXXX` / `\UXXXXXXXX`.
fn unicode_escape(s: &str, digits: usize) -> Option<(char, usize)> {
    let hex = s.get(2..2 + digits)?;
    let code = u32::from_str_radix(hex, 16).ok()?;
    Some((char::from_u32(code)?, 2 + digits))
}

/// Puts masked interpolations back into a node tree: their values where evaluated (a
/// `jsonencode` tree in value position, known text inside strings), else their source
/// text.
fn unmask(node: &mut Node, masks: &[(String, Node)]) {
    match &mut node.kind {
        NodeKind::Str(v) => unmask_value(v, masks),
        NodeKind::Unknown(e) => {
            if let Some((source, value)) = mask(e, masks) {
                match &value.kind {
                    NodeKind::Json(inner) if !inner.is_unknown() => *node = (**inner).clone(),
                    _ => *e = source.clone(),
                }
            }
        }
        NodeKind::Array(items) => items.iter_mut().for_each(|n| unmask(n, masks)),
        NodeKind::Object(members) => {
            for (key, value) in members {
                unmask_value(&mut key.name, masks);
                unmask(value, masks);
            }
        }
        NodeKind::Json(inner) => unmask(inner, masks),
        NodeKind::Null | NodeKind::Bool(_) | NodeKind::Number(_) => {}
    }
}

/// The mask a `#n` marker stands for.
fn mask<'m>(text: &str, masks: &'m [(String, Node)]) -> Option<&'m (String, Node)> {
    let index = text.strip_prefix('#')?.parse::<usize>().ok()?;
    masks.get(index)
}

fn unmask_value(v: &mut Value, masks: &[(String, Node)]) {
    let pieces = match v {
        Value::Known(_) => return,
        Value::Unknown(e) => vec![Piece::Expr(std::mem::take(e))],
        Value::Partial(pieces) => std::mem::take(pieces),
    };
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match piece {
            Piece::Expr(e) => match mask(&e, masks) {
                Some((source, value)) => match string_pieces(value) {
                    Some(p) => out.extend(p),
                    None => out.push(Piece::Expr(source.clone())),
                },
                None => out.push(Piece::Expr(e)),
            },
            lit => out.push(lit),
        }
    }
    *v = Value::from_pieces(out);
}
