//! The expression evaluator seam: HCL expressions become spanned [`Node`]s, [`Value`]s
//! and [`Ref`]s.
//!
//! Today only literals are evaluated: `null`, booleans, numbers, strings, arrays,
//! objects, and the literal parts of string and heredoc templates. Anything else
//! (variables, `local.*`, resource attributes, function calls, conditionals, `for`
//! expressions, operators) stays unknown and carries its exact source text, sliced from
//! the file. Variable, local and module evaluation will extend [`Eval`] (it is the one
//! place that turns an expression into a value), so the readers built on it need not
//! change.

use std::ops::Range;

use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::template::{Element, Template};
use hcl_edit::Span as _;

use crate::model::Ref;
use crate::parse::node::{Key, Node, NodeKind};
use crate::source::{FileId, Span};
use crate::value::{Piece, Value};

/// Roots of traversals that are not resource addresses.
const NOT_RESOURCES: &[&str] = &[
    "var",
    "local",
    "data",
    "module",
    "each",
    "count",
    "path",
    "terraform",
    "self",
];

/// Resource attributes that identify an IAM entity when referenced.
const IDENTIFYING_ATTRIBUTES: &[&str] = &["name", "id", "arn", "unique_id"];

/// Evaluates expressions of one file.
#[derive(Debug, Clone, Copy)]
pub struct Eval<'a> {
    text: &'a str,
    file: FileId,
}

impl<'a> Eval<'a> {
    /// An evaluator for the expressions parsed from `text`.
    pub fn new(text: &'a str, file: FileId) -> Self {
        Eval { text, file }
    }

    /// The file the expressions come from.
    pub fn file(&self) -> FileId {
        self.file
    }

    /// The file's text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The span of anything hcl-edit parsed, if it has one.
    pub fn try_span(&self, item: &dyn hcl_edit::Span) -> Option<Span> {
        item.span()
            .filter(|r| r.start <= r.end && r.end <= self.text.len())
            .map(|r| Span::new(self.file, r.start, r.end))
    }

    /// The span of anything hcl-edit parsed, or `fallback` when it has none.
    pub fn span_or(&self, item: &dyn hcl_edit::Span, fallback: Span) -> Span {
        self.try_span(item).unwrap_or(fallback)
    }

    /// The raw file text of a byte range, or `""` when out of range.
    pub fn slice(&self, range: Range<usize>) -> &'a str {
        self.text.get(range).unwrap_or("")
    }

    /// An expression's exact source text (re-encoded if it has no span).
    pub fn source(&self, expr: &Expression) -> String {
        match expr.span().and_then(|r| self.text.get(r)) {
            Some(s) => s.to_string(),
            None => expr.to_string().trim().to_string(),
        }
    }

    /// Evaluates an expression to a node tree; `fallback` is the span used for parts
    /// that have none.
    pub fn node(&self, expr: &Expression, fallback: Span) -> Node {
        let span = self.span_or(expr, fallback);
        let kind = match expr {
            Expression::Null(_) => NodeKind::Null,
            Expression::Bool(b) => NodeKind::Bool(*b.value()),
            Expression::Array(items) => {
                NodeKind::Array(items.iter().map(|e| self.node(e, span)).collect())
            }
            Expression::Object(object) => NodeKind::Object(
                object
                    .iter()
                    .map(|(k, v)| (self.key(k, span), self.node(v.expr(), span)))
                    .collect(),
            ),
            Expression::Parenthesis(p) => return self.node(p.inner(), span),
            _ => match self.number(expr) {
                Some(n) => NodeKind::Number(n),
                None => match self.value(expr) {
                    Value::Unknown(text) if !is_string_like(expr) => NodeKind::Unknown(text),
                    value => NodeKind::Str(value),
                },
            },
        };
        Node::new(span, kind)
    }

    fn key(&self, key: &ObjectKey, fallback: Span) -> Key {
        let span = self.span_or(key, fallback);
        let name = match key {
            ObjectKey::Ident(id) => Value::Known(id.as_str().to_string()),
            // as in Terraform, a bare name used as a key is the literal name
            ObjectKey::Expression(Expression::Variable(v)) => Value::Known(v.as_str().to_string()),
            ObjectKey::Expression(e) => self.value(e),
        };
        Key { name, span }
    }

    /// Evaluates an expression to a scalar value. Arrays, objects and every expression
    /// that is not a literal are `Unknown` with their source text.
    pub fn value(&self, expr: &Expression) -> Value {
        if let Some(n) = self.number(expr) {
            return Value::Known(n);
        }
        match expr {
            Expression::String(s) => Value::Known(s.value().clone()),
            Expression::Bool(b) => Value::Known(b.value().to_string()),
            Expression::StringTemplate(t) => self.template(t, expr),
            Expression::HeredocTemplate(h) => self.template(&h.template, expr),
            Expression::Parenthesis(p) => self.value(p.inner()),
            _ => Value::Unknown(self.source(expr)),
        }
    }

    /// The text of a number literal, negative ones included.
    fn number(&self, expr: &Expression) -> Option<String> {
        match expr {
            Expression::Number(_) => Some(self.source(expr)),
            Expression::UnaryOp(op) if op.operator.value() == &UnaryOperator::Neg => {
                matches!(op.expr, Expression::Number(_))
                    .then(|| format!("-{}", self.source(&op.expr)))
            }
            _ => None,
        }
    }

    /// A template's value: its literal parts known, its interpolations evaluated where
    /// they can be and kept as source text where not. A template with a directive
    /// (`%{ if }`, `%{ for }`) is unknown as a whole.
    fn template(&self, template: &Template, whole: &Expression) -> Value {
        let mut pieces = Vec::new();
        for element in template.iter() {
            match element {
                Element::Literal(lit) => pieces.push(Piece::Lit(lit.value().clone())),
                Element::Interpolation(i) => match self.value(&i.expr) {
                    Value::Known(s) => pieces.push(Piece::Lit(s)),
                    Value::Partial(inner) => pieces.extend(inner),
                    Value::Unknown(_) => pieces.push(Piece::Expr(self.source(&i.expr))),
                },
                Element::Directive(_) => return Value::Unknown(self.source(whole)),
            }
        }
        Value::from_pieces(pieces)
    }

    /// How an attribute refers to another entity: a resource address
    /// (`aws_iam_role.app.name`, also as `"${aws_iam_role.app.name}"`, with any instance
    /// index or splat ignored), a literal, or an unknown expression.
    pub fn reference(&self, expr: &Expression) -> Ref {
        if let Some((address, attribute)) = address_of(expr) {
            return Ref::Address { address, attribute };
        }
        match self.value(expr) {
            Value::Known(s) => Ref::Literal(s),
            other => Ref::Unknown(other),
        }
    }
}

/// True for expressions that evaluate to strings even when not known.
fn is_string_like(expr: &Expression) -> bool {
    matches!(
        expr,
        Expression::String(_) | Expression::StringTemplate(_) | Expression::HeredocTemplate(_)
    )
}

/// The single interpolated expression of a template that is nothing else (`"${x}"`).
pub fn sole_interpolation(expr: &Expression) -> Option<&Expression> {
    let template = expr.as_string_template()?;
    match template.as_single_element()? {
        Element::Interpolation(i) => Some(&i.expr),
        _ => None,
    }
}

/// `(address, attribute)` of a reference to a resource's identifying attribute.
fn address_of(expr: &Expression) -> Option<(String, String)> {
    match expr {
        Expression::Parenthesis(p) => address_of(p.inner()),
        Expression::StringTemplate(_) => address_of(sole_interpolation(expr)?),
        Expression::Traversal(t) => {
            let root = t.expr.as_variable()?.as_str();
            if NOT_RESOURCES.contains(&root) || !root.contains('_') {
                return None;
            }
            let mut operators = t.operators.iter().map(|op| op.value());
            let name = match operators.next()? {
                TraversalOperator::GetAttr(name) => name.as_str(),
                _ => return None,
            };
            let mut attribute = None;
            for op in operators {
                match (op, attribute) {
                    (
                        TraversalOperator::Index(_)
                        | TraversalOperator::LegacyIndex(_)
                        | TraversalOperator::FullSplat(_)
                        | TraversalOperator::AttrSplat(_),
                        None,
                    ) => {}
                    (TraversalOperator::GetAttr(a), None) => attribute = Some(a.as_str()),
                    _ => return None,
                }
            }
            let attribute = attribute.filter(|a| IDENTIFYING_ATTRIBUTES.contains(a))?;
            Some((format!("{root}.{name}"), attribute.to_string()))
        }
        _ => None,
    }
}
