//! Builds a [`PolicyDocument`] from a spanned [`Node`], whatever format the node came from.
//!
//! Element names are matched as IAM matches them (case-sensitive, as AWS documents them),
//! with problems collected as [`Problem`]s for the caller to report at their spans.

use crate::model::policy::{
    Condition, Document, Effect, Item, Items, PolicyDocument, PrincipalEntry, Principals, Statement,
};
use crate::parse::node::{Node, NodeKind};
use crate::source::Span;
use crate::value::Value;

/// Something wrong with a policy document, at a location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub span: Span,
    /// What.
    pub message: String,
}

/// Builds a document from a node. An unresolved node becomes [`Document::Unknown`]; a
/// node of the wrong shape becomes [`Document::Invalid`] with a problem.
pub fn build(node: &Node, problems: &mut Vec<Problem>) -> Document {
    match &node.kind {
        NodeKind::Unknown(e) => Document::Unknown {
            expr: e.clone(),
            span: node.span,
        },
        NodeKind::Str(v) if !v.is_known() => Document::Unknown {
            expr: v.render(),
            span: node.span,
        },
        NodeKind::Object(members) => {
            let mut doc = PolicyDocument {
                span: node.span,
                version: None,
                id: None,
                statements: Vec::new(),
                statements_incomplete: false,
            };
            for (key, value) in members {
                let Some(name) = key.name.as_known() else {
                    doc.statements_incomplete = true;
                    continue;
                };
                match name {
                    "Version" => doc.version = value.scalar(),
                    "Id" => doc.id = value.scalar(),
                    "Statement" => match &value.kind {
                        NodeKind::Array(items) => {
                            for st in items {
                                match &st.kind {
                                    NodeKind::Object(_) => {
                                        doc.statements.push(statement(st, problems))
                                    }
                                    NodeKind::Unknown(_) => doc.statements_incomplete = true,
                                    _ => problems.push(Problem {
                                        span: st.span,
                                        message: format!(
                                            "a statement must be an object, found {}",
                                            st.type_name()
                                        ),
                                    }),
                                }
                            }
                        }
                        NodeKind::Object(_) => doc.statements.push(statement(value, problems)),
                        NodeKind::Unknown(_) => doc.statements_incomplete = true,
                        _ => problems.push(Problem {
                            span: value.span,
                            message: format!(
                                "`Statement` must be an object or a list, found {}",
                                value.type_name()
                            ),
                        }),
                    },
                    other => problems.push(Problem {
                        span: key.span,
                        message: format!("unknown policy element `{other}`"),
                    }),
                }
            }
            Document::Parsed(doc)
        }
        _ => {
            let message = format!(
                "a policy document must be an object, found {}",
                node.type_name()
            );
            problems.push(Problem {
                span: node.span,
                message: message.clone(),
            });
            Document::Invalid {
                message,
                span: node.span,
            }
        }
    }
}

fn statement(node: &Node, problems: &mut Vec<Problem>) -> Statement {
    let mut st = Statement {
        span: node.span,
        sid: None,
        effect: Effect::Unknown(String::new()),
        action: None,
        not_action: None,
        resource: None,
        not_resource: None,
        principal: None,
        not_principal: None,
        conditions: Vec::new(),
        conditions_incomplete: false,
    };
    let mut saw_effect = false;
    for (key, value) in node.as_object().unwrap_or(&[]) {
        let Some(name) = key.name.as_known() else {
            st.conditions_incomplete = true;
            continue;
        };
        match name {
            "Sid" => st.sid = value.scalar(),
            "Effect" => {
                saw_effect = true;
                st.effect = match value.scalar() {
                    Some(Value::Known(s)) if s == "Allow" => Effect::Allow,
                    Some(Value::Known(s)) if s == "Deny" => Effect::Deny,
                    Some(Value::Known(s)) => {
                        problems.push(Problem {
                            span: value.span,
                            message: format!("`Effect` must be \"Allow\" or \"Deny\", found {s:?}"),
                        });
                        Effect::Unknown(s)
                    }
                    Some(v) => Effect::Unknown(v.render()),
                    None => {
                        problems.push(Problem {
                            span: value.span,
                            message: format!(
                                "`Effect` must be a string, found {}",
                                value.type_name()
                            ),
                        });
                        Effect::Unknown(String::new())
                    }
                }
            }
            "Action" => st.action = Some(items(value, name, problems)),
            "NotAction" => st.not_action = Some(items(value, name, problems)),
            "Resource" => st.resource = Some(items(value, name, problems)),
            "NotResource" => st.not_resource = Some(items(value, name, problems)),
            "Principal" => st.principal = Some(principals(value, problems)),
            "NotPrincipal" => st.not_principal = Some(principals(value, problems)),
            "Condition" => conditions(value, &mut st, problems),
            other => problems.push(Problem {
                span: key.span,
                message: format!("unknown statement element `{other}`"),
            }),
        }
    }
    if !saw_effect {
        problems.push(Problem {
            span: node.span,
            message: "statement has no `Effect`".into(),
        });
    }
    st
}

/// Reads a string-or-list of strings.
pub fn items(node: &Node, field: &str, problems: &mut Vec<Problem>) -> Items {
    let mut out = Items {
        span: node.span,
        items: Vec::new(),
        incomplete: false,
    };
    let mut push = |n: &Node, out: &mut Items| match &n.kind {
        NodeKind::Str(v) => out.items.push(Item {
            value: v.clone(),
            span: n.span,
        }),
        // Kept as an unknown item (with the list marked incomplete, as an unresolved
        // expression may stand for several values) so a reference such as
        // `aws_iam_role.ci.arn` can still be matched to the entity it names.
        NodeKind::Unknown(e) => {
            out.incomplete = true;
            out.items.push(Item {
                value: Value::Unknown(e.clone()),
                span: n.span,
            });
        }
        NodeKind::Number(x) => out.items.push(Item {
            value: Value::Known(x.clone()),
            span: n.span,
        }),
        NodeKind::Bool(b) => out.items.push(Item {
            value: Value::Known(b.to_string()),
            span: n.span,
        }),
        NodeKind::Json(inner) => out.items.push(Item {
            value: inner.json_text(),
            span: n.span,
        }),
        _ => problems.push(Problem {
            span: n.span,
            message: format!("`{field}` values must be strings, found {}", n.type_name()),
        }),
    };
    match &node.kind {
        NodeKind::Array(list) => {
            for n in list {
                push(n, &mut out);
            }
        }
        _ => push(node, &mut out),
    }
    out
}

fn principals(node: &Node, problems: &mut Vec<Problem>) -> Principals {
    let mut p = Principals {
        span: node.span,
        any: false,
        entries: Vec::new(),
        incomplete: false,
    };
    match &node.kind {
        NodeKind::Str(v) if v.is("*") => p.any = true,
        NodeKind::Str(v) if !v.is_known() => p.incomplete = true,
        NodeKind::Unknown(_) => p.incomplete = true,
        NodeKind::Object(members) => {
            for (k, v) in members {
                match k.name.as_known() {
                    Some(kind) => p.entries.push(PrincipalEntry {
                        kind: kind.to_string(),
                        values: items(v, "Principal", problems),
                    }),
                    None => p.incomplete = true,
                }
            }
        }
        _ => problems.push(Problem {
            span: node.span,
            message: format!(
                "`Principal` must be \"*\" or an object such as {{\"AWS\": ...}}, found {}",
                node.type_name()
            ),
        }),
    }
    p
}

fn conditions(node: &Node, st: &mut Statement, problems: &mut Vec<Problem>) {
    match &node.kind {
        NodeKind::Unknown(_) => st.conditions_incomplete = true,
        NodeKind::Object(ops) => {
            for (op, body) in ops {
                match &body.kind {
                    NodeKind::Object(keys) => {
                        for (key, values) in keys {
                            st.conditions.push(Condition {
                                span: key.span.cover(values.span),
                                operator: op.name.clone(),
                                key: key.name.clone(),
                                values: items(values, "Condition", problems),
                            });
                        }
                    }
                    NodeKind::Unknown(_) => st.conditions_incomplete = true,
                    _ => problems.push(Problem {
                        span: body.span,
                        message: format!(
                            "a condition operator must map keys to values, found {}",
                            body.type_name()
                        ),
                    }),
                }
            }
        }
        _ => problems.push(Problem {
            span: node.span,
            message: format!("`Condition` must be an object, found {}", node.type_name()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::json;
    use crate::source::FileId;

    fn doc(text: &str) -> (Document, Vec<Problem>) {
        let node = json::parse(
            text,
            FileId(0),
            0,
            json::Options {
                interpolation: true,
            },
        )
        .expect("json");
        let mut problems = Vec::new();
        (build(&node, &mut problems), problems)
    }

    #[test]
    fn reads_all_statement_elements() {
        let (d, problems) = doc(r#"{"Version":"2012-10-17","Statement":[
              {"Sid":"A","Effect":"Allow","Action":"*","Resource":["*"]},
              {"Effect":"Deny","NotAction":["s3:*"],"NotResource":"arn:aws:s3:::x",
               "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}},
              {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::1:root","*"],"Service":"ec2.amazonaws.com"},
               "NotPrincipal":"*","Action":"sts:AssumeRole"}]}"#);
        assert!(problems.is_empty(), "{problems:?}");
        let d = d.parsed().expect("parsed");
        assert_eq!(d.statements.len(), 3);
        assert!(d.statements[0].is_allow());
        assert!(d.statements[0].action.as_ref().is_some_and(Items::has_star));
        assert_eq!(d.statements[1].effect, Effect::Deny);
        assert_eq!(d.statements[1].conditions.len(), 1);
        let p = d.statements[2].principal.as_ref().expect("principal");
        assert!(p.is_everyone());
        assert!(d.statements[2]
            .not_principal
            .as_ref()
            .is_some_and(|n| n.any));
    }

    #[test]
    fn unknown_and_invalid_parts() {
        let (d, problems) = doc(r#"{"Statement": ${local.st}}"#);
        assert!(problems.is_empty());
        assert!(d.parsed().is_some_and(|d| d.statements_incomplete));
        let (_, problems) = doc(r#"{"Statement":[{"Effect":"Permit","Action":1,"Bogus":2}, 3]}"#);
        assert_eq!(problems.len(), 3, "{problems:?}");
        let (d, problems) = doc(r#"["x"]"#);
        assert!(matches!(d, Document::Invalid { .. }));
        assert_eq!(problems.len(), 1);
        let (d, _) = doc(r#""${data.aws_iam_policy_document.x.json}""#);
        assert!(matches!(d, Document::Unknown { .. }));
    }
}
