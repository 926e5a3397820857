//! `data "aws_iam_policy_document"` sources that Terraform reads only during apply.
//!
//! A policy document naming a resource the same plan creates (`resources =
//! [aws_s3_bucket.logs.arn]`) is read at apply: in the plan its `json` is unknown, and so
//! is the `policy` of every resource using it. Its `statement` blocks are in the plan
//! with only the new ARN unknown, so the document is rebuilt from them, as IAM would
//! render it, with each unknown element an unknown node: `Action: "s3:*"` stays known
//! and checkable. A document merged from `source_policy_documents` or
//! `override_policy_documents` is not rebuilt (the merge is the provider's).

use std::collections::HashMap;

use crate::parse::node::{Key, Node, NodeKind};
use crate::source::{FileId, Span};
use crate::value::Value;

use super::resources::AFTER_APPLY;
use super::skim::Raw;

/// The deferred policy documents of a plan, by full address
/// (`module.ci.data.aws_iam_policy_document.deploy`), with their `after_unknown`.
pub type Deferred<'a> = HashMap<String, (Raw<'a>, Option<Raw<'a>>)>;

/// The policy document data sources among `resource_changes` entries.
pub fn deferred<'a>(changes: &[Raw<'a>]) -> Deferred<'a> {
    let mut out = HashMap::new();
    for rc in changes {
        let [mode, ty, address, change] = rc.pick(["mode", "type", "address", "change"]);
        let is_doc = mode.and_then(|m| m.as_str()).as_deref() == Some("data")
            && ty.and_then(|t| t.as_str()).as_deref() == Some("aws_iam_policy_document");
        let (true, Some(address), Some(change)) =
            (is_doc, address.and_then(|a| a.as_str()), change)
        else {
            continue;
        };
        let [after, unknown] = change.pick(["after", "after_unknown"]);
        if let Some(after) = after.filter(|a| a.is_object()) {
            out.insert(address, (after, unknown));
        }
    }
    out
}

/// The document a deferred data source renders; `None` when it cannot be rebuilt.
pub fn rebuild(file: FileId, after: Raw<'_>, unknown: Option<Raw<'_>>) -> Option<Node> {
    let merged = [
        "source_policy_documents",
        "override_policy_documents",
        "source_json",
        "override_json",
    ]
    .iter()
    .any(|k| {
        let set = |v: Raw<'_>| match v.as_str() {
            Some(s) => !s.is_empty(),
            None => !v.items().is_empty(),
        };
        after.get(k).is_some_and(set) || unknown.and_then(|u| u.get(k)).is_some_and(|u| u.is_true())
    });
    let mask = unknown.and_then(|u| u.get("statement"));
    if merged || mask.is_some_and(|m| m.is_true()) {
        return None;
    }
    let span = |r: Raw<'_>| Span::new(file, r.start, r.end);
    let whole = span(after);
    let statements = after
        .get("statement")
        .map(|s| s.items())
        .unwrap_or_default();
    let masks = mask.map(|m| m.items()).unwrap_or_default();
    let mut nodes = Vec::new();
    for (i, st) in statements.into_iter().enumerate() {
        let m = masks.get(i).copied();
        nodes.push(statement(file, st, m));
    }
    let version = after
        .get("version")
        .and_then(|v| Some((v.as_str()?, v)))
        .map(|(s, v)| Node::new(span(v), NodeKind::Str(Value::Known(s))))
        .unwrap_or_else(|| Node::new(whole, NodeKind::Str(Value::known("2012-10-17"))));
    Some(object(
        whole,
        vec![
            ("Version", version),
            ("Statement", Node::new(whole, NodeKind::Array(nodes))),
        ],
    ))
}

fn object(span: Span, members: Vec<(&str, Node)>) -> Node {
    Node::new(
        span,
        NodeKind::Object(
            members
                .into_iter()
                .map(|(k, n)| {
                    (
                        Key {
                            name: Value::known(k),
                            span: n.span,
                        },
                        n,
                    )
                })
                .collect(),
        ),
    )
}

/// One `statement` block as an IAM statement.
fn statement(file: FileId, st: Raw<'_>, mask: Option<Raw<'_>>) -> Node {
    let span = Span::new(file, st.start, st.end);
    let mut members: Vec<(&str, Node)> = Vec::new();
    let unknown = |name: &str| mask.and_then(|m| m.get(name)).is_some_and(|u| u.is_true());
    if let Some(sid) = st.get("sid").and_then(|s| Some((s.as_str()?, s))) {
        if !sid.0.is_empty() {
            members.push((
                "Sid",
                Node::new(raw_span(file, sid.1), NodeKind::Str(Value::Known(sid.0))),
            ));
        }
    }
    let effect = match st.get("effect").and_then(|e| Some((e.as_str()?, e))) {
        Some((e, raw)) => Node::new(raw_span(file, raw), NodeKind::Str(Value::Known(e))),
        None if unknown("effect") => Node::new(span, NodeKind::Unknown(AFTER_APPLY.into())),
        None => Node::new(span, NodeKind::Str(Value::known("Allow"))),
    };
    members.push(("Effect", effect));
    for (block, element) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(list) = strings(file, st.get(block), mask.and_then(|m| m.get(block)), span) {
            members.push((element, list));
        }
    }
    for (block, element) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        if let Some(p) = principals(file, st.get(block), mask.and_then(|m| m.get(block)), span) {
            members.push((element, p));
        }
    }
    if let Some(c) = conditions(
        file,
        st.get("condition"),
        mask.and_then(|m| m.get("condition")),
        span,
    ) {
        members.push(("Condition", c));
    }
    object(span, members)
}

fn raw_span(file: FileId, r: Raw<'_>) -> Span {
    Span::new(file, r.start, r.end)
}

/// A list of strings with its unknown elements; `None` when empty or not set.
fn strings(file: FileId, list: Option<Raw<'_>>, mask: Option<Raw<'_>>, at: Span) -> Option<Node> {
    if mask.is_some_and(|m| m.is_true()) {
        return Some(Node::new(at, NodeKind::Unknown(AFTER_APPLY.into())));
    }
    let list = list.filter(|l| !l.is_null());
    let items = list.map(|l| l.items()).unwrap_or_default();
    let masks: Vec<bool> = mask
        .map(|m| m.items().iter().map(|i| i.is_true()).collect())
        .unwrap_or_default();
    let nodes: Vec<Node> = (0..items.len().max(masks.len()))
        .filter_map(|i| {
            let item = items.get(i).copied();
            let span = item.map(|r| raw_span(file, r)).unwrap_or(at);
            if masks.get(i).copied().unwrap_or(false) {
                return Some(Node::new(span, NodeKind::Unknown(AFTER_APPLY.into())));
            }
            let s = item?.as_str()?;
            Some(Node::new(span, NodeKind::Str(Value::Known(s))))
        })
        .collect();
    (!nodes.is_empty()).then(|| {
        Node::new(
            list.map(|l| raw_span(file, l)).unwrap_or(at),
            NodeKind::Array(nodes),
        )
    })
}

/// The nested blocks of a list attribute with their `after_unknown` masks; when there are
/// none, what the list is instead: unknown if the mask says so, else not set.
fn blocks_of<'r>(
    list: Option<Raw<'r>>,
    mask: Option<Raw<'r>>,
    at: Span,
) -> Result<(Vec<Raw<'r>>, Vec<Raw<'r>>), Option<Node>> {
    let blocks = list.map(|l| l.items()).unwrap_or_default();
    if blocks.is_empty() {
        return Err(mask
            .filter(|m| m.is_true())
            .map(|_| Node::new(at, NodeKind::Unknown(AFTER_APPLY.into()))));
    }
    Ok((blocks, mask.map(|m| m.items()).unwrap_or_default()))
}

/// `principals { type, identifiers }` blocks as `{"AWS": [...]}`; `type = "*"` with
/// identifiers `["*"]` is `"*"`.
fn principals(
    file: FileId,
    list: Option<Raw<'_>>,
    mask: Option<Raw<'_>>,
    at: Span,
) -> Option<Node> {
    let (blocks, masks) = match blocks_of(list, mask, at) {
        Ok(found) => found,
        Err(unknown) => return unknown,
    };
    let mut members: Vec<(Key, Node)> = Vec::new();
    for (i, block) in blocks.into_iter().enumerate() {
        let span = raw_span(file, block);
        let m = masks.get(i).copied();
        let ids = strings(
            file,
            block.get("identifiers"),
            m.and_then(|m| m.get("identifiers")),
            span,
        )
        .unwrap_or_else(|| Node::new(span, NodeKind::Array(Vec::new())));
        match block.get("type").and_then(|t| t.as_str()) {
            Some(t) if t == "*" => return Some(Node::new(span, NodeKind::Str(Value::known("*")))),
            Some(t) => members.push((
                Key {
                    name: Value::Known(t),
                    span,
                },
                ids,
            )),
            None => members.push((
                Key {
                    name: Value::unknown(AFTER_APPLY),
                    span,
                },
                ids,
            )),
        }
    }
    Some(Node::new(
        list.map(|l| raw_span(file, l)).unwrap_or(at),
        NodeKind::Object(members),
    ))
}

/// `condition { test, variable, values }` blocks as `{"Test": {"variable": [...]}}`.
fn conditions(
    file: FileId,
    list: Option<Raw<'_>>,
    mask: Option<Raw<'_>>,
    at: Span,
) -> Option<Node> {
    let (blocks, masks) = match blocks_of(list, mask, at) {
        Ok(found) => found,
        Err(unknown) => return unknown,
    };
    let mut by_test: HashMap<String, usize> = HashMap::new();
    let mut members: Vec<(Key, Node)> = Vec::new();
    for (i, block) in blocks.into_iter().enumerate() {
        let span = raw_span(file, block);
        let m = masks.get(i).copied();
        let values = strings(
            file,
            block.get("values"),
            m.and_then(|m| m.get("values")),
            span,
        )
        .unwrap_or_else(|| Node::new(span, NodeKind::Array(Vec::new())));
        let variable = match block.get("variable").and_then(|v| v.as_str()) {
            Some(v) => Value::Known(v),
            None => Value::unknown(AFTER_APPLY),
        };
        let entry = (
            Key {
                name: variable,
                span,
            },
            values,
        );
        let Some(test) = block.get("test").and_then(|t| t.as_str()) else {
            members.push((
                Key {
                    name: Value::unknown(AFTER_APPLY),
                    span,
                },
                Node::new(span, NodeKind::Object(vec![entry])),
            ));
            continue;
        };
        match by_test.get(&test).and_then(|&i| members.get_mut(i)) {
            Some((
                _,
                Node {
                    kind: NodeKind::Object(inner),
                    ..
                },
            )) => inner.push(entry),
            _ => {
                by_test.insert(test.clone(), members.len());
                members.push((
                    Key {
                        name: Value::Known(test),
                        span,
                    },
                    Node::new(span, NodeKind::Object(vec![entry])),
                ));
            }
        }
    }
    Some(Node::new(
        list.map(|l| raw_span(file, l)).unwrap_or(at),
        NodeKind::Object(members),
    ))
}
