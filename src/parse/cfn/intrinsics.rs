//! Evaluates CloudFormation intrinsic functions in a template tree, as far as the
//! template and the values given to the scan allow.
//!
//! - `Ref` to a parameter gives its value (given with `--cfn-param` / a parameter file,
//!   else its `Default`); to a pseudo parameter (`AWS::AccountId`, `AWS::Region`,
//!   `AWS::Partition`, …) an unknown named after it unless a value was given; to a
//!   resource the value the resource's `Ref` returns when the template fixes it (an IAM
//!   role's `RoleName`), else an unknown named after the resource.
//! - `Fn::GetAtt` of IAM resources gives their ARN shape as a partial value
//!   (`arn:${AWS::Partition}:iam::${AWS::AccountId}:role/<path><name>`);
//!   `Fn::GetAtt Stack.Outputs.Name` of a nested stack whose template was read gives the
//!   output's value ([`super::nested`]).
//! - `Fn::Sub` (both forms), `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`
//!   (with `DefaultValue`), `Fn::ToJsonString` and the condition functions are evaluated;
//!   `Fn::ImportValue`, `Fn::Base64`, `Fn::Cidr`, `Fn::GetAZs` and anything else give an
//!   unknown.
//! - `Fn::If`: a condition is *known* when it follows from the template's constants and
//!   the parameter values given to the scan. Defaults alone do not decide a condition:
//!   a deployment overrides them often, and checking both branches never hides a finding.
//!   With a known condition the branch taken is used. With an unknown one both branches
//!   are kept where that is sound: an `Fn::If` that is an element of a list adds both
//!   branches to the list, one that is the value of a list-valued policy element
//!   (`Statement`, `Action`, `Resource`, …) becomes the list of both, and one that is a
//!   whole policy document becomes the list of both documents ([`DOCUMENT_KEYS`]), which
//!   the resource readers read as two documents. Elsewhere the value is unknown.
//! - `AWS::NoValue` removes the member or element it stands for.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::parse::node::{Key, Node, NodeKind};
use crate::source::Span;
use crate::value::{Piece, Value};

/// Deepest intrinsic nesting evaluated; deeper values are unknown.
const MAX_DEPTH: usize = 96;

/// Policy elements whose value is a list, so an undecided `Fn::If` there stands for the
/// union of both branches.
const LIST_KEYS: &[&str] = &[
    "Statement",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "ManagedPolicyArns",
    "Policies",
];

/// A parameter's value.
#[derive(Debug, Clone)]
pub struct Param {
    /// The value (a string, or a list for list-typed parameters).
    pub value: Node,
    /// Given to the scan (not a template default): such values decide conditions.
    pub explicit: bool,
}

/// What the template says about one resource, for `Ref` and `Fn::GetAtt`.
#[derive(Debug, Clone, Default)]
pub struct ResourceFacts {
    /// `Type`.
    pub kind: String,
    /// What `Ref` returns, when the template fixes it.
    pub ref_value: Option<Value>,
    /// Attributes `Fn::GetAtt` can give (`Arn`, `PolicyArn`), when the template fixes
    /// their shape.
    pub attrs: Vec<(String, Value)>,
}

/// The evaluation context of one template.
#[derive(Debug, Default)]
pub struct Eval<'t> {
    /// Parameter values by name.
    pub params: HashMap<String, Param>,
    /// Pseudo parameter values given to the scan (`AWS::Region`, …).
    pub pseudo: HashMap<String, String>,
    /// The `Mappings` section.
    pub mappings: Option<&'t Node>,
    /// The `Conditions` section, by name.
    pub conditions: HashMap<String, &'t Node>,
    /// Resources by logical id.
    pub resources: HashMap<String, ResourceFacts>,
    /// Put before the logical ids of the template's resources in addresses and in the
    /// unknowns named after them: empty for a root template, `Network.` for the
    /// template of the nested stack `Network`.
    pub prefix: String,
    /// Decided conditions (`None`: not known), filled as they are asked for.
    decided: RefCell<HashMap<String, Option<bool>>>,
    /// Only values given to the scan count (set while deciding conditions).
    explicit_only: bool,
}

/// Properties holding a whole policy document: an undecided `Fn::If` there becomes the
/// list of both branches' documents, which the resource readers read as alternatives (a
/// policy document is never a list).
pub const DOCUMENT_KEYS: &[&str] = &[
    "PolicyDocument",
    "AssumeRolePolicyDocument",
    "KeyPolicy",
    "Content",
    "InlinePolicy",
    "RepositoryPolicyText",
    "ResourcePolicy",
];

/// A result: a node, or nothing (`AWS::NoValue`).
type Out = Option<Node>;

impl<'t> Eval<'t> {
    /// Evaluates a tree; `None` when it is `AWS::NoValue`.
    pub fn eval(&self, n: &Node) -> Out {
        self.eval_at(n, 0)
    }

    /// Evaluates a tree with only what is decided: values given to the scan and
    /// constants, not defaults nor resource attributes (see [`Param::explicit`]).
    pub fn eval_decided(&self, n: &Node) -> Out {
        let decided = Eval {
            explicit_only: true,
            ..self.view()
        };
        decided.eval(n)
    }

    /// A logical id as an address: with the prefix when it names a resource of the
    /// template.
    pub fn address(&self, id: &str) -> String {
        if self.resources.contains_key(id) {
            format!("{}{id}", self.prefix)
        } else {
            id.to_string()
        }
    }

    /// True / false when the named condition is decided, `None` when not.
    pub fn condition(&self, name: &str) -> Option<bool> {
        self.condition_at(name, 0)
    }

    /// The resource and attribute a raw `Ref` / `Fn::GetAtt` names, when it names a
    /// resource of this template: (`AdminRole`, `name`) for `!Ref AdminRole`,
    /// (`AdminRole`, `Arn`) for `!GetAtt AdminRole.Arn`.
    pub fn resource_ref(&self, n: &Node) -> Option<(String, String)> {
        match intrinsic(n)? {
            ("Ref", arg) => {
                let name = arg.scalar()?.as_known()?.to_string();
                self.resources
                    .contains_key(&name)
                    .then(|| (name, "ref".to_string()))
            }
            ("Fn::GetAtt", arg) => {
                let (res, attr) = self.getatt_args(arg, 0)?;
                self.resources.contains_key(&res).then_some((res, attr))
            }
            _ => None,
        }
    }

    fn condition_at(&self, name: &str, depth: usize) -> Option<bool> {
        if let Some(v) = self.decided.borrow().get(name) {
            return *v;
        }
        let node = *self.conditions.get(name)?;
        // a cycle reads as undecided
        self.decided.borrow_mut().insert(name.to_string(), None);
        let v = self.truth(node, depth + 1);
        self.decided.borrow_mut().insert(name.to_string(), v);
        v
    }

    /// The first argument of `Fn::If`: a condition name.
    fn condition_arg(&self, c: &Node, depth: usize) -> Option<bool> {
        let name = c.scalar()?;
        self.condition_at(name.as_known()?, depth + 1)
    }

    /// A condition function's truth.
    fn truth(&self, n: &Node, depth: usize) -> Option<bool> {
        if depth > MAX_DEPTH {
            return None;
        }
        match &n.kind {
            NodeKind::Bool(b) => return Some(*b),
            NodeKind::Str(Value::Known(s)) if s == "true" => return Some(true),
            NodeKind::Str(Value::Known(s)) if s == "false" => return Some(false),
            _ => {}
        }
        let (f, args) = intrinsic(n).or_else(|| {
            let [(k, v)] = n.as_object()? else {
                return None;
            };
            k.name.is("Condition").then_some(("Condition", v))
        })?;
        match f {
            "Condition" => self.condition_at(args.scalar()?.as_known()?, depth + 1),
            "Fn::Not" => {
                let inner = match args.as_array() {
                    Some([one]) => one,
                    _ => args,
                };
                self.truth(inner, depth + 1).map(|b| !b)
            }
            "Fn::And" | "Fn::Or" => {
                let want = f == "Fn::Or";
                let mut unknown = false;
                for a in args.as_array()? {
                    match self.truth(a, depth + 1) {
                        Some(b) if b == want => return Some(want),
                        Some(_) => {}
                        None => unknown = true,
                    }
                }
                (!unknown).then_some(!want)
            }
            "Fn::Equals" => {
                let [a, b] = args.as_array()? else {
                    return None;
                };
                let decided = Eval {
                    explicit_only: true,
                    ..self.view()
                };
                let a = decided.eval_at(a, depth + 1)?.scalar()?;
                let b = decided.eval_at(b, depth + 1)?.scalar()?;
                Some(a.as_known()? == b.as_known()?)
            }
            _ => None,
        }
    }

    fn eval_at(&self, n: &Node, depth: usize) -> Out {
        if depth > MAX_DEPTH {
            return Some(unknown(n.span, "<nested too deeply>"));
        }
        if let Some((f, args)) = intrinsic(n) {
            return self.function(n.span, f, args, depth + 1);
        }
        Some(match &n.kind {
            NodeKind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    self.element_into(item, &mut out, depth + 1);
                }
                Node::new(n.span, NodeKind::Array(out))
            }
            NodeKind::Object(members) => {
                let mut out = Vec::with_capacity(members.len());
                for (k, v) in members {
                    let name = k.name.as_known().unwrap_or("");
                    let value = if LIST_KEYS.contains(&name) {
                        self.list_member(v, depth + 1, true)
                    } else if DOCUMENT_KEYS.contains(&name) {
                        self.list_member(v, depth + 1, false)
                    } else {
                        self.eval_at(v, depth + 1)
                    };
                    if let Some(value) = value {
                        out.push((k.clone(), value));
                    }
                }
                Node::new(n.span, NodeKind::Object(out))
            }
            _ => n.clone(),
        })
    }

    /// A list element: an undecided `Fn::If` adds both branches.
    fn element_into(&self, n: &Node, out: &mut Vec<Node>, depth: usize) {
        if let Some(("Fn::If", args)) = intrinsic(n) {
            if let Some([c, a, b]) = args.as_array() {
                if self.condition_arg(c, depth).is_none() {
                    self.element_into(a, out, depth + 1);
                    self.element_into(b, out, depth + 1);
                    return;
                }
            }
        }
        out.extend(self.eval_at(n, depth));
    }

    /// The value of a list-valued element or a document: an undecided `Fn::If` becomes
    /// the list of both branches (flattened, for list values).
    fn list_member(&self, n: &Node, depth: usize, flatten: bool) -> Out {
        let Some(("Fn::If", args)) = intrinsic(n) else {
            return self.eval_at(n, depth);
        };
        let Some([c, _, _]) = args.as_array() else {
            return self.eval_at(n, depth);
        };
        if self.condition_arg(c, depth).is_some() {
            return self.eval_at(n, depth);
        }
        let mut items = Vec::new();
        self.element_into(n, &mut items, depth);
        let mut flat = Vec::new();
        for item in items {
            match item.kind {
                NodeKind::Array(inner) if flatten => flat.extend(inner),
                _ => flat.push(item),
            }
        }
        Some(Node::new(n.span, NodeKind::Array(flat)))
    }

    fn function(&self, span: Span, f: &str, args: &Node, depth: usize) -> Out {
        match f {
            "Ref" => {
                let name = args.scalar().and_then(|v| v.as_known().map(str::to_string));
                match name {
                    Some(name) => self.reference(span, &name),
                    None => Some(unknown(span, "Ref")),
                }
            }
            "Fn::GetAtt" => Some(match self.getatt_args(args, depth) {
                Some((res, attr)) => self.getatt(span, &res, &attr),
                None => unknown(span, "Fn::GetAtt"),
            }),
            "Fn::Sub" => Some(self.sub(span, args, depth)),
            "Fn::Join" => Some(self.join(span, args, depth)),
            "Fn::Select" => Some(self.select(span, args, depth)),
            "Fn::Split" => Some(self.split(span, args, depth)),
            "Fn::FindInMap" => Some(self.find_in_map(span, args, depth)),
            "Fn::If" => {
                let Some([c, a, b]) = args.as_array() else {
                    return Some(unknown(span, "Fn::If"));
                };
                match self.condition_arg(c, depth) {
                    Some(true) => self.eval_at(a, depth),
                    Some(false) => self.eval_at(b, depth),
                    None => {
                        let name = c.scalar().map(|v| v.render()).unwrap_or_default();
                        Some(unknown(span, &format!("Fn::If {name}")))
                    }
                }
            }
            "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" => {
                let n = Node::new(
                    span,
                    NodeKind::Object(vec![(
                        Key {
                            name: Value::known(f),
                            span,
                        },
                        args.clone(),
                    )]),
                );
                Some(match self.truth(&n, depth) {
                    Some(b) => Node::new(span, NodeKind::Bool(b)),
                    None => unknown(span, f),
                })
            }
            "Fn::ToJsonString" => {
                let inner = self.eval_at(args, depth)?;
                Some(Node::new(span, NodeKind::Json(Box::new(inner))))
            }
            other => Some(unknown(span, other)),
        }
    }

    fn reference(&self, span: Span, name: &str) -> Out {
        if name == "AWS::NoValue" {
            return None;
        }
        if let Some(p) = self.params.get(name) {
            if self.explicit_only && !p.explicit {
                return Some(unknown(span, name));
            }
            let mut v = p.value.clone();
            if !matches!(v.kind, NodeKind::Array(_)) {
                v.span = span;
            }
            return Some(v);
        }
        if name.starts_with("AWS::") {
            return Some(match self.pseudo.get(name) {
                Some(v) => Node::new(span, NodeKind::Str(Value::known(v.clone()))),
                None => unknown(span, name),
            });
        }
        Some(
            match self.resources.get(name).and_then(|r| r.ref_value.clone()) {
                Some(v) if !self.explicit_only => str_node(span, v),
                _ => unknown(span, &self.address(name)),
            },
        )
    }

    fn getatt_args(&self, args: &Node, depth: usize) -> Option<(String, String)> {
        match &args.kind {
            NodeKind::Str(Value::Known(s)) => {
                let (r, a) = s.split_once('.')?;
                Some((r.to_string(), a.to_string()))
            }
            NodeKind::Array(items) => {
                let [r, a] = items.as_slice() else {
                    return None;
                };
                let r = r.scalar()?.as_known()?.to_string();
                let a = self
                    .eval_at(a, depth + 1)?
                    .scalar()?
                    .as_known()?
                    .to_string();
                Some((r, a))
            }
            _ => None,
        }
    }

    fn getatt(&self, span: Span, res: &str, attr: &str) -> Node {
        let known = self
            .resources
            .get(res)
            .filter(|_| !self.explicit_only)
            .and_then(|r| r.attrs.iter().find(|(a, _)| a == attr))
            .map(|(_, v)| v.clone());
        match known {
            Some(v) => str_node(span, v),
            None => unknown(span, &format!("{}.{attr}", self.address(res))),
        }
    }

    /// The value of a `${Name}` in `Fn::Sub`.
    fn sub_var(&self, name: &str, vars: &HashMap<String, Value>, span: Span) -> Value {
        if let Some(v) = vars.get(name) {
            return v.clone();
        }
        let node = match name.split_once('.') {
            Some((res, attr)) if !self.params.contains_key(name) && !name.starts_with("AWS::") => {
                Some(self.getatt(span, res, attr))
            }
            _ => self.reference(span, name),
        };
        node.and_then(|n| n.scalar())
            .unwrap_or_else(|| Value::unknown(name))
    }

    fn sub(&self, span: Span, args: &Node, depth: usize) -> Node {
        let (template, vars_node) = match &args.kind {
            NodeKind::Array(items) => match items.as_slice() {
                [t, v] => (t, Some(v)),
                [t] => (t, None),
                _ => return unknown(span, "Fn::Sub"),
            },
            _ => (args, None),
        };
        let Some(text) = template
            .scalar()
            .and_then(|v| v.as_known().map(str::to_string))
        else {
            return unknown(span, "Fn::Sub");
        };
        let mut vars = HashMap::new();
        if let Some(members) = vars_node
            .and_then(|v| self.eval_at(v, depth + 1))
            .as_ref()
            .and_then(|v| v.as_object().map(<[(Key, Node)]>::to_vec))
        {
            for (k, v) in members {
                if let (Some(name), Some(value)) = (k.name.as_known(), v.scalar()) {
                    vars.insert(name.to_string(), value);
                }
            }
        }
        let mut pieces = Vec::new();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("${") {
            pieces.push(Piece::Lit(rest[..i].to_string()));
            let after = &rest[i + 2..];
            if let Some(lit) = after.strip_prefix('!') {
                // `${!Literal}` is the text `${Literal}`
                pieces.push(Piece::Lit("${".to_string()));
                rest = lit;
                continue;
            }
            let Some(end) = after.find('}') else {
                pieces.push(Piece::Lit(rest[i..].to_string()));
                rest = "";
                break;
            };
            let name = after[..end].trim();
            pieces.extend(value_pieces(self.sub_var(name, &vars, span)));
            rest = &after[end + 1..];
        }
        pieces.push(Piece::Lit(rest.to_string()));
        str_node(template.span.cover(span), Value::from_pieces(pieces))
    }

    fn join(&self, span: Span, args: &Node, depth: usize) -> Node {
        let Some([delim, list]) = args.as_array() else {
            return unknown(span, "Fn::Join");
        };
        let Some(delim) = delim
            .scalar()
            .and_then(|v| v.as_known().map(str::to_string))
        else {
            return unknown(span, "Fn::Join");
        };
        let list = match list.as_array() {
            Some(items) => {
                let mut out = Vec::new();
                for item in items {
                    self.element_into(item, &mut out, depth + 1);
                }
                out
            }
            None => match self.eval_at(list, depth + 1).map(|n| n.kind) {
                Some(NodeKind::Array(items)) => items,
                _ => return unknown(span, "Fn::Join"),
            },
        };
        let mut pieces = Vec::new();
        for (i, item) in list.iter().enumerate() {
            if i > 0 {
                pieces.push(Piece::Lit(delim.clone()));
            }
            match item.scalar() {
                Some(v) if !matches!(item.kind, NodeKind::Json(_)) => {
                    pieces.extend(value_pieces(v))
                }
                _ => pieces.push(Piece::Expr("Fn::Join".into())),
            }
        }
        str_node(span, Value::from_pieces(pieces))
    }

    fn select(&self, span: Span, args: &Node, depth: usize) -> Node {
        let Some([idx, list]) = args.as_array() else {
            return unknown(span, "Fn::Select");
        };
        let idx = self
            .eval_at(idx, depth + 1)
            .and_then(|n| n.scalar())
            .and_then(|v| v.as_known().and_then(|s| s.parse::<usize>().ok()));
        let list = match list.as_array() {
            Some(items) => {
                let mut out = Vec::new();
                for item in items {
                    self.element_into(item, &mut out, depth + 1);
                }
                Some(out)
            }
            None => match self.eval_at(list, depth + 1).map(|n| n.kind) {
                Some(NodeKind::Array(items)) => Some(items),
                _ => None,
            },
        };
        match (idx, list) {
            (Some(i), Some(items)) => items
                .into_iter()
                .nth(i)
                .unwrap_or_else(|| unknown(span, "Fn::Select")),
            _ => unknown(span, "Fn::Select"),
        }
    }

    fn split(&self, span: Span, args: &Node, depth: usize) -> Node {
        let Some([delim, source]) = args.as_array() else {
            return unknown(span, "Fn::Split");
        };
        let delim = delim
            .scalar()
            .and_then(|v| v.as_known().map(str::to_string));
        let source = self.eval_at(source, depth + 1).and_then(|n| n.scalar());
        match (delim, source) {
            (Some(d), Some(Value::Known(s))) if !d.is_empty() => Node::new(
                span,
                NodeKind::Array(
                    s.split(d.as_str())
                        .map(|p| Node::new(span, NodeKind::Str(Value::known(p))))
                        .collect(),
                ),
            ),
            _ => unknown(span, "Fn::Split"),
        }
    }

    fn find_in_map(&self, span: Span, args: &Node, depth: usize) -> Node {
        let Some(items) = args.as_array() else {
            return unknown(span, "Fn::FindInMap");
        };
        let default = items.get(3).and_then(|d| d.get("DefaultValue"));
        let key = |i: usize| {
            items
                .get(i)
                .and_then(|n| self.eval_at(n, depth + 1))
                .and_then(|n| n.scalar())
                .and_then(|v| v.as_known().map(str::to_string))
        };
        let found = match (key(0), key(1), key(2)) {
            (Some(m), Some(a), Some(b)) => self
                .mappings
                .and_then(|maps| maps.get(&m))
                .and_then(|m| m.get(&a))
                .and_then(|m| m.get(&b)),
            _ => None,
        };
        let mapped = match found {
            Some(v) => self.eval_at(v, depth + 1),
            None => match default {
                Some(d) => self.eval_at(d, depth + 1),
                None => return unknown(span, "Fn::FindInMap"),
            },
        };
        match mapped {
            Some(mut n) => {
                if !matches!(n.kind, NodeKind::Array(_) | NodeKind::Object(_)) {
                    n.span = span;
                }
                n
            }
            None => unknown(span, "Fn::FindInMap"),
        }
    }

    fn view(&self) -> Eval<'t> {
        Eval {
            params: self.params.clone(),
            pseudo: self.pseudo.clone(),
            mappings: self.mappings,
            conditions: self.conditions.clone(),
            resources: HashMap::new(),
            prefix: self.prefix.clone(),
            decided: RefCell::new(HashMap::new()),
            explicit_only: self.explicit_only,
        }
    }
}

/// `(function, argument)` when `n` is an intrinsic function call: an object with one
/// member named `Ref` or `Fn::…`.
pub fn intrinsic(n: &Node) -> Option<(&str, &Node)> {
    let [(k, v)] = n.as_object()? else {
        return None;
    };
    let name = k.name.as_known()?;
    (name == "Ref" || name.starts_with("Fn::")).then_some((name, v))
}

/// An unknown node with the expression it stands for.
pub fn unknown(span: Span, expr: &str) -> Node {
    Node::new(span, NodeKind::Unknown(expr.to_string()))
}

/// A string node, or an unknown node for a wholly unknown value.
pub fn str_node(span: Span, v: Value) -> Node {
    match v {
        Value::Unknown(e) => Node::new(span, NodeKind::Unknown(e)),
        v => Node::new(span, NodeKind::Str(v)),
    }
}

fn value_pieces(v: Value) -> Vec<Piece> {
    match v {
        Value::Known(s) => vec![Piece::Lit(s)],
        Value::Partial(p) => p,
        Value::Unknown(e) => vec![Piece::Expr(e)],
    }
}
