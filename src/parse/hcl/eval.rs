//! The expression evaluator seam: HCL expressions become spanned [`Node`]s, [`Value`]s
//! and [`Ref`]s.
//!
//! An [`Eval`] evaluates the expressions of one file. Given a [`Module`] (every `.tf`
//! file of a directory, see [`super::module`]) it resolves `var.*` (tfvars, else the
//! variable's default), `local.*`, `data.aws_iam_policy_document.*.json`, string
//! templates, conditionals, operators, `for` expressions, splats, index and attribute
//! access, and the functions of [`super::funcs`]. Without a module only literals are
//! known. Whatever cannot be resolved stays [`NodeKind::Unknown`] with the exact source
//! text of the expression: unknown is never turned into a guess.
//!
//! Evaluated values are [`Node`]s, so they keep the span they were written at: a local
//! object used through `jsonencode(local.policy)` points at the object in the `locals`
//! block, even from another file of the module.
//!
//! Work is bounded: recursion depth, collection sizes, string lengths and a per-module
//! budget of evaluation steps; past a bound the value is unknown.

use std::ops::Range;

use hcl_edit::expr::{
    BinaryOperator, Expression, ForExpr, FuncCall, ObjectKey, TraversalOperator, UnaryOperator,
};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::Span as _;

use super::files::FileAccess;
use super::funcs;
use super::module::Module;
use crate::model::Ref;
use crate::parse::node::{Key, Node, NodeKind};
use crate::source::{FileId, Span};
use crate::value::{Piece, Value};

/// Skips instance keys (`[0]`, `["a"]`) of a counted data source.
fn skip_indexes<'o, I>(ops: &mut std::iter::Peekable<I>)
where
    I: Iterator<Item = &'o TraversalOperator>,
{
    while matches!(
        ops.peek(),
        Some(TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_))
    ) {
        ops.next();
    }
}

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

/// Deepest expression nesting evaluated; deeper parts are unknown.
const MAX_DEPTH: u32 = 96;

/// Most elements a collection built by evaluation may have.
pub const MAX_ITEMS: usize = 10_000;

/// Most variables a `templatefile` call may pass.
const MAX_TEMPLATE_VARS: usize = 64;

/// Longest string built by evaluation, in bytes.
pub const MAX_STRING: usize = 1 << 20;

/// A name bound while evaluating (a `for` variable, a `dynamic` block iterator).
#[derive(Debug)]
pub struct Bind<'b> {
    /// The name.
    pub name: String,
    /// Its value.
    pub value: Node,
    /// The enclosing bindings.
    pub parent: Option<&'b Bind<'b>>,
}

/// Evaluates expressions of one file, in the scope of its module if there is one.
#[derive(Debug, Clone, Copy)]
pub struct Eval<'a> {
    text: &'a str,
    file: FileId,
    module: Option<&'a Module<'a>>,
    binds: Option<&'a Bind<'a>>,
    depth: u32,
}

impl<'a> Eval<'a> {
    /// An evaluator for the expressions parsed from `text`, knowing only literals.
    pub fn new(text: &'a str, file: FileId) -> Self {
        Eval {
            text,
            file,
            module: None,
            binds: None,
            depth: 0,
        }
    }

    /// An evaluator for one file of a module.
    pub fn in_module(text: &'a str, file: FileId, module: &'a Module<'a>) -> Self {
        Eval {
            module: Some(module),
            ..Eval::new(text, file)
        }
    }

    /// The same evaluator with one more name bound.
    pub fn with_bind<'b>(&self, bind: &'b Bind<'b>) -> Eval<'b>
    where
        'a: 'b,
    {
        Eval {
            text: self.text,
            file: self.file,
            module: self.module,
            binds: Some(bind),
            depth: self.depth,
        }
    }

    /// This evaluator, as deep in the recursion as `outer` (for a data source evaluated
    /// from inside another expression), so nesting stays bounded.
    pub fn nested_in(self, outer: &Eval<'_>) -> Self {
        Eval {
            depth: outer.depth.saturating_add(1),
            ..self
        }
    }

    /// The bindings in effect (for a new [`Bind`]'s `parent`).
    pub fn binds(&self) -> Option<&'a Bind<'a>> {
        self.binds
    }

    /// The module, if evaluating in one.
    pub fn module(&self) -> Option<&'a Module<'a>> {
        self.module
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

    /// Records an evaluation error (a missing key of a known object, a bad argument) for
    /// `try` and `can`.
    pub fn error(&self) {
        if let Some(m) = self.module {
            m.note_error();
        }
    }

    /// Spends evaluation budget; false once the module's budget is used up.
    pub fn charge(&self, steps: usize) -> bool {
        self.module.is_none_or(|m| m.charge(steps))
    }

    /// Evaluates an expression to a node tree; `fallback` is the span used for parts
    /// that have none.
    pub fn node(&self, expr: &Expression, fallback: Span) -> Node {
        let span = self.span_or(expr, fallback);
        if self.depth > MAX_DEPTH || !self.charge(1) {
            return Node::new(span, NodeKind::Unknown(self.source(expr)));
        }
        let ev = Eval {
            depth: self.depth + 1,
            ..*self
        };
        let kind = match expr {
            Expression::Null(_) => NodeKind::Null,
            Expression::Bool(b) => NodeKind::Bool(*b.value()),
            Expression::Number(_) => NodeKind::Number(self.source(expr)),
            Expression::String(s) => NodeKind::Str(Value::Known(s.value().clone())),
            Expression::Array(items) => {
                NodeKind::Array(items.iter().map(|e| ev.node(e, span)).collect())
            }
            Expression::Object(object) => NodeKind::Object(
                object
                    .iter()
                    .map(|(k, v)| (ev.key(k, span), ev.node(v.expr(), span)))
                    .collect(),
            ),
            Expression::Parenthesis(p) => return ev.node(p.inner(), span),
            Expression::StringTemplate(t) => return ev.template(t, expr, span),
            Expression::HeredocTemplate(h) => return ev.template(&h.template, expr, span),
            Expression::UnaryOp(op) => return ev.unary(op.operator.value(), &op.expr, expr, span),
            Expression::BinaryOp(op) => {
                return ev.binary(op.operator.value(), &op.lhs_expr, &op.rhs_expr, expr, span)
            }
            Expression::Conditional(c) => {
                return match truth(&ev.node(&c.cond_expr, span)) {
                    Some(true) => ev.node(&c.true_expr, span),
                    Some(false) => ev.node(&c.false_expr, span),
                    None => self.unknown(expr, span),
                }
            }
            Expression::Variable(v) => match self.bound(v.as_str()) {
                Some(n) => return n.clone(),
                None => NodeKind::Unknown(self.source(expr)),
            },
            Expression::Traversal(t) => return ev.traversal(&t.expr, &t.operators, expr, span),
            Expression::FuncCall(call) => return ev.call(call, expr, span),
            Expression::ForExpr(f) => return ev.for_expr(f, expr, span),
        };
        Node::new(span, kind)
    }

    fn unknown(&self, expr: &Expression, span: Span) -> Node {
        Node::new(span, NodeKind::Unknown(self.source(expr)))
    }

    fn bound(&self, name: &str) -> Option<&'a Node> {
        let mut b = self.binds;
        while let Some(bind) = b {
            if bind.name == name {
                return Some(&bind.value);
            }
            b = bind.parent;
        }
        None
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

    /// Evaluates an expression to a scalar value. Arrays, objects, `null` and whatever
    /// cannot be resolved are `Unknown` with their source text.
    pub fn value(&self, expr: &Expression) -> Value {
        let fallback = Span::new(self.file, 0, 0);
        self.value_of(expr, self.node(expr, fallback))
    }

    /// [`Eval::value`] of an expression already evaluated to `node`.
    fn value_of(&self, expr: &Expression, node: Node) -> Value {
        match node.kind {
            NodeKind::Str(v) => v,
            NodeKind::Number(n) => Value::Known(n),
            NodeKind::Bool(b) => Value::Known(b.to_string()),
            NodeKind::Json(inner) => inner.json_text(),
            _ => Value::Unknown(self.source(expr)),
        }
    }

    /// A template's value: its literal parts known, its interpolations evaluated where
    /// they can be and kept as source text where not. A template that is one
    /// interpolation is that value (so `"${jsonencode(x)}"` keeps its tree). `%{ if }`
    /// and `%{ for }` directives are rendered when their condition or collection is
    /// known; otherwise the template is unknown as a whole. Strip markers (`~`) are not
    /// applied (they only change whitespace).
    fn template(&self, template: &Template, whole: &Expression, span: Span) -> Node {
        if let Some(Element::Interpolation(i)) = template.as_single_element() {
            let n = self.node(&i.expr, span);
            if matches!(n.kind, NodeKind::Str(_) | NodeKind::Json(_)) {
                return Node::new(span, n.kind);
            }
        }
        let mut pieces = Vec::new();
        let mut len = 0;
        if self.pieces(template, span, &mut pieces, &mut len).is_none() {
            return self.unknown(whole, span);
        }
        let value = Value::from_pieces(pieces);
        if value.render().len() > MAX_STRING {
            return self.unknown(whole, span);
        }
        Node::new(span, NodeKind::Str(value))
    }

    /// Appends a template's pieces; `None` when a directive cannot be rendered or the
    /// text grows past [`MAX_STRING`] (`len` counts the bytes so far).
    fn pieces(
        &self,
        template: &Template,
        span: Span,
        out: &mut Vec<Piece>,
        len: &mut usize,
    ) -> Option<()> {
        if self.depth > MAX_DEPTH || !self.charge(1) {
            return None;
        }
        let ev = Eval {
            depth: self.depth + 1,
            ..*self
        };
        for element in template.iter() {
            let before = out.len();
            match element {
                Element::Literal(lit) => out.push(Piece::Lit(lit.value().clone())),
                Element::Interpolation(i) => {
                    let n = ev.node(&i.expr, span);
                    match string_pieces(&n) {
                        Some(p) => out.extend(p),
                        None => out.push(Piece::Expr(ev.source(&i.expr))),
                    }
                }
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => {
                        let cond = ev.node(&d.if_expr.cond_expr, span);
                        if truth(&cond)? {
                            ev.pieces(&d.if_expr.template, span, out, len)?;
                        } else if let Some(e) = &d.else_expr {
                            ev.pieces(&e.template, span, out, len)?;
                        }
                    }
                    Directive::For(d) => {
                        let f = &d.for_expr;
                        let coll = ev.node(&f.collection_expr, span);
                        let items = entries(&coll)?;
                        for (k, v) in items {
                            let (key_name, value_name) = match &f.key_var {
                                Some(k) => (Some(k.as_str()), f.value_var.as_str()),
                                None => (None, f.value_var.as_str()),
                            };
                            let kb;
                            let parent = match key_name {
                                Some(name) => {
                                    kb = Bind {
                                        name: name.to_string(),
                                        value: k,
                                        parent: ev.binds,
                                    };
                                    Some(&kb)
                                }
                                None => ev.binds,
                            };
                            let vb = Bind {
                                name: value_name.to_string(),
                                value: v,
                                parent,
                            };
                            ev.with_bind(&vb).pieces(&f.template, span, out, len)?;
                        }
                    }
                },
            }
            for p in out.get(before..).unwrap_or(&[]) {
                *len += match p {
                    Piece::Lit(s) | Piece::Expr(s) => s.len(),
                };
            }
            if *len > MAX_STRING {
                return None;
            }
        }
        Some(())
    }

    fn unary(
        &self,
        op: &UnaryOperator,
        inner: &Expression,
        whole: &Expression,
        span: Span,
    ) -> Node {
        let n = self.node(inner, span);
        let kind = match op {
            UnaryOperator::Neg => match number(&n) {
                Some(x) => NodeKind::Number(format_number(-x)),
                None => return self.unknown(whole, span),
            },
            UnaryOperator::Not => match truth(&n) {
                Some(b) => NodeKind::Bool(!b),
                None => return self.unknown(whole, span),
            },
        };
        Node::new(span, kind)
    }

    fn binary(
        &self,
        op: &BinaryOperator,
        lhs: &Expression,
        rhs: &Expression,
        whole: &Expression,
        span: Span,
    ) -> Node {
        use BinaryOperator as B;
        let l = self.node(lhs, span);
        // `false && x` and `true || x` are decided by the left side alone
        match (op, truth(&l)) {
            (B::And, Some(false)) => return Node::new(span, NodeKind::Bool(false)),
            (B::Or, Some(true)) => return Node::new(span, NodeKind::Bool(true)),
            _ => {}
        }
        let r = self.node(rhs, span);
        let kind = match op {
            B::Eq | B::NotEq => match equal(&l, &r) {
                Some(same) => NodeKind::Bool(same == (*op == B::Eq)),
                None => return self.unknown(whole, span),
            },
            B::And | B::Or => match (truth(&l), truth(&r)) {
                (Some(a), Some(b)) => NodeKind::Bool(if *op == B::And { a && b } else { a || b }),
                _ => return self.unknown(whole, span),
            },
            _ => {
                let (Some(a), Some(b)) = (number(&l), number(&r)) else {
                    return self.unknown(whole, span);
                };
                match op {
                    B::Plus => NodeKind::Number(format_number(a + b)),
                    B::Minus => NodeKind::Number(format_number(a - b)),
                    B::Mul => NodeKind::Number(format_number(a * b)),
                    B::Div if b != 0.0 => NodeKind::Number(format_number(a / b)),
                    B::Mod if b != 0.0 => NodeKind::Number(format_number(a % b)),
                    B::Less => NodeKind::Bool(a < b),
                    B::LessEq => NodeKind::Bool(a <= b),
                    B::Greater => NodeKind::Bool(a > b),
                    B::GreaterEq => NodeKind::Bool(a >= b),
                    _ => {
                        self.error();
                        return self.unknown(whole, span);
                    }
                }
            }
        };
        Node::new(span, kind)
    }

    /// `root.op.op...`: module values (`var`, `local`, `data`) and bound names are
    /// resolved, then each operator is applied while the value is known.
    fn traversal(
        &self,
        root: &Expression,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        whole: &Expression,
        span: Span,
    ) -> Node {
        let mut ops = ops.iter().map(|op| op.value()).peekable();
        let mut current = match root {
            Expression::Variable(v) => {
                let name = v.as_str();
                if let Some(n) = self.bound(name) {
                    n.clone()
                } else {
                    let Some(module) = self.module else {
                        return self.unknown(whole, span);
                    };
                    let attr = |op: Option<&TraversalOperator>| match op {
                        Some(TraversalOperator::GetAttr(a)) => Some(a.as_str().to_string()),
                        _ => None,
                    };
                    let looked_up = match name {
                        "var" => attr(ops.next()).and_then(|n| module.variable(&n, self)),
                        // an unknown local keeps the text of what made it unknown
                        // (`data.aws_caller_identity.current.account_id`), at the use
                        "local" => attr(ops.next())
                            .and_then(|n| module.local(&n, self))
                            .map(|n| match n.kind {
                                NodeKind::Unknown(text) => Node::new(span, NodeKind::Unknown(text)),
                                _ => n,
                            }),
                        "module" => attr(ops.next()).and_then(|n| module.module_output(&n, self)),
                        "path" => match attr(ops.next()).as_deref() {
                            Some("module") => {
                                Some(Node::new(span, NodeKind::Str(Value::Known(".".into()))))
                            }
                            Some("root") => module
                                .root_dir()
                                .map(|d| Node::new(span, NodeKind::Str(Value::Known(d.into())))),
                            Some("cwd") => module
                                .files()
                                .and_then(FileAccess::cwd)
                                .map(|d| Node::new(span, NodeKind::Str(Value::Known(d)))),
                            _ => None,
                        },
                        "data" => {
                            let kind = attr(ops.next());
                            let doc = attr(ops.next());
                            match (kind.as_deref(), doc) {
                                (Some("aws_iam_policy_document"), Some(doc))
                                    if matches!(
                                        ops.peek(),
                                        Some(
                                            TraversalOperator::AttrSplat(_)
                                                | TraversalOperator::FullSplat(_)
                                        )
                                    ) =>
                                {
                                    // `x.*.json`, `x[*].json`, `x[*]["json"]`: one
                                    // document per instance
                                    ops.next();
                                    let field = match ops.next() {
                                        Some(TraversalOperator::Index(Expression::String(s))) => {
                                            Some(s.value().to_string())
                                        }
                                        other => attr(other),
                                    };
                                    match field.as_deref() {
                                        Some("json" | "minified_json") => {
                                            module.policy_documents(&doc, self, span)
                                        }
                                        _ => None,
                                    }
                                }
                                (Some("aws_iam_policy_document"), Some(doc)) => {
                                    // an instance key of a counted data source
                                    while matches!(
                                        ops.peek(),
                                        Some(
                                            TraversalOperator::Index(_)
                                                | TraversalOperator::LegacyIndex(_)
                                        )
                                    ) {
                                        ops.next();
                                    }
                                    match attr(ops.next()).as_deref() {
                                        Some("json" | "minified_json") => {
                                            module.policy_document(&doc, self)
                                        }
                                        _ => None,
                                    }
                                }
                                (Some("aws_iam_policy"), Some(policy)) => {
                                    skip_indexes(&mut ops);
                                    attr(ops.next())
                                        .and_then(|a| module.managed_policy(&policy, &a, self))
                                }
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                    match looked_up {
                        Some(n) => n,
                        None => {
                            if self.no_such_instance(name, root, whole) {
                                self.error();
                            }
                            // `aws_iam_role.x.arn`: known only after apply, but for its shape
                            if let (
                                Some(TraversalOperator::GetAttr(entity)),
                                Some(TraversalOperator::GetAttr(field)),
                                None,
                            ) = (ops.next(), ops.next(), ops.next())
                            {
                                if field.as_str() == "arn" {
                                    if let Some(v) = module.arn_shape(name, entity.as_str(), self) {
                                        return Node::new(span, NodeKind::Str(v));
                                    }
                                }
                            }
                            if !module.prefix().is_empty()
                                && (matches!(name, "data" | "module")
                                    || !NOT_RESOURCES.contains(&name))
                            {
                                // a reference into a called module keeps its module
                                // path, so the caller can still link to it
                                let text = format!("{}{}", module.prefix(), self.source(whole));
                                return Node::new(span, NodeKind::Unknown(text));
                            }
                            return self.unknown(whole, span);
                        }
                    }
                }
            }
            other => self.node(other, span),
        };
        while let Some(op) = ops.next() {
            if let NodeKind::Unknown(cause) = &current.kind {
                // a part of an unknown local is unknown for the local's reason
                // (`local.env.account_ids["x"]` of a decoded secret says so)
                if matches!(root, Expression::Variable(v) if v.as_str() == "local") {
                    return Node::new(span, NodeKind::Unknown(cause.clone()));
                }
                return self.unknown(whole, span);
            }
            current = match op {
                TraversalOperator::GetAttr(a) => match member(&current, a.as_str()) {
                    Some(n) => n,
                    None => return self.missing(whole, span, &current),
                },
                TraversalOperator::Index(i) => {
                    let key = self.node(i, span);
                    match index(&current, &key) {
                        Ok(n) => n,
                        Err(true) => return self.missing(whole, span, &current),
                        Err(false) => return self.unknown(whole, span),
                    }
                }
                TraversalOperator::LegacyIndex(i) => {
                    let key = Node::new(span, NodeKind::Number(i.value().to_string()));
                    match index(&current, &key) {
                        Ok(n) => n,
                        Err(_) => return self.missing(whole, span, &current),
                    }
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let full = matches!(op, TraversalOperator::FullSplat(_));
                    let rest: Vec<&TraversalOperator> = if full {
                        ops.by_ref().collect()
                    } else {
                        let mut v = Vec::new();
                        while let Some(TraversalOperator::GetAttr(_)) = ops.peek() {
                            if let Some(op) = ops.next() {
                                v.push(op);
                            }
                        }
                        v
                    };
                    match self.splat(current, &rest, span) {
                        Some(n) => n,
                        None => return self.unknown(whole, span),
                    }
                }
            };
        }
        current
    }

    /// A known value lacks what was asked of it: an error in Terraform.
    fn missing(&self, whole: &Expression, span: Span, on: &Node) -> Node {
        if !matches!(on.kind, NodeKind::Unknown(_)) {
            self.error();
        }
        self.unknown(whole, span)
    }

    /// `list[*].a.b`: the operators applied to every element (a single value is a list of
    /// one, `null` an empty list).
    fn splat(&self, on: Node, rest: &[&TraversalOperator], span: Span) -> Option<Node> {
        let items = match on.kind {
            NodeKind::Array(items) => items,
            NodeKind::Null => Vec::new(),
            NodeKind::Unknown(_) => return None,
            _ => vec![on.clone()],
        };
        let mut out = Vec::with_capacity(items.len());
        for mut item in items {
            for op in rest {
                item = match op {
                    TraversalOperator::GetAttr(a) => member(&item, a.as_str())?,
                    TraversalOperator::Index(i) => index(&item, &self.node(i, span)).ok()?,
                    TraversalOperator::LegacyIndex(i) => index(
                        &item,
                        &Node::new(span, NodeKind::Number(i.value().to_string())),
                    )
                    .ok()?,
                    _ => return None,
                };
            }
            out.push(item);
        }
        Some(Node::new(on.span, NodeKind::Array(out)))
    }

    fn call(&self, call: &FuncCall, whole: &Expression, span: Span) -> Node {
        if call.name.is_namespaced() {
            return self.unknown(whole, span);
        }
        let name = call.name.name.as_str();
        match name {
            "try" => return self.try_call(call, whole, span),
            "can" => return self.can_call(call, whole, span),
            _ => {}
        }
        if matches!(
            name,
            "file" | "fileexists" | "templatefile" | "abspath" | "dirname" | "basename"
        ) {
            return match self.file_call(call, name, span) {
                Some(n) if !n.is_unknown() => n,
                _ => self.unknown(whole, span),
            };
        }
        if !funcs::is_known_function(name) {
            return self.unknown(whole, span);
        }
        let mut args: Vec<Node> = call.args.iter().map(|a| self.node(a, span)).collect();
        if call.args.expand_final() {
            // f(a, list...) passes the list's elements as arguments
            match args.pop().map(|n| n.kind) {
                Some(NodeKind::Array(items)) => args.extend(items),
                _ => return self.unknown(whole, span),
            }
        }
        match funcs::call(self, name, args, span) {
            Some(n) if !n.is_unknown() => n,
            _ => self.unknown(whole, span),
        }
    }

    /// The path and file functions. A file's contents are placed at the call's span (the
    /// file itself is not part of this module's evaluation); `templatefile` renders the
    /// file with only the given variables in scope.
    fn file_call(&self, call: &FuncCall, name: &str, span: Span) -> Option<Node> {
        let args: Vec<Node> = call.args.iter().map(|a| self.node(a, span)).collect();
        if call.args.expand_final() {
            return None;
        }
        let path = match args.first().map(|n| &n.kind) {
            Some(NodeKind::Str(Value::Known(p))) => p.clone(),
            _ => return None,
        };
        let access = self.module.and_then(Module::files);
        let text = |s: String| Some(Node::new(span, NodeKind::Str(Value::Known(s))));
        match (name, args.as_slice()) {
            ("dirname", [_]) => text(super::files::dirname(&path)),
            ("basename", [_]) => text(super::files::basename(&path)),
            ("abspath", [_]) => text(access?.abspath(&path)?),
            ("fileexists", [_]) => Some(Node::new(span, NodeKind::Bool(access?.exists(&path)?))),
            ("file", [_]) => {
                let contents = access?.read(&path)?;
                self.charge(contents.len() / 64).then_some(())?;
                text(contents)
            }
            ("templatefile", [_, vars]) => {
                let contents = access?.read(&path)?;
                self.charge(contents.len() / 64).then_some(())?;
                self.render_file(&contents, vars, span)
            }
            _ => None,
        }
    }

    /// `templatefile`'s rendering of `contents` with the variables of object `vars`.
    fn render_file(&self, contents: &str, vars: &Node, span: Span) -> Option<Node> {
        let members = vars.as_object()?;
        let template = std::panic::catch_unwind(|| hcl_edit::parser::parse_template(contents))
            .ok()?
            .ok()?;
        if members.len() > MAX_TEMPLATE_VARS {
            return None;
        }
        let mut items = Vec::with_capacity(members.len());
        for (k, v) in members {
            items.push((k.name.as_known()?.to_string(), v.clone()));
        }
        let node = self.render_with(contents, &template, &items, None, span);
        (!node.is_unknown()).then_some(node)
    }

    /// Renders `template` (parsed from `contents`) with `items` bound on top of `parent`;
    /// every span of the result is `span`.
    fn render_with(
        &self,
        contents: &str,
        template: &Template,
        items: &[(String, Node)],
        parent: Option<&Bind<'_>>,
        span: Span,
    ) -> Node {
        match items.split_first() {
            Some(((name, value), rest)) => {
                let bind = Bind {
                    name: name.clone(),
                    value: value.clone(),
                    parent,
                };
                self.render_with(contents, template, rest, Some(&bind), span)
            }
            None => {
                // the template's own text, so its source slices are right; no module
                // values: a template sees only its variables
                let ev = Eval {
                    text: contents,
                    file: self.file,
                    module: self.module,
                    binds: parent,
                    depth: self.depth.saturating_add(1),
                };
                let whole = Expression::String(hcl_edit::Decorated::new(String::new()));
                let mut n = ev.template(template, &whole, span);
                n.map_spans(&|_| span);
                n
            }
        }
    }

    /// True when `whole` indexes a resource expanded into known instances with a known
    /// key none of them has (`aws_iam_policy.x["arn:..."]` where `x` has no such
    /// instance): an error in Terraform, which `try` moves past.
    fn no_such_instance(&self, root: &str, root_expr: &Expression, whole: &Expression) -> bool {
        let (Some(module), Expression::Variable(_)) = (self.module, root_expr) else {
            return false;
        };
        if NOT_RESOURCES.contains(&root) || !root.starts_with("aws_iam_") {
            return false;
        }
        let Some(t) = traversal_of(whole) else {
            return false;
        };
        let mut ops = t.operators.iter().map(|op| op.value());
        let (Some(TraversalOperator::GetAttr(name)), Some(TraversalOperator::Index(key))) =
            (ops.next(), ops.next())
        else {
            return false;
        };
        let address = format!("{root}.{}", name.as_str());
        let expansion = module.expansion(&address, self);
        let super::module::Expansion::Instances(instances, dropped) = &*expansion else {
            return false;
        };
        let suffix = match self.node(key, Span::new(self.file, 0, 0)).kind {
            NodeKind::Number(n) => format!("[{n}]"),
            NodeKind::Str(Value::Known(k)) => format!("[{k:?}]"),
            _ => return false,
        };
        *dropped == 0 && !instances.iter().any(|i| i.suffix == suffix)
    }

    /// The address of the instance a reference to a resource names: for a resource
    /// expanded by `count` / `for_each`, the instance its key selects
    /// (`aws_iam_role.app[0]`), or the first instance when the key is not known or the
    /// reference is a splat; otherwise the plain address.
    fn instance_address(&self, expr: &Expression, address: String) -> String {
        let Some(module) = self.module else {
            return address;
        };
        let expansion = module.expansion(&address, self);
        let super::module::Expansion::Instances(instances, _) = &*expansion else {
            return address;
        };
        let fallback = Span::new(self.file, 0, 0);
        let key = traversal_of(expr)
            .and_then(|t| t.operators.get(1))
            .and_then(|op| match op.value() {
                TraversalOperator::Index(e) => match self.node(e, fallback).kind {
                    NodeKind::Number(n) => Some(format!("[{n}]")),
                    NodeKind::Str(Value::Known(k)) => Some(format!("[{k:?}]")),
                    _ => None,
                },
                TraversalOperator::LegacyIndex(i) => Some(format!("[{}]", i.value())),
                _ => None,
            });
        let chosen = key
            .and_then(|k| instances.iter().find(|i| i.suffix == k))
            .or(instances.first());
        match chosen {
            Some(i) => format!("{address}{}", i.suffix),
            None => address,
        }
    }

    /// An address of this module's as the whole configuration names it
    /// (`module.ci.aws_iam_role.app`).
    fn qualified(&self, address: String) -> String {
        match self.module.map(Module::prefix) {
            Some(prefix) if !prefix.is_empty() => format!("{prefix}{address}"),
            _ => address,
        }
    }

    /// `try(a, b, ...)`: the first argument that evaluates without an error. An argument
    /// that is unknown without an error is the result (it may be a real unknown value).
    fn try_call(&self, call: &FuncCall, whole: &Expression, span: Span) -> Node {
        let Some(module) = self.module else {
            return self.unknown(whole, span);
        };
        for arg in call.args.iter() {
            let before = module.errors();
            let n = self.node(arg, span);
            let failed = module.errors() > before;
            module.reset_errors(before);
            if !failed {
                return if n.is_unknown() {
                    self.unknown(whole, span)
                } else {
                    n
                };
            }
        }
        self.error();
        self.unknown(whole, span)
    }

    /// `can(x)`: true when `x` evaluates without an error.
    fn can_call(&self, call: &FuncCall, whole: &Expression, span: Span) -> Node {
        let (Some(module), Some(arg), 1) = (self.module, call.args.get(0), call.args.len()) else {
            return self.unknown(whole, span);
        };
        let before = module.errors();
        let n = self.node(arg, span);
        let failed = module.errors() > before;
        module.reset_errors(before);
        match (failed, n.is_unknown()) {
            (true, _) => Node::new(span, NodeKind::Bool(false)),
            (false, false) => Node::new(span, NodeKind::Bool(true)),
            (false, true) => self.unknown(whole, span),
        }
    }

    /// `[for k, v in coll : x if cond]` and `{for k, v in coll : k => v...}`.
    fn for_expr(&self, f: &ForExpr, whole: &Expression, span: Span) -> Node {
        let coll = self.node(&f.intro.collection_expr, span);
        let Some(pairs) = entries(&coll) else {
            return self.unknown(whole, span);
        };
        if pairs.len() > MAX_ITEMS || !self.charge(pairs.len()) {
            return self.unknown(whole, span);
        }
        let value_name = f.intro.value_var.as_str();
        let key_name = f.intro.key_var.as_ref().map(|k| k.as_str());
        let mut items = Vec::new();
        let mut members = ObjectBuilder::default();
        for (k, v) in pairs {
            let value_bind = Bind {
                name: value_name.to_string(),
                value: v,
                parent: self.binds,
            };
            let key_bind;
            let ev = match key_name {
                Some(name) => {
                    key_bind = Bind {
                        name: name.to_string(),
                        value: k,
                        parent: Some(&value_bind),
                    };
                    self.with_bind(&key_bind)
                }
                None => self.with_bind(&value_bind),
            };
            if let Some(cond) = &f.cond {
                match truth(&ev.node(&cond.expr, span)) {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return self.unknown(whole, span),
                }
            }
            let value = ev.node(&f.value_expr, span);
            match &f.key_expr {
                None => items.push(value),
                Some(key_expr) => {
                    let key = ev.node(key_expr, span);
                    let Some(name) = key.scalar().filter(Value::is_known) else {
                        return self.unknown(whole, span);
                    };
                    let key = Key {
                        name,
                        span: key.span,
                    };
                    if f.grouping {
                        match members.get_mut(&key.name) {
                            Some(Node {
                                kind: NodeKind::Array(group),
                                ..
                            }) => group.push(value),
                            _ => members
                                .insert(key, Node::new(value.span, NodeKind::Array(vec![value]))),
                        }
                    } else {
                        members.insert(key, value);
                    }
                }
            }
        }
        let kind = match f.key_expr {
            None => NodeKind::Array(items),
            Some(_) => NodeKind::Object(members.finish()),
        };
        Node::new(span, kind)
    }

    /// How an attribute refers to another entity: a resource address
    /// (`aws_iam_role.app.name`, also as `"${aws_iam_role.app.name}"`, with any instance
    /// index or splat ignored), a literal, or an unknown expression.
    pub fn reference(&self, expr: &Expression) -> Ref {
        if let Some((address, attribute)) = address_of(expr) {
            let address = self.qualified(self.instance_address(expr, address));
            return Ref::Address { address, attribute };
        }
        // `one(x[*].name)`, `join("", x.*.name)`: the one instance of a counted resource
        if let Expression::FuncCall(call) = expr {
            let args: Vec<&Expression> = call.args.iter().collect();
            if call.name.name.as_str() == "try" && !call.name.is_namespaced() {
                // leading references to resources: the first that is not an error (an
                // instance that does not exist) is the reference; from the first other
                // argument on, the value of the whole `try` decides
                for arg in &args {
                    if address_of(arg).is_none() {
                        break;
                    }
                    let missing = traversal_of(arg).is_some_and(|t| {
                        t.expr
                            .as_variable()
                            .is_some_and(|v| self.no_such_instance(v.as_str(), &t.expr, arg))
                    });
                    if !missing {
                        return self.reference(arg);
                    }
                }
            }
            let inner = match (call.name.name.as_str(), args.as_slice()) {
                ("one", [arg]) => Some(*arg),
                ("join", [Expression::String(sep), arg]) if sep.value().is_empty() => Some(*arg),
                _ => None,
            };
            if let Some(inner) = inner.filter(|e| is_splat(e)) {
                if let Some((address, attribute)) = address_of(inner) {
                    let address = self.qualified(self.instance_address(inner, address));
                    return Ref::Address { address, attribute };
                }
            }
        }
        let node = self.node(expr, Span::new(self.file, 0, 0));
        // a reference that reached a called module through a variable, or a caller
        // through an output, arrives as the unknown text of its qualified address
        if let NodeKind::Unknown(text) = &node.kind {
            if let Some((address, attribute)) = qualified_address(text) {
                return Ref::Address { address, attribute };
            }
        }
        match self.value_of(expr, node) {
            // an empty name is a module's placeholder (`default = ""`), never a real one
            Value::Known(s) if s.is_empty() && !is_string_like(expr) => {
                Ref::Unknown(Value::Unknown(self.source(expr)))
            }
            Value::Known(s) => Ref::Literal(s),
            other => Ref::Unknown(other),
        }
    }
}

/// An object under construction: a later member with the same known key replaces the
/// earlier one in place, in constant time.
#[derive(Debug, Default)]
pub struct ObjectBuilder {
    members: Vec<(Key, Node)>,
    index: std::collections::HashMap<String, usize>,
}

impl ObjectBuilder {
    /// Sets a member, replacing one with the same key.
    pub fn insert(&mut self, key: Key, value: Node) {
        match self.slot(&key.name) {
            Some(i) => {
                if let Some(m) = self.members.get_mut(i) {
                    *m = (key, value);
                }
            }
            None => self.push(key, value),
        }
    }

    /// The member with this key, if any.
    pub fn get_mut(&mut self, name: &Value) -> Option<&mut Node> {
        let i = self.slot(name)?;
        self.members.get_mut(i).map(|(_, n)| n)
    }

    /// Appends a member.
    pub fn push(&mut self, key: Key, value: Node) {
        if let Value::Known(k) = &key.name {
            self.index.insert(k.clone(), self.members.len());
        }
        self.members.push((key, value));
    }

    fn slot(&self, name: &Value) -> Option<usize> {
        self.index.get(name.as_known()?).copied()
    }

    /// The members, in insertion order.
    pub fn finish(self) -> Vec<(Key, Node)> {
        self.members
    }
}

/// The pieces of a value used inside a string: scalars as text, unknowns as their
/// expression; `None` for null, lists and objects.
pub fn string_pieces(n: &Node) -> Option<Vec<Piece>> {
    Some(match &n.kind {
        NodeKind::Str(Value::Known(s)) => vec![Piece::Lit(s.clone())],
        NodeKind::Str(Value::Partial(p)) => p.clone(),
        NodeKind::Str(Value::Unknown(e)) | NodeKind::Unknown(e) => vec![Piece::Expr(e.clone())],
        NodeKind::Number(x) => vec![Piece::Lit(x.clone())],
        NodeKind::Bool(b) => vec![Piece::Lit(b.to_string())],
        NodeKind::Json(inner) => match inner.json_text() {
            Value::Known(s) => vec![Piece::Lit(s)],
            Value::Partial(p) => p,
            Value::Unknown(e) => vec![Piece::Expr(e)],
        },
        NodeKind::Null | NodeKind::Array(_) | NodeKind::Object(_) => return None,
    })
}

/// A known boolean (`true`, `false`, or the strings `"true"` / `"false"`).
pub fn truth(n: &Node) -> Option<bool> {
    match &n.kind {
        NodeKind::Bool(b) => Some(*b),
        NodeKind::Str(v) => match v.as_known()? {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A known number (numbers, and strings holding one).
pub fn number(n: &Node) -> Option<f64> {
    match &n.kind {
        NodeKind::Number(x) => x.trim().parse().ok(),
        NodeKind::Str(v) => v.as_known()?.trim().parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite())
}

/// A number as Terraform prints it: integers without a fraction.
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Whether two values are equal, if both are known well enough to tell.
pub fn equal(a: &Node, b: &Node) -> Option<bool> {
    match (&a.kind, &b.kind) {
        (NodeKind::Unknown(_), _) | (_, NodeKind::Unknown(_)) => None,
        (NodeKind::Null, NodeKind::Null) => Some(true),
        (NodeKind::Null, _) | (_, NodeKind::Null) => Some(false),
        (NodeKind::Number(_), NodeKind::Number(_)) => Some(number(a)? == number(b)?),
        (NodeKind::Bool(x), NodeKind::Bool(y)) => Some(x == y),
        (NodeKind::Array(x), NodeKind::Array(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut all = true;
            for (p, q) in x.iter().zip(y) {
                all &= equal(p, q)?;
            }
            Some(all)
        }
        (NodeKind::Object(x), NodeKind::Object(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut all = true;
            for (k, v) in x {
                let key = k.name.as_known()?;
                match y.iter().find(|(k2, _)| k2.name.is(key)) {
                    Some((_, w)) => all &= equal(v, w)?,
                    None => return Some(false),
                }
            }
            Some(all)
        }
        (NodeKind::Array(_) | NodeKind::Object(_), _)
        | (_, NodeKind::Array(_) | NodeKind::Object(_)) => Some(false),
        _ => {
            let x = Value::from_pieces(string_pieces(a)?);
            let y = Value::from_pieces(string_pieces(b)?);
            Some(x.as_known()? == y.as_known()?)
        }
    }
}

/// The member `name` of a known object.
fn member(on: &Node, name: &str) -> Option<Node> {
    match &on.kind {
        NodeKind::Object(members) => members
            .iter()
            .rev()
            .find(|(k, _)| k.name.is(name))
            .map(|(_, n)| n.clone()),
        _ => None,
    }
}

/// `on[key]`. `Err(true)` when the value is known and the key is not in it (an error),
/// `Err(false)` when it cannot be told.
fn index(on: &Node, key: &Node) -> Result<Node, bool> {
    match &on.kind {
        NodeKind::Array(items) => {
            let i = number(key).ok_or(!key.is_unknown())?;
            if i < 0.0 || i.fract() != 0.0 {
                return Err(true);
            }
            items.get(i as usize).cloned().ok_or(true)
        }
        NodeKind::Object(_) => match key.scalar() {
            Some(Value::Known(k)) => member(on, &k).ok_or(true),
            _ => Err(false),
        },
        NodeKind::Unknown(_) => Err(false),
        _ => Err(true),
    }
}

/// The `(key, value)` pairs a collection iterates as: lists by index, objects by key.
pub fn entries(coll: &Node) -> Option<Vec<(Node, Node)>> {
    match &coll.kind {
        NodeKind::Array(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    (
                        Node::new(n.span, NodeKind::Number(i.to_string())),
                        n.clone(),
                    )
                })
                .collect(),
        ),
        NodeKind::Object(members) => {
            let mut pairs: Vec<(Node, Node)> = Vec::with_capacity(members.len());
            for (k, v) in members {
                if !k.name.is_known() {
                    return None;
                }
                pairs.push((Node::new(k.span, NodeKind::Str(k.name.clone())), v.clone()));
            }
            // Terraform iterates maps and objects in key order
            pairs.sort_by(|a, b| {
                a.0.scalar()
                    .map(|v| v.render())
                    .cmp(&b.0.scalar().map(|v| v.render()))
            });
            Some(pairs)
        }
        _ => None,
    }
}

/// True for expressions that evaluate to strings even when not known.
pub fn is_string_like(expr: &Expression) -> bool {
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
/// True for a traversal with a splat (`x[*].name`, `x.*.name`).
fn is_splat(expr: &Expression) -> bool {
    traversal_of(expr).is_some_and(|t| {
        t.operators.iter().any(|op| {
            matches!(
                op.value(),
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_)
            )
        })
    })
}

/// The traversal an expression is, through parentheses and a sole interpolation.
fn traversal_of(expr: &Expression) -> Option<&hcl_edit::expr::Traversal> {
    match expr {
        Expression::Parenthesis(p) => traversal_of(p.inner()),
        Expression::StringTemplate(_) => traversal_of(sole_interpolation(expr)?),
        Expression::Traversal(t) => Some(t),
        _ => None,
    }
}

/// The address and attribute of a reference written out in full
/// (`module.ci.aws_iam_role.app[0].arn`): the text of an unknown value that crossed a
/// module boundary. An instance key that is not a literal is dropped.
pub fn qualified_address(text: &str) -> Option<(String, String)> {
    use std::sync::OnceLock;
    static RE: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            regex::Regex::new(
                r#"^((?:module\.[A-Za-z0-9_-]+(?:\[(?:[0-9]+|"[^"\]]*")\])?\.)*)([a-z0-9]+_[a-z0-9_]+\.[A-Za-z0-9_-]+)(\[(?:[0-9]+|"[^"\]]*")\])?(?:\[[^\]]*\])?\.(name|id|arn|unique_id)$"#,
            )
            .ok()
        })
        .as_ref()?;
    let c = re.captures(text.trim())?;
    let get = |i| c.get(i).map_or("", |m| m.as_str());
    if NOT_RESOURCES.contains(&get(2).split('.').next().unwrap_or("")) {
        return None;
    }
    Some((
        format!("{}{}{}", get(1), get(2), get(3)),
        get(4).to_string(),
    ))
}

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
