//! A Lambda permission (`AWS::Lambda::Permission`, `aws_lambda_permission`) as the
//! one-statement resource policy AWS adds to the function for it: `Principal`, `Action`,
//! the function as `Resource`, and `SourceArn` / `SourceAccount` / `PrincipalOrgID` as
//! conditions. Both formats build it here, so the same permission gives the same document.

use crate::parse::node::{Key, Node, NodeKind};
use crate::source::Span;
use crate::value::Value;

/// The condition each optional property becomes: (CloudFormation property, Terraform
/// attribute, operator, condition key).
pub const CONDITIONS: &[(&str, &str, &str, &str)] = &[
    ("SourceArn", "source_arn", "ArnLike", "aws:SourceArn"),
    (
        "SourceAccount",
        "source_account",
        "StringEquals",
        "aws:SourceAccount",
    ),
    (
        "PrincipalOrgID",
        "principal_org_id",
        "StringEquals",
        "aws:PrincipalOrgID",
    ),
];

/// What a permission says, as evaluated nodes.
pub struct Permission {
    /// The whole declaration (used for the parts AWS adds).
    pub span: Span,
    /// Who may invoke: `*`, an account, an ARN or a service principal.
    pub principal: Option<Node>,
    /// The action (`lambda:InvokeFunction`).
    pub action: Option<Node>,
    /// The function (name or ARN).
    pub function: Option<Node>,
    /// `(operator, condition key, value)` for each condition property set.
    pub conditions: Vec<(&'static str, &'static str, Node)>,
}

/// The policy document tree of a permission.
pub fn document(p: Permission) -> Node {
    let span = p.span;
    let text = |s: &str| Node::new(span, NodeKind::Str(Value::known(s)));
    let mut statement = vec![member("Effect", text("Allow"))];
    if let Some(principal) = p.principal {
        let wrapped = match principal.scalar() {
            Some(v) if v.is("*") => principal,
            Some(v) => {
                let service = v.known_suffix().is_some_and(|s| {
                    s.ends_with(".amazonaws.com") || s.ends_with(".amazonaws.com.cn")
                });
                let kind = if service { "Service" } else { "AWS" };
                Node::new(
                    principal.span,
                    NodeKind::Object(vec![member(kind, principal)]),
                )
            }
            None => principal,
        };
        statement.push(member("Principal", wrapped));
    }
    if let Some(action) = p.action {
        statement.push(member("Action", action));
    }
    statement.push(member("Resource", p.function.unwrap_or_else(|| text("*"))));
    if !p.conditions.is_empty() {
        let ops = p
            .conditions
            .into_iter()
            .map(|(op, key, value)| {
                let inner = Node::new(value.span, NodeKind::Object(vec![member(key, value)]));
                member(op, inner)
            })
            .collect();
        statement.push(member("Condition", Node::new(span, NodeKind::Object(ops))));
    }
    Node::new(
        span,
        NodeKind::Object(vec![
            member("Version", text("2012-10-17")),
            member(
                "Statement",
                Node::new(
                    span,
                    NodeKind::Array(vec![Node::new(span, NodeKind::Object(statement))]),
                ),
            ),
        ]),
    )
}

fn member(name: &str, node: Node) -> (Key, Node) {
    (
        Key {
            name: Value::known(name),
            span: node.span,
        },
        node,
    )
}
