//! A variable's declared `type`, as far as it shapes a value: Terraform converts every
//! variable value (a caller's argument, the default, a tfvars or `--var` value) to its
//! type, and for an object type that means an omitted `optional(...)` attribute is
//! there, `null` or its default.
//!
//! Only that is done here ([`Type::apply`]): the attributes an object type declares
//! optional are filled in, through lists, sets, maps and tuples of objects, nested.
//! Nothing else is converted (strings and numbers stay as written, extra attributes
//! stay). A value not known stays unknown, and an object with a key not known is not
//! filled (the unknown key may be the attribute). A type expression not read in full
//! ([`Type::read`] gives `None`) leaves the value as it is.

use hcl_edit::expr::{Expression, FuncCall, ObjectKey};

use super::eval::Eval;
use crate::parse::node::{Key, Node, NodeKind};
use crate::value::Value;

/// Deepest type expression read; a deeper one is not read.
const MAX_DEPTH: usize = 32;

/// A type, as far as conversion needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// `string`, `number`, `bool` or `any`: the value stays as it is.
    Leaf,
    /// `list(T)` or `set(T)`.
    List(Box<Type>),
    /// `map(T)`.
    Map(Box<Type>),
    /// `tuple([T, ...])`.
    Tuple(Vec<Type>),
    /// `object({name = T, ...})`.
    Object(Vec<Attribute>),
}

/// One attribute of an object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// `None` for a required attribute; for an `optional(T)` one, what it is when
    /// omitted or null: `null` or the default (`optional(T, default)`), converted to `T`.
    pub optional: Option<Node>,
}

impl Type {
    /// Reads a `type` expression evaluated by `ev` (for the spans of defaults); `None`
    /// when some part of it is not a type read here (legacy quoted types, unknown
    /// names, a default that is not a literal, `optional` outside an object).
    pub fn read(ev: &Eval<'_>, expr: &Expression) -> Option<Type> {
        read(ev, expr, 0)
    }

    /// `value` converted to this type as far as optional attributes go (see the module
    /// documentation). At most [`MAX_ADDED`] nodes are added: past that, objects are
    /// left as they are (an attribute left out stays unresolved, never guessed).
    pub fn apply(&self, value: Node) -> Node {
        let mut budget = MAX_ADDED;
        self.convert(value, &mut budget)
    }

    fn convert(&self, value: Node, budget: &mut usize) -> Node {
        let span = value.span;
        let kind = match (self, value.kind) {
            (Type::List(item), NodeKind::Array(items)) => {
                NodeKind::Array(items.into_iter().map(|n| item.convert(n, budget)).collect())
            }
            (Type::Tuple(types), NodeKind::Array(items)) if types.len() == items.len() => {
                NodeKind::Array(
                    items
                        .into_iter()
                        .zip(types)
                        .map(|(n, t)| t.convert(n, budget))
                        .collect(),
                )
            }
            (Type::Map(item), NodeKind::Object(members)) => NodeKind::Object(
                members
                    .into_iter()
                    .map(|(k, n)| (k, item.convert(n, budget)))
                    .collect(),
            ),
            (Type::Object(attributes), NodeKind::Object(members)) => {
                fill(attributes, members, span, budget)
            }
            (_, kind) => kind,
        };
        Node::new(span, kind)
    }
}

/// Most nodes [`Type::apply`] adds to one value.
pub const MAX_ADDED: usize = 1_000_000;

/// The members of an object of type `object(attributes)` written at `span`: each
/// converted to its attribute's type, a null optional one replaced by its default, and
/// the optional attributes left out added, while `budget` lasts. Nothing is added when
/// some key is not known.
fn fill(
    attributes: &[Attribute],
    members: Vec<(Key, Node)>,
    span: crate::source::Span,
    budget: &mut usize,
) -> NodeKind {
    let keys_known = members
        .iter()
        .all(|(k, _)| matches!(k.name, Value::Known(_)));
    let mut out: Vec<(Key, Node)> = members
        .into_iter()
        .map(|(k, n)| {
            let Some(a) = attributes.iter().find(|a| k.name.is(&a.name)) else {
                return (k, n);
            };
            match (&a.optional, &n.kind) {
                // Terraform gives a null optional attribute its default
                (Some(default), NodeKind::Null) => {
                    if matches!(default.kind, NodeKind::Null) {
                        return (k, n);
                    }
                    if !spend(budget, default) {
                        // past the bound the default is not copied: not known, not null
                        let what = format!("{} (its default)", a.name);
                        return (k, Node::new(n.span, NodeKind::Unknown(what)));
                    }
                    (k, default.clone())
                }
                _ => (k, a.ty.convert(n, budget)),
            }
        })
        .collect();
    if keys_known {
        for a in attributes {
            let Some(default) = &a.optional else { continue };
            if out.iter().any(|(k, _)| k.name.is(&a.name)) || !spend(budget, default) {
                continue;
            }
            let mut d = default.clone();
            if matches!(d.kind, NodeKind::Null) {
                d.span = span;
            }
            out.push((
                Key {
                    name: Value::Known(a.name.clone()),
                    span,
                },
                d,
            ));
        }
    }
    NodeKind::Object(out)
}

/// Takes the size of `default` (and its key) from `budget`; false when it is spent.
fn spend(budget: &mut usize, default: &Node) -> bool {
    fn count(n: &Node) -> usize {
        1 + match &n.kind {
            NodeKind::Array(items) => items.iter().map(count).sum(),
            NodeKind::Object(members) => members.iter().map(|(_, c)| count(c)).sum(),
            NodeKind::Json(inner) => count(inner),
            _ => 0,
        }
    }
    match budget.checked_sub(count(default) + 1) {
        Some(left) => {
            *budget = left;
            true
        }
        None => false,
    }
}

fn read(ev: &Eval<'_>, expr: &Expression, depth: usize) -> Option<Type> {
    if depth > MAX_DEPTH {
        return None;
    }
    match expr {
        Expression::Variable(v) => match v.as_str() {
            "string" | "number" | "bool" | "any" => Some(Type::Leaf),
            _ => None,
        },
        Expression::Parenthesis(p) => read(ev, p.inner(), depth + 1),
        Expression::FuncCall(call) => {
            let arg = single(call)?;
            match call.name.name.as_str() {
                "list" | "set" => Some(Type::List(Box::new(read(ev, arg, depth + 1)?))),
                "map" => Some(Type::Map(Box::new(read(ev, arg, depth + 1)?))),
                "tuple" => match arg {
                    Expression::Array(items) => items
                        .iter()
                        .map(|t| read(ev, t, depth + 1))
                        .collect::<Option<Vec<_>>>()
                        .map(Type::Tuple),
                    _ => None,
                },
                "object" => object(ev, arg, depth + 1),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The one argument of a call not namespaced and not expanded (`f(x)`).
fn single(call: &FuncCall) -> Option<&Expression> {
    if call.name.is_namespaced() || call.args.expand_final() {
        return None;
    }
    match call.args.iter().collect::<Vec<_>>().as_slice() {
        [arg] => Some(arg),
        _ => None,
    }
}

/// `object({...})`'s argument.
fn object(ev: &Eval<'_>, arg: &Expression, depth: usize) -> Option<Type> {
    let Expression::Object(members) = arg else {
        return None;
    };
    let mut attributes: Vec<Attribute> = Vec::new();
    for (key, value) in members.iter() {
        let name = match key {
            ObjectKey::Ident(id) => id.as_str().to_string(),
            ObjectKey::Expression(Expression::Variable(v)) => v.as_str().to_string(),
            ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
            ObjectKey::Expression(_) => return None,
        };
        let attribute = match value.expr() {
            Expression::FuncCall(call)
                if call.name.name.as_str() == "optional" && !call.name.is_namespaced() =>
            {
                if call.args.expand_final() {
                    return None;
                }
                let args: Vec<&Expression> = call.args.iter().collect();
                let (ty, default) = match args.as_slice() {
                    [t] => (read(ev, t, depth + 1)?, None),
                    [t, d] => (read(ev, t, depth + 1)?, Some(*d)),
                    _ => return None,
                };
                let fallback = ev.span_or(value.expr(), Default::default());
                let default = match default {
                    None => Node::new(fallback, NodeKind::Null),
                    Some(d) => {
                        let node = ev.node(d, fallback);
                        if !literal(&node) {
                            return None;
                        }
                        ty.apply(node)
                    }
                };
                Attribute {
                    name,
                    ty,
                    optional: Some(default),
                }
            }
            t => Attribute {
                name,
                ty: read(ev, t, depth + 1)?,
                optional: None,
            },
        };
        // a name given twice is not a valid type
        if attributes.iter().any(|a| a.name == attribute.name) {
            return None;
        }
        attributes.push(attribute);
    }
    Some(Type::Object(attributes))
}

/// True when a tree is known in full (a default must be a constant).
fn literal(n: &Node) -> bool {
    match &n.kind {
        NodeKind::Unknown(_) | NodeKind::Str(Value::Unknown(_) | Value::Partial(_)) => false,
        NodeKind::Array(items) => items.iter().all(literal),
        NodeKind::Object(members) => members
            .iter()
            .all(|(k, v)| matches!(k.name, Value::Known(_)) && literal(v)),
        NodeKind::Json(inner) => literal(inner),
        NodeKind::Null | NodeKind::Bool(_) | NodeKind::Number(_) | NodeKind::Str(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    /// Reads `type = <ty>` and applies it to `value = <value>` (both literals).
    fn convert(ty: &str, value: &str) -> Option<String> {
        let text = format!("type = {ty}\nvalue = {value}\n");
        let body = super::super::parse_body(&text).ok()?;
        let ev = Eval::new(&text, FileId(0));
        let t = Type::read(&ev, &body.get_attribute("type")?.value)?;
        let v = ev.node(&body.get_attribute("value")?.value, Default::default());
        match t.apply(v).json_text() {
            Value::Known(s) => Some(s),
            other => Some(format!("partial:{}", other.render())),
        }
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn omitted_optional_attributes_are_null_or_their_default() {
        let ty = r#"object({
            sid         = optional(string)
            not_actions = optional(list(string))
            effect      = optional(string, "Allow")
            actions     = list(string)
        })"#;
        assert_eq!(
            convert(ty, r#"{ actions = ["s3:GetObject"] }"#),
            s(r#"{"actions":["s3:GetObject"],"sid":null,"not_actions":null,"effect":"Allow"}"#)
        );
        // given attributes stay; a null one with a default takes the default
        assert_eq!(
            convert(
                ty,
                r#"{ actions = [], sid = "A", effect = null, not_actions = ["iam:*"] }"#
            ),
            s(r#"{"actions":[],"sid":"A","effect":"Allow","not_actions":["iam:*"]}"#)
        );
    }

    #[test]
    fn nested_collections_of_objects() {
        let ty = r#"list(object({
            name  = string
            rules = optional(map(object({ deny = optional(bool, false) })), {})
            pair  = optional(tuple([string, object({ x = optional(number) })]))
        }))"#;
        assert_eq!(
            convert(
                ty,
                r#"[{ name = "a" }, { name = "b", rules = { r = {} }, pair = ["p", {}] }]"#
            ),
            s(concat!(
                r#"[{"name":"a","rules":{},"pair":null},"#,
                r#"{"name":"b","rules":{"r":{"deny":false}},"pair":["p",{"x":null}]}]"#
            ))
        );
        // set and map of objects; a default object is itself filled
        assert_eq!(
            convert(
                "map(set(object({ o = optional(object({ k = optional(string, \"d\") }), {}) })))",
                "{ m = [{}] }"
            ),
            s(r#"{"m":[{"o":{"k":"d"}}]}"#)
        );
    }

    #[test]
    fn unknown_values_stay_unknown() {
        let ty = "list(object({ a = optional(string, \"x\") }))";
        assert_eq!(convert(ty, "var.x"), s("partial:${var.x}"));
        assert_eq!(
            convert(ty, "[var.x, {}]"),
            s(r#"partial:[${var.x},{"a":"x"}]"#)
        );
        // a key not known may be the attribute: nothing is added
        assert_eq!(
            convert(ty, "[{ (var.k) = \"v\" }]"),
            s(r#"partial:[{"${(var.k)}":"v"}]"#)
        );
    }

    #[test]
    fn filling_is_bounded() {
        let text =
            "type = list(object({ a = optional(list(number), [1, 2]) }))\nvalue = [{}, {}, {}]\n";
        let body = super::super::parse_body(text).expect("valid HCL");
        let ev = Eval::new(text, FileId(0));
        let t = body
            .get_attribute("type")
            .and_then(|a| Type::read(&ev, &a.value))
            .expect("readable type");
        let v = ev.node(
            &body.get_attribute("value").expect("value").value,
            Default::default(),
        );
        // each default costs its three nodes and its key: room for two
        let mut budget = 9;
        let got = t.convert(v, &mut budget).json_text();
        assert_eq!(
            got,
            Value::Known(r#"[{"a":[1,2]},{"a":[1,2]},{}]"#.to_string())
        );
    }

    #[test]
    fn unreadable_types_change_nothing() {
        for ty in [
            "\"list\"",
            "list(thing)",
            "object({ a = optional(string, var.d) })",
            "optional(string)",
            "object({ a = optional(string, \"x\", 1) })",
            "object({ a = string, a = number })",
            "list(string, number)",
            "provider::x::list(string)",
        ] {
            let text = format!("type = {ty}\n");
            let Ok(body) = super::super::parse_body(&text) else {
                continue;
            };
            let ev = Eval::new(&text, FileId(0));
            let t = body
                .get_attribute("type")
                .and_then(|a| Type::read(&ev, &a.value));
            assert_eq!(t, None, "{ty}");
        }
        // primitives read, and leave values as they are
        assert_eq!(convert("string", "{}"), s("{}"));
        assert_eq!(convert("any", "[{}]"), s("[{}]"));
        assert_eq!(convert("list(number)", "[\"1\"]"), s("[\"1\"]"));
    }
}
