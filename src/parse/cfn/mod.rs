//! CloudFormation and SAM templates (JSON and YAML) into the IAM model.
//!
//! A template is read into a spanned [`Node`] tree (JSON with [`crate::parse::json`],
//! YAML with [`crate::parse::yaml`], its short-form tags mapped by [`tags`]), its
//! parameters, mappings and conditions form an evaluation context ([`intrinsics`]), and
//! each resource about IAM is read into entities ([`resources`], SAM in [`sam`]). Entity
//! addresses are logical ids, scopes the template path. `Metadata.leastpriv` entries of
//! the template and of each resource are kept raw for the suppression stage. Nested
//! stacks with a local template of the scan are read with their parent, with the
//! parameters it passes, their entities addressed under the stack's logical id
//! (`Network.AppRole`, see [`nested`], [`parse_nested`]); other nested stacks get a note.

pub mod intrinsics;
pub mod nested;
pub mod params;
pub mod resources;
pub mod sam;
pub mod tags;

use std::collections::HashMap;

use intrinsics::{Eval, Param, ResourceFacts};
pub use nested::Library;
pub use params::ParamValues;
use resources::{Reader, Res};

use crate::discover::InputKind;
use crate::model::{Inventory, Note, Origin, ParseError, SuppressionEntry};
use crate::parse::node::{Key, Node, NodeKind};
use crate::parse::{json, yaml, Input};
use crate::source::{FileId, Span};
use crate::value::{Piece, Value};

/// The transform that makes a template a SAM template.
const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// The metadata key suppression entries are kept from.
const SUPPRESSION_KEY: &str = "leastpriv";

/// Parses one template into an inventory fragment, its nested stacks not read (each
/// gets a note). Never panics: syntax errors, duplicate keys and a root that is not a
/// mapping are parse errors.
pub fn parse(input: Input<'_>, given: &ParamValues) -> Inventory {
    parse_nested(input, given, &Library::default()).0
}

/// Parses one template as a root, with the local templates of its nested stacks read
/// from `lib` ([`nested`]): the fragment (holding the nested templates' entities, at
/// their files' spans) and the files read as nested templates. `given` applies to the
/// root only; nested templates get the values their parent passes (and the pseudo
/// parameters given). Never panics.
pub fn parse_nested(
    input: Input<'_>,
    given: &ParamValues,
    lib: &Library<'_>,
) -> (Inventory, Vec<FileId>) {
    let level = Level {
        lib,
        chain: vec![input.rel_path.to_string()],
        prefix: String::new(),
        scope: input.scope.to_string(),
    };
    let mut reached = Vec::new();
    let (inv, _) = read_file(input, &Given::Root(given), &level, &mut reached);
    reached.sort();
    reached.dedup();
    (inv, reached)
}

/// Where a template is read: the templates being read (root first), the address prefix
/// of its resources (`Network.` in the nested stack `Network`) and the root's scope.
struct Level<'l, 'a> {
    lib: &'l Library<'a>,
    chain: Vec<String>,
    prefix: String,
    scope: String,
}

/// The parameter values a template is read with.
enum Given<'g> {
    /// Given to the scan (a root template).
    Root(&'g ParamValues),
    /// Passed by the parent stack (evaluated there), with the pseudo parameters given.
    Passed {
        params: HashMap<String, Param>,
        pseudo: HashMap<String, String>,
    },
}

/// A template's outputs as far as they are known: (name, value).
type Outputs = Vec<(String, Value)>;

/// Reads one template file; errors go to the fragment.
fn read_file(
    input: Input<'_>,
    given: &Given<'_>,
    level: &Level<'_, '_>,
    reached: &mut Vec<FileId>,
) -> (Inventory, Outputs) {
    let mut inv = Inventory::default();
    let mut root = match read_tree(input, &mut inv) {
        Some(root) => root,
        None => return (inv, Vec::new()),
    };
    keep_last_of_duplicates(&mut root);
    if root.as_object().is_none() {
        inv.parse_errors.push(ParseError {
            span: root.span,
            message: format!("a template must be a mapping, found {}", root.type_name()),
        });
        return (inv, Vec::new());
    }
    read_template(&root, input, given, level, reached, inv)
}

/// The template's tree; errors go to `inv`.
fn read_tree(input: Input<'_>, inv: &mut Inventory) -> Option<Node> {
    let at = |offset: usize| Span::new(input.file, offset, (offset + 1).min(input.text.len()));
    match input.kind {
        InputKind::CfnJson => {
            match json::parse(input.text, input.file, 0, json::Options::default()) {
                Ok(root) => {
                    for (span, name) in duplicate_keys(&root) {
                        inv.parse_errors.push(ParseError {
                            span,
                            message: format!("duplicate key `{name}` in an object{LAST_WINS}"),
                        });
                    }
                    Some(root)
                }
                Err(e) => {
                    inv.parse_errors.push(ParseError {
                        span: at(e.offset),
                        message: format!("invalid JSON: {}", e.message),
                    });
                    None
                }
            }
        }
        _ => match yaml::parse(
            input.text,
            input.file,
            yaml::Limits::default(),
            &tags::CfnTags,
        ) {
            Ok(parsed) => {
                inv.parse_errors
                    .extend(parsed.problems.into_iter().map(|p| ParseError {
                        span: at(p.offset),
                        message: if p.message.starts_with("duplicate key") {
                            format!("{}{LAST_WINS}", p.message)
                        } else {
                            p.message
                        },
                    }));
                if let Some(first) = parsed.reindented.first() {
                    inv.notes.push(Note {
                        span: at(*first),
                        subject: "YAML indentation".into(),
                        cause: format!(
                            "{} line(s) of flow collections or quoted strings are not indented \
                             further than their key: YAML 1.2 rejects this, CloudFormation \
                             accepts it; read as if indented further",
                            parsed.reindented.len()
                        ),
                    });
                }
                Some(parsed.root)
            }
            Err(e) => {
                inv.parse_errors.push(ParseError {
                    span: at(e.offset),
                    message: e.message,
                });
                None
            }
        },
    }
}

/// Added to duplicate key errors: which of the values is read.
const LAST_WINS: &str = "; the last one is read, as CloudFormation deploys it";

/// Leaves one member per key in every object, the last: CloudFormation deploys a
/// template with a repeated key (reported as a parse error) with its last value.
fn keep_last_of_duplicates(n: &mut Node) {
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        match &mut n.kind {
            NodeKind::Object(members) => {
                let mut seen = std::collections::HashSet::new();
                let mut keep: Vec<bool> = members
                    .iter()
                    .rev()
                    .map(|(k, _)| {
                        k.name
                            .as_known()
                            .is_none_or(|name| seen.insert(name.to_string()))
                    })
                    .collect();
                keep.reverse();
                if keep.iter().any(|k| !k) {
                    let mut flags = keep.into_iter();
                    members.retain(|_| flags.next().unwrap_or(true));
                }
                stack.extend(members.iter_mut().map(|(_, v)| v));
            }
            NodeKind::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// Keys that occur twice in one object, at their second occurrence.
fn duplicate_keys(n: &Node) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        match &n.kind {
            NodeKind::Object(members) => {
                let mut seen = std::collections::HashSet::new();
                for (k, v) in members {
                    if let Some(name) = k.name.as_known() {
                        if !seen.insert(name) {
                            out.push((k.span, name.to_string()));
                        }
                    }
                    stack.push(v);
                }
            }
            NodeKind::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    out.sort();
    out
}

fn read_template(
    root: &Node,
    input: Input<'_>,
    given: &Given<'_>,
    level: &Level<'_, '_>,
    reached: &mut Vec<FileId>,
    inv: Inventory,
) -> (Inventory, Outputs) {
    let mut ev = Eval::default();
    ev.mappings = root.get("Mappings");
    ev.prefix = level.prefix.clone();
    match given {
        Given::Root(values) => {
            for (name, value) in &values.values {
                if name.starts_with("AWS::") {
                    ev.pseudo.insert(name.clone(), value.clone());
                }
            }
        }
        Given::Passed { pseudo, .. } => ev.pseudo = pseudo.clone(),
    }
    if let Some(params) = root.get("Parameters").and_then(Node::as_object) {
        for (k, def) in params {
            let Some(name) = k.name.as_known() else {
                continue;
            };
            if let Some(p) = parameter(name, def, given) {
                ev.params.insert(name.to_string(), p);
            }
        }
    }
    if let Some(conds) = root.get("Conditions").and_then(Node::as_object) {
        for (k, v) in conds {
            if let Some(name) = k.name.as_known() {
                ev.conditions.insert(name.to_string(), v);
            }
        }
    }
    let mut budget = MAX_LOOP_COPIES;
    let resources = expand_loops(
        root.get("Resources")
            .and_then(Node::as_object)
            .unwrap_or(&[]),
        &ev,
        0,
        &mut budget,
    );
    let mut inv = inv;
    if budget == 0 {
        inv.parse_errors.push(ParseError {
            span: root.get("Resources").map_or(root.span, |r| r.span),
            message: format!(
                "`Fn::ForEach` loops expand to more than {MAX_LOOP_COPIES} copies; the rest are not read"
            ),
        });
    }
    // what `Ref` / `Fn::GetAtt` of each resource give, read with the resources unknown
    let mut facts = HashMap::new();
    for (k, body) in &resources {
        let Some(id) = k.name.as_known() else {
            continue;
        };
        let kind = resource_type(body).unwrap_or_default();
        for (fid, f) in resource_facts(id, &kind, body.get("Properties"), &ev) {
            facts.insert(fid, f);
        }
    }
    ev.resources = facts;
    let mut stacks = read_nested_stacks(&resources, input, &mut ev, level, reached);

    let mut reader = Reader {
        ev: &ev,
        scope: level.scope.clone(),
        inv,
    };
    let sam = is_sam(root);
    let globals = root
        .get("Globals")
        .and_then(|g| g.get("Function"))
        .and_then(|f| ev.eval(f));
    if let Some(meta) = root
        .get("Metadata")
        .and_then(|m| m.get_entry(SUPPRESSION_KEY))
    {
        reader.inv.suppressions.push(SuppressionEntry {
            origin: Origin {
                span: meta.0.span.cover(meta.1.span),
                address: input.rel_path.to_string(),
                scope: level.scope.clone(),
            },
            key: SUPPRESSION_KEY.to_string(),
            entry: meta.1.clone(),
        });
    }
    for (k, body) in &resources {
        let Some(id) = k.name.as_known() else {
            continue;
        };
        let span = k.span.cover(body.span);
        let address = format!("{}{id}", level.prefix);
        if let Some(meta) = body.get("Metadata").and_then(|m| m.get(SUPPRESSION_KEY)) {
            reader.inv.suppressions.push(SuppressionEntry {
                origin: Origin {
                    span,
                    address: address.clone(),
                    scope: level.scope.clone(),
                },
                key: SUPPRESSION_KEY.to_string(),
                entry: meta.clone(),
            });
        }
        let Some(kind) = resource_type(body) else {
            let rain = body.get("Type").is_some_and(|t| {
                t.get(RAIN_MODULE).is_some()
                    || matches!(&t.kind, NodeKind::Unknown(e) if e.strip_prefix('!') == Some(RAIN_MODULE))
            });
            if rain {
                // a `rain` module: its resources are not in this template
                continue;
            }
            reader.inv.parse_errors.push(ParseError {
                span,
                message: format!("resource `{id}` has no `Type`"),
            });
            continue;
        };
        // a resource whose condition is known to be false is not created
        let condition = body.get("Condition").and_then(Node::scalar);
        if condition
            .as_ref()
            .and_then(|c| c.as_known())
            .and_then(|c| ev.condition(c))
            == Some(false)
        {
            continue;
        }
        let raw = body.get("Properties");
        let props = raw
            .and_then(|p| ev.eval(p))
            .unwrap_or_else(|| Node::new(span, NodeKind::Object(Vec::new())));
        let res = Res {
            id: &address,
            span,
            props,
        };
        match kind.as_str() {
            "AWS::Serverless::Function" if sam => {
                let res = sam::with_globals(res, globals.as_ref());
                sam::serverless(&mut reader, &res, true)
            }
            "AWS::Serverless::StateMachine" if sam => sam::serverless(&mut reader, &res, false),
            "AWS::CloudFormation::Stack" | "AWS::Serverless::Application" => {
                match stacks.remove(id) {
                    Some(Ok(child)) => reader.inv.append(child),
                    Some(Err((span, cause))) => nested::note(&mut reader, &res, span, cause),
                    None => {}
                }
            }
            _ => reader.resource(&kind, &res, raw),
        }
    }
    secret_exposures(root, &resources, level, &mut reader.inv);
    let outputs = if level.prefix.is_empty() {
        Vec::new()
    } else {
        outputs(root, &ev)
    };
    (reader.inv, outputs)
}

/// What reading a nested stack gave: the nested template's fragment, or the note's span
/// and cause.
type Stacks = HashMap<String, Result<Inventory, (Span, String)>>;

/// Reads the local templates of the template's nested stacks (by logical id), each
/// after the stacks whose outputs its `Parameters` read; each one's outputs become
/// `Fn::GetAtt Stack.Outputs.Name` attributes in `ev`.
fn read_nested_stacks(
    resources: &[(Key, Node)],
    input: Input<'_>,
    ev: &mut Eval<'_>,
    level: &Level<'_, '_>,
    reached: &mut Vec<FileId>,
) -> Stacks {
    let mut out = Stacks::new();
    let mut pending: Vec<(&str, String, Span, &Node)> = Vec::new();
    for (k, body) in resources {
        let Some(id) = k.name.as_known() else {
            continue;
        };
        let kind = resource_type(body).unwrap_or_default();
        if kind != "AWS::CloudFormation::Stack" && kind != "AWS::Serverless::Application" {
            continue;
        }
        let condition = body
            .get("Condition")
            .and_then(Node::scalar)
            .and_then(|c| c.as_known().and_then(|c| ev.condition(c)));
        if condition == Some(false) {
            continue;
        }
        pending.push((id, kind, k.span.cover(body.span), body));
    }
    while !pending.is_empty() {
        let ids: Vec<&str> = pending.iter().map(|(id, ..)| *id).collect();
        let next = pending
            .iter()
            .position(|(id, _, _, body)| {
                let others: Vec<&str> = ids.iter().copied().filter(|o| o != id).collect();
                !body
                    .get("Properties")
                    .is_some_and(|p| mentions(p, &others, 0))
            })
            .unwrap_or(0);
        let (id, kind, span, body) = pending.remove(next);
        let raw = body.get("Properties");
        let props = raw
            .and_then(|p| ev.eval(p))
            .unwrap_or_else(|| Node::new(span, NodeKind::Object(Vec::new())));
        let address = format!("{}{id}", level.prefix);
        let res = Res {
            id: &address,
            span,
            props,
        };
        let child = match nested::target(level.lib, input.rel_path, &level.chain, &kind, &res) {
            nested::Target::Local(_) if reached.len() >= nested::MAX_READS => {
                let cause = format!(
                    "more than {} nested templates are read for one root template: not read",
                    nested::MAX_READS
                );
                out.insert(id.to_string(), Err((res.span, cause)));
                continue;
            }
            nested::Target::Local(child) => child,
            nested::Target::Skipped(span, cause) => {
                out.insert(id.to_string(), Err((span, cause)));
                continue;
            }
        };
        let given = Given::Passed {
            params: passed(&res, raw.and_then(|p| p.get("Parameters")), ev),
            // a nested stack has a name and id of its own
            pseudo: ev
                .pseudo
                .iter()
                .filter(|(k, _)| *k != "AWS::StackName" && *k != "AWS::StackId")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        };
        let mut chain = level.chain.clone();
        chain.push(child.rel_path.to_string());
        let sub = Level {
            lib: level.lib,
            chain,
            prefix: format!("{address}."),
            scope: level.scope.clone(),
        };
        reached.push(child.file);
        let (inv, outputs) = read_file(child, &given, &sub, reached);
        ev.resources.insert(
            id.to_string(),
            ResourceFacts {
                kind,
                ref_value: None,
                attrs: outputs
                    .into_iter()
                    .map(|(name, v)| (format!("Outputs.{name}"), v))
                    .collect(),
            },
        );
        out.insert(id.to_string(), Ok(inv));
    }
    out
}

/// The parameter values a nested stack passes, evaluated in its parent: each decides
/// the child's conditions only when it is decided in the parent too.
fn passed(res: &Res<'_>, raw: Option<&Node>, ev: &Eval<'_>) -> HashMap<String, Param> {
    let mut out = HashMap::new();
    for (k, value) in res
        .get("Parameters")
        .and_then(Node::as_object)
        .unwrap_or(&[])
    {
        let Some(name) = k.name.as_known() else {
            continue;
        };
        let decided = raw
            .and_then(|r| r.get(name))
            .and_then(|r| ev.eval_decided(r))
            .and_then(|d| d.scalar());
        let explicit = match (decided, value.scalar()) {
            (Some(Value::Known(d)), Some(Value::Known(v))) => d == v,
            _ => false,
        };
        out.insert(
            name.to_string(),
            Param {
                value: value.clone(),
                explicit,
            },
        );
    }
    out
}

/// True when `n` reads a resource among `ids` (`Ref`, `Fn::GetAtt`, `${Id.…}` in
/// `Fn::Sub`).
fn mentions(n: &Node, ids: &[&str], depth: usize) -> bool {
    if depth > 64 || ids.is_empty() {
        return false;
    }
    match &n.kind {
        NodeKind::Object(members) => members.iter().any(|(k, v)| {
            let named = |s: &str| {
                ids.iter()
                    .any(|id| s == *id || s.starts_with(&format!("{id}.")))
            };
            let hit = match k.name.as_known() {
                Some("Ref") | Some("Fn::GetAtt") => match &v.kind {
                    NodeKind::Array(items) => items
                        .first()
                        .and_then(Node::scalar)
                        .is_some_and(|s| s.as_known().is_some_and(named)),
                    _ => v.scalar().is_some_and(|s| s.as_known().is_some_and(named)),
                },
                Some("Fn::Sub") => {
                    let template = match &v.kind {
                        NodeKind::Array(items) => items.first(),
                        _ => Some(v),
                    };
                    template
                        .and_then(Node::scalar)
                        .and_then(|t| t.as_known().map(str::to_string))
                        .is_some_and(|t| {
                            ids.iter().any(|id| {
                                t.contains(&format!("${{{id}."))
                                    || t.contains(&format!("${{{id}}}"))
                            })
                        })
                }
                _ => false,
            };
            hit || mentions(v, ids, depth + 1)
        }),
        NodeKind::Array(items) => items.iter().any(|i| mentions(i, ids, depth + 1)),
        _ => false,
    }
}

/// A nested template's outputs whose value is a single value (a string, known in part
/// or not at all); an output whose condition is false is left out.
fn outputs(root: &Node, ev: &Eval<'_>) -> Outputs {
    let mut out = Vec::new();
    for (k, body) in root.get("Outputs").and_then(Node::as_object).unwrap_or(&[]) {
        let Some(name) = k.name.as_known() else {
            continue;
        };
        let condition = body
            .get("Condition")
            .and_then(Node::scalar)
            .and_then(|c| c.as_known().and_then(|c| ev.condition(c)));
        if condition == Some(false) {
            continue;
        }
        let value = body
            .get("Value")
            .and_then(|v| ev.eval(v))
            .and_then(|v| match v.kind {
                NodeKind::Json(_) | NodeKind::Array(_) | NodeKind::Object(_) => None,
                _ => v.scalar(),
            });
        if let Some(v) = value {
            out.push((name.to_string(), v));
        }
    }
    out
}

/// Records where the `SecretAccessKey` of an `AWS::IAM::AccessKey` of the template is
/// read (`Fn::GetAtt`, or `${Key.SecretAccessKey}` in `Fn::Sub`): in `Outputs`, and in
/// the properties of any resource but an `AWS::SecretsManager::Secret` (the one place
/// meant to hold it).
fn secret_exposures(
    root: &Node,
    resources: &[(Key, Node)],
    level: &Level<'_, '_>,
    inv: &mut Inventory,
) {
    let scope = level.scope.as_str();
    let keys: Vec<&str> = resources
        .iter()
        .filter(|(_, body)| resource_type(body).as_deref() == Some("AWS::IAM::AccessKey"))
        .filter_map(|(k, _)| k.name.as_known())
        .collect();
    if keys.is_empty() {
        return;
    }
    let mut record = |node: &Node, place: String, output: bool| {
        let mut found = Vec::new();
        secret_reads(node, &keys, &mut found, 0);
        for (span, key) in found {
            inv.secret_exposures.push(crate::model::SecretExposure {
                span,
                key: format!("{}{key}", level.prefix),
                scope: scope.to_string(),
                attribute: "SecretAccessKey".into(),
                place: place.clone(),
                output,
                sensitive: false,
            });
        }
    };
    for (k, out) in root.get("Outputs").and_then(Node::as_object).unwrap_or(&[]) {
        let name = k.name.as_known().unwrap_or("?");
        record(out, format!("stack output `{name}`"), true);
    }
    for (k, body) in resources {
        if resource_type(body).as_deref() == Some("AWS::SecretsManager::Secret") {
            continue;
        }
        let (Some(props), Some(id)) = (body.get("Properties"), k.name.as_known()) else {
            continue;
        };
        record(props, format!("a property of resource `{id}`"), false);
    }
}

/// Collects the reads of `SecretAccessKey` of one of `keys` under `n`: (span, key id).
fn secret_reads(n: &Node, keys: &[&str], out: &mut Vec<(Span, String)>, depth: usize) {
    if depth > 64 {
        return;
    }
    match &n.kind {
        NodeKind::Object(members) => {
            for (k, v) in members {
                match k.name.as_known() {
                    Some("Fn::GetAtt") => {
                        let (id, attr) = match &v.kind {
                            NodeKind::Array(items) => (
                                items.first().and_then(Node::scalar),
                                items.get(1).and_then(Node::scalar),
                            ),
                            _ => match v.scalar().as_ref().and_then(Value::as_known) {
                                Some(t) => match t.split_once('.') {
                                    Some((a, b)) => {
                                        (Some(Value::Known(a.into())), Some(Value::Known(b.into())))
                                    }
                                    None => (None, None),
                                },
                                None => (None, None),
                            },
                        };
                        let id = id.as_ref().and_then(Value::as_known).map(str::to_string);
                        let attr = attr.as_ref().and_then(Value::as_known).map(str::to_string);
                        if let (Some(id), Some("SecretAccessKey")) = (id, attr.as_deref()) {
                            if keys.contains(&id.as_str()) {
                                out.push((n.span, id));
                            }
                        }
                    }
                    Some("Fn::Sub") => {
                        let template = match &v.kind {
                            NodeKind::Array(items) => items.first(),
                            _ => Some(v),
                        };
                        let text = template
                            .and_then(Node::scalar)
                            .and_then(|t| t.as_known().map(str::to_string))
                            .unwrap_or_default();
                        for key in keys {
                            if text.contains(&format!("${{{key}.SecretAccessKey}}")) {
                                out.push((n.span, key.to_string()));
                            }
                        }
                        secret_reads(v, keys, out, depth + 1);
                    }
                    _ => secret_reads(v, keys, out, depth + 1),
                }
            }
        }
        NodeKind::Array(items) => {
            for i in items {
                secret_reads(i, keys, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// The key of a `rain` preprocessor module used as a resource `Type`.
const RAIN_MODULE: &str = "Rain::Module";

/// Deepest nesting of `Fn::ForEach` loops expanded.
const MAX_LOOP_DEPTH: usize = 5;

/// Most loop bodies `Fn::ForEach` loops of one template are expanded to.
const MAX_LOOP_COPIES: usize = 10_000;

/// Resources with `Fn::ForEach::Name: [Identifier, Collection, {Key: Resource}]` loops
/// (the `AWS::LanguageExtensions` transform) expanded: one copy of the loop's resources
/// per element, `${Identifier}` / `&{Identifier}` replaced in keys and strings and
/// `Ref: Identifier` replaced by the element. A loop over a collection that is not known
/// adds nothing; at most `budget` bodies are expanded (it is left at 0 when that cut any).
fn expand_loops(
    members: &[(Key, Node)],
    ev: &Eval<'_>,
    depth: usize,
    budget: &mut usize,
) -> Vec<(Key, Node)> {
    let mut out = Vec::new();
    for (k, v) in members {
        if !k
            .name
            .as_known()
            .is_some_and(|n| n.starts_with("Fn::ForEach::"))
        {
            out.push((k.clone(), v.clone()));
            continue;
        }
        let Some([id, collection, body]) = v.as_array() else {
            continue;
        };
        let Some(id) = id.scalar().and_then(|v| v.as_known().map(str::to_string)) else {
            continue;
        };
        let Some(items) = ev.eval(collection).and_then(|c| match c.kind {
            NodeKind::Array(items) => Some(items),
            _ => None,
        }) else {
            continue;
        };
        if depth >= MAX_LOOP_DEPTH {
            continue;
        }
        for item in items {
            let Some(Value::Known(value)) = item.scalar() else {
                continue;
            };
            if *budget == 0 {
                break;
            }
            *budget -= 1;
            let copy = substitute(body, &id, &value);
            if let Some(m) = copy.as_object() {
                out.extend(expand_loops(m, ev, depth + 1, budget));
            }
        }
    }
    out
}

/// A loop body with the identifier replaced by one element.
fn substitute(n: &Node, id: &str, value: &str) -> Node {
    let plain = format!("${{{id}}}");
    let alnum_marker = format!("&{{{id}}}");
    let alnum: String = value.chars().filter(char::is_ascii_alphanumeric).collect();
    let text = |s: &str| s.replace(&plain, value).replace(&alnum_marker, &alnum);
    let kind = match &n.kind {
        NodeKind::Str(Value::Known(s)) => NodeKind::Str(Value::Known(text(s))),
        NodeKind::Object(members) => {
            if let Some(("Ref", arg)) = intrinsics::intrinsic(n) {
                if arg.scalar().is_some_and(|a| a.is(id)) {
                    return Node::new(n.span, NodeKind::Str(Value::known(value)));
                }
            }
            NodeKind::Object(
                members
                    .iter()
                    .map(|(k, v)| {
                        let name = match &k.name {
                            Value::Known(s) => Value::Known(text(s)),
                            other => other.clone(),
                        };
                        (Key { name, span: k.span }, substitute(v, id, value))
                    })
                    .collect(),
            )
        }
        NodeKind::Array(items) => {
            NodeKind::Array(items.iter().map(|i| substitute(i, id, value)).collect())
        }
        other => other.clone(),
    };
    Node::new(n.span, kind)
}

/// A resource's `Type`, when it is a known string.
fn resource_type(body: &Node) -> Option<String> {
    body.get("Type")
        .and_then(Node::scalar)
        .and_then(|v| v.as_known().map(str::to_string))
}

/// A parameter's value: given to the scan, else its default; list types become lists.
fn parameter(name: &str, def: &Node, given: &Given<'_>) -> Option<Param> {
    let is_list = def
        .get("Type")
        .and_then(Node::scalar)
        .and_then(|t| {
            t.as_known()
                .map(|t| t == "CommaDelimitedList" || t.starts_with("List<"))
        })
        .unwrap_or(false);
    let passed = match given {
        Given::Root(values) => values
            .get(name)
            .map(|v| (Node::new(def.span, NodeKind::Str(Value::known(v))), true)),
        Given::Passed { params, .. } => params.get(name).map(|p| (p.value.clone(), p.explicit)),
    };
    // a parameter with neither a value nor a default is unknown (`Ref` of it)
    let (value, explicit) = match passed {
        Some(v) => v,
        None => (def.get("Default")?.clone(), false),
    };
    let value = match (&value.kind, is_list) {
        (NodeKind::Str(Value::Known(s)), true) => Node::new(
            value.span,
            NodeKind::Array(
                s.split(',')
                    .map(|p| Node::new(value.span, NodeKind::Str(Value::known(p.trim()))))
                    .collect(),
            ),
        ),
        (NodeKind::Number(n), _) => Node::new(value.span, NodeKind::Str(Value::known(n.clone()))),
        _ => value,
    };
    Some(Param { value, explicit })
}

/// True when the template's `Transform` names SAM.
fn is_sam(root: &Node) -> bool {
    match root.get("Transform") {
        Some(t) => match t.as_array() {
            Some(items) => items
                .iter()
                .any(|i| i.scalar().is_some_and(|v| v.is(SAM_TRANSFORM))),
            None => t.scalar().is_some_and(|v| v.is(SAM_TRANSFORM)),
        },
        None => false,
    }
}

/// What `Ref` and `Fn::GetAtt` give for a resource (and for the role SAM creates for a
/// serverless function); `props` are the raw properties, of which only the few needed
/// are evaluated.
fn resource_facts(
    id: &str,
    kind: &str,
    props: Option<&Node>,
    ev: &Eval<'_>,
) -> Vec<(String, ResourceFacts)> {
    let evaluated = |name: &str| props.and_then(|p| p.get(name)).and_then(|n| ev.eval(n));
    let prop = |name: &str| evaluated(name).and_then(|n| n.scalar());
    // The ARN of an IAM entity: its shape when the name (and path) are known, else the
    // unresolved `<LogicalId>.arn`, which the analysis reads as that entity's own ARN (as
    // Terraform's `aws_iam_role.x.arn`). A generated name is not known before deployment.
    let arn = |segment: &str, name: &Option<Value>, id: &str| -> Value {
        let path = match prop("Path") {
            None => Some("/".to_string()),
            Some(Value::Known(p)) if p.starts_with('/') && p.ends_with('/') => Some(p),
            Some(_) => None,
        };
        match (name, path) {
            (Some(Value::Known(n)), Some(path)) if !n.is_empty() => {
                let mut pieces = vec![Piece::Lit("arn:".into())];
                pieces.push(pseudo(ev, "AWS::Partition"));
                pieces.push(Piece::Lit(":iam::".into()));
                pieces.push(pseudo(ev, "AWS::AccountId"));
                pieces.push(Piece::Lit(format!(":{segment}{path}{n}")));
                Value::from_pieces(pieces)
            }
            _ => Value::unknown(format!("{}{id}.arn", ev.prefix)),
        }
    };
    let mut facts = ResourceFacts {
        kind: kind.to_string(),
        ..ResourceFacts::default()
    };
    let mut out = Vec::new();
    match kind {
        "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" | "AWS::IAM::InstanceProfile" => {
            let (key, segment) = match kind {
                "AWS::IAM::Role" => ("RoleName", "role"),
                "AWS::IAM::User" => ("UserName", "user"),
                "AWS::IAM::Group" => ("GroupName", "group"),
                _ => ("InstanceProfileName", "instance-profile"),
            };
            let name = prop(key);
            facts.attrs.push(("Arn".into(), arn(segment, &name, id)));
            facts.ref_value = name.filter(|n| !matches!(n, Value::Unknown(_)));
        }
        "AWS::IAM::ManagedPolicy" => {
            let name = prop("ManagedPolicyName");
            let a = arn("policy", &name, id);
            facts.attrs.push(("PolicyArn".into(), a.clone()));
            facts.ref_value = Some(a);
        }
        "AWS::Serverless::Function" | "AWS::Serverless::StateMachine"
            if evaluated("Role").is_none_or(|n| matches!(n.kind, NodeKind::Null)) =>
        {
            let role_id = format!("{id}Role");
            let role = ResourceFacts {
                kind: "AWS::IAM::Role".into(),
                ref_value: None,
                attrs: vec![("Arn".into(), arn("role", &None, &role_id))],
            };
            out.push((role_id, role));
        }
        _ => {}
    }
    out.push((id.to_string(), facts));
    out
}

/// A pseudo parameter: its given value, else an unknown piece named after it.
fn pseudo(ev: &Eval<'_>, name: &str) -> Piece {
    match ev.pseudo.get(name) {
        Some(v) => Piece::Lit(v.clone()),
        None => Piece::Expr(name.to_string()),
    }
}

#[cfg(test)]
mod tests;
