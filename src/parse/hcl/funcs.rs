//! The Terraform functions the evaluator knows. Each takes evaluated arguments and
//! returns a value, or `None` when the result cannot be known (an unknown argument, a
//! case not handled). Known arguments of the wrong shape are evaluation errors (they
//! make `try` move on). Any function not listed is unknown, never an error.

use regex::Regex;

use super::eval::{
    entries, equal, format_number, number, string_pieces, Eval, ObjectBuilder, MAX_ITEMS,
    MAX_STRING,
};
use crate::parse::json;
use crate::parse::node::{Key, Node, NodeKind};
use crate::source::Span;
use crate::value::{Piece, Value};

/// Functions evaluated here (`try` and `can` are evaluated by [`Eval`] itself).
const FUNCTIONS: &[&str] = &[
    "jsonencode",
    "jsondecode",
    "merge",
    "concat",
    "flatten",
    "distinct",
    "compact",
    "format",
    "formatlist",
    "join",
    "split",
    "replace",
    "lower",
    "upper",
    "trimspace",
    "lookup",
    "element",
    "length",
    "keys",
    "values",
    "contains",
    "coalesce",
    "coalescelist",
    "tostring",
    "tolist",
    "toset",
    "tomap",
    "zipmap",
    "setunion",
    "one",
];

/// True for the functions [`call`] evaluates.
pub fn is_known_function(name: &str) -> bool {
    FUNCTIONS.contains(&name)
}

/// Calls function `name`; `span` is the call's span (the span of values it creates).
pub fn call(ev: &Eval<'_>, name: &str, args: Vec<Node>, span: Span) -> Option<Node> {
    // structural functions may pass unknown elements through; no argument itself may be
    // unknown (except where noted)
    if !matches!(name, "coalesce" | "coalescelist") && args.iter().any(Node::is_unknown) {
        return None;
    }
    let kind = match (name, args.as_slice()) {
        ("jsonencode", [x]) => NodeKind::Json(Box::new(x.clone())),
        ("jsondecode", [s]) => return jsondecode(ev, s),
        ("merge", objects) => {
            let mut out = ObjectBuilder::default();
            for o in objects {
                match &o.kind {
                    NodeKind::Null => {}
                    NodeKind::Object(members) => {
                        for (k, v) in members {
                            if !k.name.is_known() {
                                return None;
                            }
                            out.insert(k.clone(), v.clone());
                        }
                    }
                    _ => return fail(ev),
                }
            }
            NodeKind::Object(out.finish())
        }
        ("concat", lists) => {
            let mut out = Vec::new();
            for l in lists {
                out.extend(list(l).or_else(|| fail(ev))?.iter().cloned());
            }
            NodeKind::Array(out)
        }
        ("flatten", [l]) => {
            let mut out = Vec::new();
            flatten_into(list(l).or_else(|| fail(ev))?, &mut out, 0)?;
            NodeKind::Array(out)
        }
        ("distinct", [l]) => NodeKind::Array(distinct(list(l).or_else(|| fail(ev))?)?),
        ("compact", [l]) => NodeKind::Array(
            list(l)
                .or_else(|| fail(ev))?
                .iter()
                .filter(|n| {
                    !matches!(&n.kind, NodeKind::Null)
                        && !matches!(&n.kind, NodeKind::Str(v) if v.is(""))
                })
                .cloned()
                .collect(),
        ),
        ("format", [f, rest @ ..]) => NodeKind::Str(format(f.scalar()?.as_known()?, rest)?),
        ("formatlist", [f, rest @ ..]) => {
            let f = f.scalar()?;
            let f = f.as_known()?;
            let len = rest
                .iter()
                .filter_map(|a| list(a).map(<[Node]>::len))
                .max()
                .unwrap_or(0);
            if rest.iter().any(|a| list(a).is_some_and(|l| l.len() != len)) {
                return fail(ev);
            }
            let mut out = Vec::with_capacity(len);
            for i in 0..len {
                let row: Vec<Node> = rest
                    .iter()
                    .map(|a| match list(a) {
                        Some(l) => l.get(i).cloned().unwrap_or_else(|| a.clone()),
                        None => a.clone(),
                    })
                    .collect();
                out.push(Node::new(span, NodeKind::Str(format(f, &row)?)));
            }
            NodeKind::Array(out)
        }
        // one element: that element, so a JSON string keeps its tree
        // (`join("", data.aws_iam_policy_document.x.*.json)`)
        ("join", [_, l]) if matches!(list(l), Some([only]) if matches!(only.kind, NodeKind::Json(_))) =>
        {
            return list(l)?.first().cloned();
        }
        ("one", [l]) => {
            return match list(l).or_else(|| fail(ev))? {
                [] => Some(Node::new(span, NodeKind::Null)),
                [only] => Some(only.clone()),
                _ => fail(ev),
            };
        }
        ("join", [sep, l]) => {
            let sep = string_pieces(sep)?;
            let mut pieces = Vec::new();
            for (i, item) in list(l).or_else(|| fail(ev))?.iter().enumerate() {
                if i > 0 {
                    pieces.extend(sep.iter().cloned());
                }
                pieces.extend(string_pieces(item).or_else(|| fail(ev))?);
            }
            NodeKind::Str(Value::from_pieces(pieces))
        }
        ("split", [sep, s]) => {
            let sep = known(sep)?;
            let s = known(s)?;
            let count = if sep.is_empty() {
                s.chars().count()
            } else {
                s.matches(sep.as_str()).count() + 1
            };
            if count > MAX_ITEMS {
                return None;
            }
            let parts: Vec<Node> = if sep.is_empty() {
                s.chars()
                    .map(|c| Node::new(span, NodeKind::Str(Value::Known(c.to_string()))))
                    .collect()
            } else {
                s.split(sep.as_str())
                    .map(|p| Node::new(span, NodeKind::Str(Value::Known(p.to_string()))))
                    .collect()
            };
            NodeKind::Array(parts)
        }
        ("replace", [s, from, to]) => {
            let (s, from, to) = (known(s)?, known(from)?, known(to)?);
            let out = match from.strip_prefix('/').and_then(|r| r.strip_suffix('/')) {
                Some(pattern) if from.len() > 1 => {
                    // Terraform's `$1` references are the regex crate's `${1}`
                    let re = Regex::new(pattern).ok().or_else(|| fail(ev))?;
                    re.replace_all(&s, to.as_str()).into_owned()
                }
                _ if from.is_empty() => s,
                _ => s.replace(from.as_str(), &to),
            };
            NodeKind::Str(Value::Known(out))
        }
        ("lower", [s]) => NodeKind::Str(Value::Known(known(s)?.to_lowercase())),
        ("upper", [s]) => NodeKind::Str(Value::Known(known(s)?.to_uppercase())),
        ("trimspace", [s]) => NodeKind::Str(Value::Known(known(s)?.trim().to_string())),
        ("lookup", [m, k, default @ ..]) if default.len() <= 1 => {
            let NodeKind::Object(members) = &m.kind else {
                return fail(ev);
            };
            let k = known(k)?;
            if members.iter().any(|(key, _)| !key.name.is_known()) {
                return None;
            }
            match members.iter().rev().find(|(key, _)| key.name.is(&k)) {
                Some((_, v)) => return Some(v.clone()),
                None => match default.first() {
                    Some(d) => return Some(d.clone()),
                    None => return fail(ev),
                },
            }
        }
        ("element", [l, i]) => {
            let items = list(l).or_else(|| fail(ev))?;
            let i = number(i)?;
            if items.is_empty() || i < 0.0 || i.fract() != 0.0 {
                return fail(ev);
            }
            return items.get((i as usize) % items.len()).cloned();
        }
        ("length", [x]) => NodeKind::Number(
            match &x.kind {
                NodeKind::Array(items) => items.len(),
                NodeKind::Object(members) => members.len(),
                NodeKind::Str(Value::Known(s)) => s.chars().count(),
                NodeKind::Str(_) | NodeKind::Json(_) => return None,
                _ => return fail(ev),
            }
            .to_string(),
        ),
        ("keys", [m]) => {
            if !matches!(m.kind, NodeKind::Object(_)) {
                return fail(ev);
            }
            NodeKind::Array(entries(m)?.into_iter().map(|(k, _)| k).collect())
        }
        ("values", [m]) => {
            if !matches!(m.kind, NodeKind::Object(_)) {
                return fail(ev);
            }
            NodeKind::Array(entries(m)?.into_iter().map(|(_, v)| v).collect())
        }
        ("contains", [l, v]) => {
            let mut unsure = false;
            for item in list(l).or_else(|| fail(ev))? {
                match equal(item, v) {
                    Some(true) => return Some(Node::new(span, NodeKind::Bool(true))),
                    Some(false) => {}
                    None => unsure = true,
                }
            }
            if unsure {
                return None;
            }
            NodeKind::Bool(false)
        }
        ("coalesce", args) => {
            for a in args {
                match &a.kind {
                    NodeKind::Null => {}
                    NodeKind::Str(v) if v.is("") => {}
                    NodeKind::Str(Value::Known(_)) | NodeKind::Number(_) | NodeKind::Bool(_) => {
                        return Some(a.clone())
                    }
                    // an unknown value may be null or empty: the result is not known
                    _ => return None,
                }
            }
            return fail(ev);
        }
        ("coalescelist", args) => {
            for a in args {
                match &a.kind {
                    NodeKind::Array(items) if items.is_empty() => {}
                    NodeKind::Array(_) => return Some(a.clone()),
                    _ => return None,
                }
            }
            return fail(ev);
        }
        ("tostring", [x]) => match &x.kind {
            NodeKind::Str(_) | NodeKind::Json(_) | NodeKind::Null => return Some(x.clone()),
            NodeKind::Number(n) => NodeKind::Str(Value::Known(n.clone())),
            NodeKind::Bool(b) => NodeKind::Str(Value::Known(b.to_string())),
            _ => return fail(ev),
        },
        ("tolist", [x]) => NodeKind::Array(list(x).or_else(|| fail(ev))?.to_vec()),
        ("toset", [x]) => NodeKind::Array(set(distinct(list(x).or_else(|| fail(ev))?)?)),
        ("tomap", [x]) => match &x.kind {
            NodeKind::Object(_) => return Some(x.clone()),
            _ => return fail(ev),
        },
        ("zipmap", [ks, vs]) => {
            let (ks, vs) = (
                list(ks).or_else(|| fail(ev))?,
                list(vs).or_else(|| fail(ev))?,
            );
            if ks.len() != vs.len() {
                return fail(ev);
            }
            let mut out = ObjectBuilder::default();
            for (k, v) in ks.iter().zip(vs) {
                let name = Value::Known(known(k)?);
                out.insert(Key { name, span: k.span }, v.clone());
            }
            NodeKind::Object(out.finish())
        }
        ("setunion", sets) if !sets.is_empty() => {
            let mut all = Vec::new();
            for s in sets {
                all.extend(list(s).or_else(|| fail(ev))?.iter().cloned());
            }
            NodeKind::Array(set(distinct(&all)?))
        }
        _ => return fail(ev),
    };
    let node = Node::new(span, kind);
    bounded(ev, node)
}

/// An evaluation error: recorded, and no value.
fn fail<T>(ev: &Eval<'_>) -> Option<T> {
    ev.error();
    None
}

/// Keeps a result only while it is within the size bounds, charging its size.
fn bounded(ev: &Eval<'_>, node: Node) -> Option<Node> {
    let size = match &node.kind {
        NodeKind::Array(items) => items.len(),
        NodeKind::Object(members) => members.len(),
        NodeKind::Str(v) => {
            if v.render().len() > MAX_STRING {
                return None;
            }
            1
        }
        _ => 1,
    };
    (size <= MAX_ITEMS && ev.charge(size)).then_some(node)
}

/// The text of a known string, number or boolean.
fn known(n: &Node) -> Option<String> {
    match n.scalar()? {
        Value::Known(s) => Some(s),
        _ => None,
    }
}

/// The elements of a list, set or tuple.
fn list(n: &Node) -> Option<&[Node]> {
    n.as_array()
}

fn flatten_into(items: &[Node], out: &mut Vec<Node>, depth: usize) -> Option<()> {
    if depth > 32 {
        return None;
    }
    for n in items {
        match &n.kind {
            NodeKind::Array(inner) => flatten_into(inner, out, depth + 1)?,
            // an unknown element may be a list to flatten
            NodeKind::Unknown(_) => return None,
            _ => out.push(n.clone()),
        }
        if out.len() > MAX_ITEMS {
            return None;
        }
    }
    Some(())
}

/// Longest list `distinct` compares pairwise.
const MAX_DISTINCT: usize = 2_000;

/// The items without repeats (unknown items are kept: they cannot be compared); `None`
/// past [`MAX_DISTINCT`] items.
fn distinct(items: &[Node]) -> Option<Vec<Node>> {
    if items.len() > MAX_DISTINCT {
        return None;
    }
    let mut out: Vec<Node> = Vec::with_capacity(items.len());
    for n in items {
        if !out.iter().any(|m| equal(m, n) == Some(true)) {
            out.push(n.clone());
        }
    }
    Some(out)
}

/// A set's iteration order: a set of known strings is sorted, as Terraform sorts it.
fn set(mut items: Vec<Node>) -> Vec<Node> {
    if items
        .iter()
        .all(|n| matches!(&n.kind, NodeKind::Str(Value::Known(_))))
    {
        items.sort_by(|a, b| {
            a.scalar()
                .map(|v| v.render())
                .cmp(&b.scalar().map(|v| v.render()))
        });
    }
    items
}

/// `jsondecode`: a tree kept by `jsonencode` comes back as it was; known JSON text is
/// parsed, every part at the span of the string.
fn jsondecode(ev: &Eval<'_>, s: &Node) -> Option<Node> {
    match &s.kind {
        NodeKind::Json(inner) => Some((**inner).clone()),
        NodeKind::Str(Value::Known(text)) => {
            match json::parse(text, s.span.file, 0, json::Options::default()) {
                Ok(mut node) => {
                    let at = s.span;
                    node.map_spans(&|_| at);
                    bounded(ev, node)
                }
                Err(_) => {
                    ev.error();
                    None
                }
            }
        }
        _ => None,
    }
}

/// Terraform's `format` for the verbs `%s`, `%v`, `%d`, `%q` and `%%`; other verbs, flags
/// and widths make the result unknown.
fn format(f: &str, args: &[Node]) -> Option<Value> {
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut args = args.iter();
    let mut chars = f.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            lit.push(c);
            continue;
        }
        match chars.next()? {
            '%' => lit.push('%'),
            verb @ ('s' | 'v' | 'd' | 'q') => {
                let arg = args.next()?;
                if verb == 'd' && number(arg).is_none_or(|x| x.fract() != 0.0) {
                    return None;
                }
                let mut p = string_pieces(arg)?;
                if verb == 'd' {
                    p = vec![Piece::Lit(format_number(number(arg)?))];
                }
                if verb == 'q' {
                    lit.push('"');
                }
                pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                pieces.extend(p);
                if verb == 'q' {
                    lit.push('"');
                }
            }
            _ => return None,
        }
    }
    pieces.push(Piece::Lit(lit));
    let v = Value::from_pieces(pieces);
    (v.render().len() <= MAX_STRING).then_some(v)
}
