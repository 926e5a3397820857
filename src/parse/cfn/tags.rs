//! CloudFormation's YAML short forms, mapped to the long JSON forms so one evaluator
//! serves both: `!Ref x` is `{"Ref": x}`, `!Condition c` is `{"Condition": c}`,
//! `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`, and every other short form `!Name v`
//! is `{"Fn::Name": v}`. Tags of the `rain` preprocessor (`!Rain::Embed`) stand for
//! values not in the template: unknown.

use crate::parse::node::{Key, Node, NodeKind};
use crate::parse::yaml::{TagError, TagMapper};
use crate::value::Value;

/// The intrinsic functions with a YAML short form.
const SHORT_FORMS: &[&str] = &[
    "Sub",
    "GetAtt",
    "Join",
    "If",
    "Select",
    "Split",
    "FindInMap",
    "ImportValue",
    "Base64",
    "Cidr",
    "GetAZs",
    "And",
    "Or",
    "Not",
    "Equals",
    "Transform",
    "Length",
    "ToJsonString",
    "ForEach",
    // the functions of a template's `Rules` section
    "ValueOf",
    "ValueOfAll",
    "EachMemberEquals",
    "EachMemberIn",
    "RefAll",
    "Contains",
];

/// Tags of the `rain` template preprocessor (`!Rain::Embed`, `!Rain::S3`): what they
/// produce is not in the template, so their value is unknown (not an error).
const PREPROCESSOR_PREFIX: &str = "Rain::";

/// Maps CloudFormation short-form tags; any other local tag is an error.
pub struct CfnTags;

impl TagMapper for CfnTags {
    fn map(&self, tag: &str, node: Node) -> Result<Node, TagError> {
        let Some(name) = tag.strip_prefix('!') else {
            return Ok(node);
        };
        let span = node.span;
        let (key, value) = match name {
            "Ref" => ("Ref".to_string(), node),
            "Condition" => ("Condition".to_string(), node),
            "GetAtt" => {
                let value = match &node.kind {
                    NodeKind::Str(Value::Known(s)) => match s.split_once('.') {
                        Some((res, attr)) => Node::new(
                            span,
                            NodeKind::Array(vec![
                                Node::new(span, NodeKind::Str(Value::known(res))),
                                Node::new(span, NodeKind::Str(Value::known(attr))),
                            ]),
                        ),
                        None => {
                            let message =
                                format!("`!GetAtt {s}` needs the form `Resource.Attribute`");
                            return Err(TagError { message, node });
                        }
                    },
                    _ => node,
                };
                ("Fn::GetAtt".to_string(), value)
            }
            n if SHORT_FORMS.contains(&n) => (format!("Fn::{n}"), node),
            n if n.starts_with(PREPROCESSOR_PREFIX) => {
                return Ok(Node::new(span, NodeKind::Unknown(format!("!{n}"))))
            }
            other => {
                return Err(TagError {
                    message: format!("unknown CloudFormation tag `!{other}`"),
                    node,
                })
            }
        };
        Ok(Node::new(
            span,
            NodeKind::Object(vec![(
                Key {
                    name: Value::Known(key),
                    span,
                },
                value,
            )]),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml::{parse, Limits};
    use crate::source::FileId;

    fn root(text: &str) -> Node {
        let p = parse(text, FileId(0), Limits::default(), &CfnTags).expect("parses");
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        p.root
    }

    #[test]
    fn short_forms_become_long_forms() {
        let r = root(
            "a: !Ref X\nb: !GetAtt R.Arn\nc: !Sub 'x-${Y}'\nd: !If [C, 1, 2]\ne: !Condition C\n",
        );
        assert!(r.get("a").and_then(|n| n.get("Ref")).is_some());
        let getatt = r
            .get("b")
            .and_then(|n| n.get("Fn::GetAtt"))
            .expect("getatt");
        assert_eq!(getatt.as_array().map(<[Node]>::len), Some(2));
        assert!(r.get("c").and_then(|n| n.get("Fn::Sub")).is_some());
        assert!(r.get("d").and_then(|n| n.get("Fn::If")).is_some());
        assert!(r.get("e").and_then(|n| n.get("Condition")).is_some());
    }

    #[test]
    fn unknown_tags_and_bad_getatt_are_problems() {
        let p = parse(
            "a: !Nope x\nb: !GetAtt NoDot\nc: !Rain::Embed f.txt\n",
            FileId(0),
            Limits::default(),
            &CfnTags,
        )
        .expect("parses");
        assert_eq!(p.problems.len(), 2);
        assert!(p.root.get("c").is_some_and(Node::is_unknown));
    }
}
