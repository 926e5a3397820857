//! A Terraform module directory evaluated as one unit, as `terraform plan` would as far
//! as the repository allows.
//!
//! Every `.tf` file of a directory shares one [`Module`] scope:
//!
//! - `var.X` is the value from `terraform.tfvars` or a `*.auto.tfvars` file of the
//!   directory (applied in that order, later files winning), else the variable's
//!   `default`; a variable with neither stays unknown;
//! - `local.X` is evaluated by a fixed point over all `locals` blocks: every local starts
//!   unknown; locals are evaluated in dependency order (found from their `local.*`
//!   references), and again until nothing changes (at most [`MAX_ROUNDS`] rounds) when
//!   some local reads a data source, which may itself read locals. Locals in a reference
//!   cycle, or depending on one, stay unknown, and so does whatever has not converged;
//! - `var.X` may also come from outside ([`super::vars`]): `TF_VAR_X` below the tfvars
//!   files, `--var-file` / `--var` above them;
//! - whatever its origin (default, tfvars, outside, a caller's argument), a variable's
//!   value takes its declared `type` as far as optional object attributes go
//!   ([`super::types`]): one left out is `null` or its default;
//! - `data.aws_iam_policy_document.X.json` is the document the data source builds
//!   ([`super::policy_document`]), evaluated when first used; `X[0].json`, `X[*].json`
//!   and `X.*.json` are its instances (a known `count` of them, else one);
//! - `data.aws_iam_policy.X.arn` is the ARN the block gives (its `name` alone does not
//!   tell an AWS managed policy from a customer managed one: unknown);
//! - a resource with a known `count` / `for_each` expands into instances ([`Expansion`]),
//!   at most a set number per resource.
//!
//! Evaluation draws on one budget per module ([`BUDGET`] steps) so no input can make it
//! run long; past the budget every value is unknown.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};

use super::eval::Eval;
use super::files::FileAccess;
use super::policy_document;
use super::types::Type;
use super::vars::{self, Assignment, VarValues};
use crate::parse::node::{Node, NodeKind};
use crate::source::{FileId, Span};
use crate::value::Value;

/// Most rounds of the `locals` fixed point.
pub const MAX_ROUNDS: usize = 24;

/// Evaluation steps one module may spend.
pub const BUDGET: u64 = 4_000_000;

/// Most instances one resource block expands to, unless set otherwise.
pub const DEFAULT_MAX_INSTANCES: usize = 1_000;

/// How a resource block expands into instances.
#[derive(Debug, Clone, PartialEq)]
pub enum Expansion {
    /// No `count` / `for_each`, or one not known: one entity at the plain address.
    Plain,
    /// The known instances, in Terraform's order (at most the limit), and how many past
    /// the limit were left out.
    Instances(Vec<Instance>, usize),
}

/// One instance of a resource block.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// The address suffix: `[0]`, `["alice"]`.
    pub suffix: String,
    /// The name bound while the instance is read (`count`, `each`) and its value.
    pub bind: (&'static str, Node),
}

/// Most instances of a counted data source expanded by a splat.
pub const MAX_SPLAT: usize = 1_000;

/// Deepest value tree a local may hold.
const MAX_VALUE_DEPTH: usize = 48;

/// Deepest nesting of data sources evaluated through one another.
const MAX_DOC_NESTING: usize = 8;

/// One file of the module: its text and id.
#[derive(Debug, Clone, Copy)]
struct Source<'a> {
    text: &'a str,
    file: FileId,
}

/// The evaluation scope of one module directory.
#[derive(Debug)]
pub struct Module<'a> {
    sources: Vec<Source<'a>>,
    variables: HashMap<String, Node>,
    variable_sources: HashMap<String, (usize, &'a Expression)>,
    locals: Vec<(String, usize, &'a Expression)>,
    local_values: RefCell<HashMap<String, Node>>,
    docs: HashMap<String, (usize, &'a Block)>,
    managed: HashMap<String, (usize, &'a Block)>,
    resources: HashMap<String, (usize, &'a Block)>,
    expansions: RefCell<HashMap<String, Rc<Expansion>>>,
    max_instances: usize,
    doc_values: RefCell<HashMap<String, Node>>,
    in_progress: RefCell<Vec<String>>,
    settled: Cell<bool>,
    errors: Cell<u64>,
    budget: Cell<u64>,
    access: Option<FileAccess>,
    calls: Vec<Call<'a>>,
    outputs: Vec<(String, usize, &'a Expression)>,
    module_outputs: RefCell<HashMap<String, Node>>,
    prefix: String,
    root_dir: Option<String>,
    variable_names: std::collections::HashSet<String>,
    variable_types: HashMap<String, Type>,
    outside_inputs: Option<std::collections::HashSet<String>>,
}

/// A `module "NAME" { source = ... }` block of a module.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// The call's name (`module.NAME`).
    pub name: &'a str,
    /// The index of the file it is written in (as [`Module::eval_in`] takes).
    pub file: usize,
    /// The block.
    pub block: &'a Block,
}

/// One parsed file handed to [`Module::new`].
#[derive(Debug, Clone, Copy)]
pub struct ModuleFile<'a> {
    /// Its id.
    pub file: FileId,
    /// Its text (as parsed).
    pub text: &'a str,
    /// Its body, if it parsed.
    pub body: Option<&'a Body>,
    /// True for a variable-values file (`terraform.tfvars`, `*.auto.tfvars`), in the
    /// order Terraform applies them.
    pub tfvars: bool,
}

impl<'a> Module<'a> {
    /// The scope of a module made of `files`, with variable values given from outside
    /// (`outside`, see [`super::vars`]). Call [`Module::settle`] before reading.
    pub fn new(
        files: &[ModuleFile<'a>],
        outside: &VarValues,
        access: Option<FileAccess>,
    ) -> Module<'a> {
        let mut module = Module {
            sources: files
                .iter()
                .map(|f| Source {
                    text: f.text,
                    file: f.file,
                })
                .collect(),
            variables: HashMap::new(),
            variable_sources: HashMap::new(),
            locals: Vec::new(),
            local_values: RefCell::new(HashMap::new()),
            docs: HashMap::new(),
            managed: HashMap::new(),
            resources: HashMap::new(),
            expansions: RefCell::new(HashMap::new()),
            max_instances: DEFAULT_MAX_INSTANCES,
            doc_values: RefCell::new(HashMap::new()),
            in_progress: RefCell::new(Vec::new()),
            settled: Cell::new(false),
            errors: Cell::new(0),
            budget: Cell::new(BUDGET),
            access,
            calls: Vec::new(),
            outputs: Vec::new(),
            module_outputs: RefCell::new(HashMap::new()),
            prefix: String::new(),
            root_dir: None,
            variable_names: Default::default(),
            variable_types: HashMap::new(),
            outside_inputs: None,
        };
        // declared variables: where, and the source of their `type`
        let mut declared: HashMap<String, (Span, Option<&'a str>)> = HashMap::new();
        for (i, f) in files.iter().enumerate() {
            let Some(body) = f.body.filter(|_| !f.tfvars) else {
                continue;
            };
            let ev = Eval::new(f.text, f.file);
            for block in body.blocks() {
                match (block.ident.as_str(), block.labels.as_slice()) {
                    ("variable", [name]) => {
                        let type_source = block
                            .body
                            .get_attribute("type")
                            .and_then(|t| hcl_edit::Span::span(&t.value))
                            .and_then(|r| f.text.get(r));
                        declared.insert(
                            name.as_str().to_string(),
                            (ev.span_or(block, Default::default()), type_source),
                        );
                        if let Some(ty) = block
                            .body
                            .get_attribute("type")
                            .and_then(|t| Type::read(&ev, &t.value))
                        {
                            module.variable_types.insert(name.as_str().to_string(), ty);
                        }
                        // a default cannot refer to anything: literals only
                        if let Some(d) = block.body.get_attribute("default") {
                            let fallback =
                                ev.span_or(block, ev.span_or(&d.value, Default::default()));
                            module
                                .variables
                                .insert(name.as_str().to_string(), ev.node(&d.value, fallback));
                            module
                                .variable_sources
                                .insert(name.as_str().to_string(), (i, &d.value));
                        }
                    }
                    ("locals", []) => {
                        for a in block.body.attributes() {
                            module
                                .locals
                                .push((a.key.as_str().to_string(), i, &a.value));
                        }
                    }
                    ("data", [kind, name]) if kind.as_str() == "aws_iam_policy_document" => {
                        module.docs.insert(name.as_str().to_string(), (i, block));
                    }
                    ("resource", [kind, name]) if super::resources::is_expanded(kind.as_str()) => {
                        module
                            .resources
                            .insert(format!("{}.{}", kind.as_str(), name.as_str()), (i, block));
                    }
                    ("data", [kind, name]) if kind.as_str() == "aws_iam_policy" => {
                        module.managed.insert(name.as_str().to_string(), (i, block));
                    }
                    ("module", [name]) => module.calls.push(Call {
                        name: name.as_str(),
                        file: i,
                        block,
                    }),
                    ("output", [name]) => {
                        if let Some(v) = block.body.get_attribute("value") {
                            module
                                .outputs
                                .push((name.as_str().to_string(), i, &v.value));
                        }
                    }
                    _ => {}
                }
            }
        }
        let apply = |module: &mut Module<'a>, given: &[Assignment]| {
            for a in given {
                if let Some((at, type_source)) = declared.get(&a.name) {
                    module
                        .variables
                        .insert(a.name.clone(), vars::value(a, *type_source, *at));
                    module.variable_sources.remove(&a.name);
                }
            }
        };
        apply(&mut module, &outside.env);
        for (i, f) in files.iter().enumerate().filter(|(_, f)| f.tfvars) {
            let Some(body) = f.body else { continue };
            let ev = Eval::new(f.text, f.file);
            for a in body.attributes() {
                let name = a.key.as_str();
                if declared.contains_key(name) {
                    let fallback = ev.span_or(a, Default::default());
                    module
                        .variables
                        .insert(name.to_string(), ev.node(&a.value, fallback));
                    module
                        .variable_sources
                        .insert(name.to_string(), (i, &a.value));
                }
            }
        }
        apply(&mut module, &outside.cli);
        module.variable_names = declared.into_keys().collect();
        // every value takes its variable's type: omitted optional attributes appear
        let names: Vec<String> = module.variables.keys().cloned().collect();
        for name in names {
            if let Some(value) = module.variables.remove(&name) {
                let value = module.typed(&name, value);
                module.variables.insert(name, value);
            }
        }
        module
    }

    /// Evaluates the locals to their fixed point; afterwards values are final and data
    /// sources are cached.
    pub fn settle(&'a self) {
        let (order, via_data) = local_order(&self.locals);
        // in dependency order one round settles every local, unless a local reads a data
        // source, which may read locals evaluated after it
        let rounds = if via_data {
            MAX_ROUNDS.min(self.locals.len() + 1)
        } else {
            1
        };
        let mut last_changed: Vec<&String> = Vec::new();
        for _ in 0..rounds {
            last_changed.clear();
            for (name, i, expr) in order.iter().filter_map(|&k| self.locals.get(k)) {
                let Some(ev) = self.eval_in(*i) else { continue };
                let fallback = ev.span_or(*expr, Default::default());
                let mut value = ev.node(expr, fallback);
                if deeper_than(&value, MAX_VALUE_DEPTH) {
                    // locals wrapping locals could nest without end: past the bound, unknown
                    value = Node::new(value.span, NodeKind::Unknown(ev.source(expr)));
                }
                let mut values = self.local_values.borrow_mut();
                if values.get(name) != Some(&value) {
                    values.insert(name.clone(), value);
                    last_changed.push(name);
                }
            }
            if last_changed.is_empty() {
                break;
            }
        }
        if via_data {
            // what still changed in the last round did not converge: it is not known
            let mut values = self.local_values.borrow_mut();
            for name in last_changed {
                values.remove(name);
            }
        }
        self.settled.set(true);
    }

    /// An evaluator for file `i` of the module.
    pub fn eval_in(&'a self, i: usize) -> Option<Eval<'a>> {
        let s = self.sources.get(i)?;
        Some(Eval::in_module(s.text, s.file, self))
    }

    /// Where the value of `var.name` or `local.name` is written (`root` is `var` or
    /// `local`): an evaluator for that file and the expression.
    pub fn written_at(&'a self, root: &str, name: &str) -> Option<(Eval<'a>, &'a Expression)> {
        let (i, expr) = match root {
            "var" => *self.variable_sources.get(name)?,
            "local" => self
                .locals
                .iter()
                .rev()
                .find(|(n, _, _)| n == name)
                .map(|(_, i, e)| (*i, *e))?,
            _ => return None,
        };
        Some((self.eval_in(i)?, expr))
    }

    /// The value of `var.name`, if known.
    pub fn variable(&self, name: &str, ev: &Eval<'_>) -> Option<Node> {
        let n = self.variables.get(name)?;
        ev.charge(size(n)).then(|| n.clone())
    }

    /// The value of `local.name`, if known (so far, while settling).
    pub fn local(&self, name: &str, ev: &Eval<'_>) -> Option<Node> {
        let values = self.local_values.borrow();
        let n = values.get(name)?;
        ev.charge(size(n)).then(|| n.clone())
    }

    /// `data.aws_iam_policy_document.name.json`: the document as a JSON-string node
    /// keeping its tree.
    pub fn policy_document(&'a self, name: &str, ev: &Eval<'_>) -> Option<Node> {
        if let Some(n) = self.doc_values.borrow().get(name) {
            return ev.charge(size(n)).then(|| n.clone());
        }
        let (i, block) = *self.docs.get(name)?;
        {
            let mut busy = self.in_progress.borrow_mut();
            if busy.len() >= MAX_DOC_NESTING || busy.iter().any(|b| b == name) {
                return None;
            }
            busy.push(name.to_string());
        }
        let doc = self
            .eval_in(i)
            .map(|at| policy_document::build(&at.nested_in(ev), block));
        self.in_progress.borrow_mut().pop();
        let doc = doc?;
        let node = Node::new(doc.span, NodeKind::Json(Box::new(doc)));
        if self.settled.get() {
            self.doc_values
                .borrow_mut()
                .insert(name.to_string(), node.clone());
        }
        Some(node)
    }

    /// `data.aws_iam_policy_document.name.*.json`: a list of the document, once per
    /// instance: once without `count`, `count` times for a known `count` (at most
    /// [`MAX_SPLAT`]). With an unknown `count` or a `for_each` the source is read as one
    /// instance, as a resource is (and as `x[0].json` already is): the document is what
    /// the source builds when it exists.
    pub fn policy_documents(&'a self, name: &str, ev: &Eval<'_>, span: Span) -> Option<Node> {
        let (i, block) = *self.docs.get(name)?;
        let n = match block.body.get_attribute("count") {
            None => 1,
            Some(c) => {
                let at = self.eval_in(i)?.nested_in(ev);
                match super::eval::number(&at.node(&c.value, span)) {
                    Some(v) if v >= 0.0 && v.fract() == 0.0 && v <= MAX_SPLAT as f64 => v as usize,
                    Some(_) => return None,
                    None => 1,
                }
            }
        };
        let items = if n == 0 {
            Vec::new()
        } else {
            let doc = self.policy_document(name, ev)?;
            if !ev.charge(size(&doc).saturating_mul(n)) {
                return None;
            }
            vec![doc; n]
        };
        Some(Node::new(span, NodeKind::Array(items)))
    }

    /// `data.aws_iam_policy.name.<attribute>`: `arn` when the block gives a known ARN;
    /// `name` when it gives a known name (or an ARN to take it from). A block giving only
    /// a name may find a customer managed policy, whose ARN holds the account: its `arn`
    /// is not known.
    pub fn managed_policy(&'a self, name: &str, attribute: &str, ev: &Eval<'_>) -> Option<Node> {
        let (i, block) = *self.managed.get(name)?;
        let at = self.eval_in(i)?.nested_in(ev);
        let known = |key: &str| {
            let a = block.body.get_attribute(key)?;
            let n = at.node(&a.value, at.span_or(a, Default::default()));
            match &n.kind {
                NodeKind::Str(crate::value::Value::Known(s)) if !s.is_empty() => {
                    Some((s.clone(), n.span))
                }
                _ => None,
            }
        };
        if attribute == "arn" {
            // a partly known ARN (`arn:${data.aws_partition.current.partition}:...`)
            // keeps its known pieces
            let a = block.body.get_attribute("arn")?;
            let n = at.node(&a.value, at.span_or(a, Default::default()));
            return match &n.kind {
                NodeKind::Str(v) if v.render().starts_with("arn:") => Some(n),
                _ => None,
            };
        }
        let (text, span) = match attribute {
            "name" => known("name").or_else(|| {
                let (arn, span) = known("arn")?;
                let (_, rest) = arn.split_once(":policy/")?;
                Some((rest.rsplit('/').next()?.to_string(), span))
            })?,
            _ => return None,
        };
        Some(Node::new(
            span,
            NodeKind::Str(crate::value::Value::Known(text)),
        ))
    }

    /// Sets the most instances one resource block expands to (default
    /// [`DEFAULT_MAX_INSTANCES`]).
    pub fn set_max_instances(&mut self, max: usize) {
        self.max_instances = max;
    }

    /// How the resource at `address` (`kind.name`) expands into instances: by a known
    /// `count` or `for_each`; [`Expansion::Plain`] when it has neither or they are not
    /// known. Computed once per resource.
    pub fn expansion(&'a self, address: &str, ev: &Eval<'_>) -> Rc<Expansion> {
        if let Some(e) = self.expansions.borrow().get(address) {
            return Rc::clone(e);
        }
        let computed = Rc::new(self.expand(address, ev));
        if self.settled.get() {
            self.expansions
                .borrow_mut()
                .insert(address.to_string(), Rc::clone(&computed));
        }
        computed
    }

    fn expand(&'a self, address: &str, ev: &Eval<'_>) -> Expansion {
        let Some((i, block)) = self.resources.get(address).copied() else {
            return Expansion::Plain;
        };
        self.expand_block(i, block, address, ev)
    }

    /// The instances of a `module` block, as [`Module::expansion`] gives a resource's
    /// (`count = 0` and an empty `for_each` call the module not at all: `None`).
    pub fn call_expansion(&'a self, call: &Call<'a>, ev: &Eval<'_>) -> Option<Expansion> {
        let at = self.eval_in(call.file)?.nested_in(ev);
        let span = at.span_or(call.block, Span::new(at.file(), 0, 0));
        let off = |name: &str| {
            let a = call.block.body.get_attribute(name)?;
            let n = at.node(&a.value, span);
            let empty = match &n.kind {
                NodeKind::Number(_) => super::eval::number(&n) == Some(0.0),
                NodeKind::Array(items) => items.is_empty(),
                NodeKind::Object(members) => members.is_empty(),
                _ => false,
            };
            Some(empty)
        };
        if off("count") == Some(true) || off("for_each") == Some(true) {
            return None;
        }
        Some(self.expand_block(call.file, call.block, &format!("module.{}", call.name), ev))
    }

    fn expand_block(
        &'a self,
        i: usize,
        block: &'a Block,
        address: &str,
        ev: &Eval<'_>,
    ) -> Expansion {
        let Some(at) = self.eval_in(i).map(|at| at.nested_in(ev)) else {
            return Expansion::Plain;
        };
        let span = at.span_or(block, Span::new(at.file(), 0, 0));
        let obj = |members: Vec<(&str, Node)>| {
            Node::new(
                span,
                NodeKind::Object(
                    members
                        .into_iter()
                        .map(|(k, v)| {
                            (
                                crate::parse::node::Key {
                                    name: crate::value::Value::Known(k.to_string()),
                                    span,
                                },
                                v,
                            )
                        })
                        .collect(),
                ),
            )
        };
        let mut out = Vec::new();
        let total;
        if let Some(c) = block.body.get_attribute("count") {
            let n = match super::eval::number(&at.node(&c.value, span)) {
                Some(v) if v >= 0.0 && v.fract() == 0.0 && v < 1e15 => v as usize,
                _ => return Expansion::Plain,
            };
            if n == 0 {
                return self.switched_off(&at, &c.value);
            }
            total = n;
            for k in 0..n.min(self.max_instances) {
                let index = Node::new(span, NodeKind::Number(k.to_string()));
                out.push(Instance {
                    suffix: format!("[{k}]"),
                    bind: ("count", obj(vec![("index", index)])),
                });
            }
        } else if let Some(f) = block.body.get_attribute("for_each") {
            let coll = at.node(&f.value, span);
            let pairs: Vec<(String, Node, Node)> = match &coll.kind {
                // a set of strings: each.key is each.value
                NodeKind::Array(items) => {
                    let mut keys = Vec::with_capacity(items.len());
                    for item in items {
                        match &item.kind {
                            NodeKind::Str(crate::value::Value::Known(k)) => {
                                keys.push((k.clone(), item.clone()))
                            }
                            _ => return Expansion::Plain,
                        }
                    }
                    keys.sort_by(|a, b| a.0.cmp(&b.0));
                    keys.dedup_by(|a, b| a.0 == b.0);
                    keys.into_iter().map(|(k, n)| (k, n.clone(), n)).collect()
                }
                NodeKind::Object(_) => match super::eval::entries(&coll) {
                    Some(pairs) => {
                        let mut out = Vec::with_capacity(pairs.len());
                        for (k, v) in pairs {
                            match &k.kind {
                                NodeKind::Str(crate::value::Value::Known(name)) => {
                                    out.push((name.clone(), k.clone(), v))
                                }
                                _ => return Expansion::Plain,
                            }
                        }
                        out
                    }
                    None => return Expansion::Plain,
                },
                _ => return Expansion::Plain,
            };
            if pairs.is_empty() {
                return self.switched_off(&at, &f.value);
            }
            total = pairs.len();
            for (k, key, value) in pairs.into_iter().take(self.max_instances) {
                out.push(Instance {
                    suffix: format!("[{k:?}]"),
                    bind: ("each", obj(vec![("key", key), ("value", value)])),
                });
            }
        } else {
            return Expansion::Plain;
        }
        let dropped = total.saturating_sub(out.len());
        if dropped > 0 {
            eprintln!(
                "warning: {address}: {total} instances, only the first {} are read (--max-instances)",
                out.len()
            );
        }
        Expansion::Instances(out, dropped)
    }

    /// The expansion of a block switched off (`count = 0`, an empty `for_each`): one
    /// entity at its plain address while values from outside the scan (`-var`, a tfvars
    /// file not in the repository) could switch it on, that is in a root module, or in a
    /// called module when the switch reads an argument its caller computed from its own
    /// variables or locals; none when the caller's code decided it (a literal argument,
    /// or the module's default for an argument it does not pass), as Terraform creates
    /// none.
    fn switched_off(&'a self, ev: &Eval<'_>, switch: &Expression) -> Expansion {
        if self.outside_inputs.is_none() || self.reads_outside(&ev.source(switch)) {
            Expansion::Plain
        } else {
            Expansion::Instances(Vec::new(), 0)
        }
    }

    /// True when an expression of this module, by its source text, reads a variable
    /// that may take a value from outside the scan ([`Module::outside_variable`]),
    /// directly or through locals; also for `each.`, `count.`, `module.` and `data.`
    /// references, whose provenance is not followed.
    pub fn reads_outside(&'a self, text: &str) -> bool {
        let mut seen_locals: Vec<String> = Vec::new();
        let mut texts = vec![text.to_string()];
        while let Some(text) = texts.pop() {
            for (root, name) in references(&text) {
                match root {
                    "var" if self.outside_variable(&name) => return true,
                    "local" if !seen_locals.contains(&name) => {
                        if seen_locals.len() >= 64 {
                            return true;
                        }
                        match self.written_at("local", &name) {
                            Some((lev, expr)) => texts.push(lev.source(expr)),
                            None => return true,
                        }
                        seen_locals.push(name);
                    }
                    "each" | "count" | "module" | "data" => return true,
                    _ => {}
                }
            }
        }
        false
    }

    /// Marks this module as called, with the names of the arguments whose values its
    /// caller computed from values outside the scan may change (see
    /// [`Module::expansion`] on blocks switched off).
    pub fn set_outside_inputs(&mut self, names: std::collections::HashSet<String>) {
        self.outside_inputs = Some(names);
    }

    /// True when `var.name` may take a value from outside the scan: always in a root
    /// module, in a called one when its caller passed it a value computed from such.
    pub fn outside_variable(&self, name: &str) -> bool {
        self.outside_inputs
            .as_ref()
            .is_none_or(|names| names.contains(name))
    }

    /// The shape of the ARN of an IAM user, group, role or policy of this module, known
    /// only after apply but for its name: `arn:${partition}:iam::${account}:role/<path><name>`
    /// (`${partition}`, `${account_id}`) with the name and path the block gives (a resource with `count` / `for_each`, or
    /// whose name is not known, has none).
    pub fn arn_shape(&'a self, kind: &str, name: &str, ev: &Eval<'_>) -> Option<Value> {
        let segment = match kind {
            "aws_iam_user" => "user",
            "aws_iam_group" => "group",
            "aws_iam_role" => "role",
            "aws_iam_policy" => "policy",
            _ => return None,
        };
        let (i, block) = *self.resources.get(&format!("{kind}.{name}"))?;
        if block.body.get_attribute("count").is_some()
            || block.body.get_attribute("for_each").is_some()
        {
            return None;
        }
        let at = self.eval_in(i)?.nested_in(ev);
        let known = |key: &str| -> Option<Option<String>> {
            match block.body.get_attribute(key) {
                None => Some(None),
                Some(a) => match at.value(&a.value) {
                    Value::Known(s) => Some(Some(s)),
                    _ => None,
                },
            }
        };
        let entity = known("name")??;
        let path = known("path")?.unwrap_or_else(|| "/".to_string());
        if entity.is_empty() || !path.starts_with('/') || !path.ends_with('/') {
            return None;
        }
        Some(Value::entity_arn(&format!("{segment}{path}{entity}")))
    }

    /// Sets the values of input variables, as a `module` block passes them: each replaces
    /// the variable's default (names the module does not declare are ignored, as
    /// Terraform rejects them).
    pub fn set_inputs(&mut self, inputs: Vec<(String, Node)>) {
        for (name, value) in inputs {
            if self.declared(&name) {
                self.variable_sources.remove(&name);
                let value = self.typed(&name, value);
                self.variables.insert(name, value);
            }
        }
    }

    /// A value of variable `name` converted to its declared type, as far as
    /// [`Type::apply`] goes; as it is when the type is not written or not read.
    fn typed(&self, name: &str, value: Node) -> Node {
        match self.variable_types.get(name) {
            Some(ty) => ty.apply(value),
            None => value,
        }
    }

    fn declared(&self, name: &str) -> bool {
        self.variable_names.contains(name)
    }

    /// Sets the address prefix of everything this module declares (`module.ci.`,
    /// `module.ci["a"].module.inner.`); empty for a root module.
    pub fn set_prefix(&mut self, prefix: String) {
        self.prefix = prefix;
    }

    /// The address prefix of this module's resources.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Sets `path.root` for a called module: the root module's directory.
    pub fn set_root_dir(&mut self, dir: Option<String>) {
        self.root_dir = dir;
    }

    /// `path.root`: `"."` in a root module, the root's directory in a called one.
    pub fn root_dir(&self) -> Option<&str> {
        if self.prefix.is_empty() {
            Some(".")
        } else {
            self.root_dir.as_deref()
        }
    }

    /// The `module` blocks of this module.
    pub fn calls(&self) -> &[Call<'a>] {
        &self.calls
    }

    /// True when some expression of the module may read a module output.
    pub fn reads_module_outputs(&self) -> bool {
        !self.calls.is_empty() && self.sources.iter().any(|s| s.text.contains("module."))
    }

    /// Sets the outputs of the modules this module calls (call name -> its output
    /// object, or a list / map of them for a call with `count` / `for_each`). Returns
    /// whether anything changed; if so the module must be settled again
    /// ([`Module::settle`]) before it is read.
    pub fn set_module_outputs(&self, outputs: HashMap<String, Node>) -> bool {
        if *self.module_outputs.borrow() == outputs {
            return false;
        }
        *self.module_outputs.borrow_mut() = outputs;
        self.settled.set(false);
        self.doc_values.borrow_mut().clear();
        self.expansions.borrow_mut().clear();
        self.local_values.borrow_mut().clear();
        true
    }

    /// `module.NAME`: the outputs of a called module, when it was evaluated.
    pub fn module_output(&self, name: &str, ev: &Eval<'_>) -> Option<Node> {
        let outputs = self.module_outputs.borrow();
        let n = outputs.get(name)?;
        ev.charge(size(n)).then(|| n.clone())
    }

    /// The module's `output` values, as an object (call after [`Module::settle`]).
    pub fn output_values(&'a self, span: Span) -> Node {
        let mut members = Vec::with_capacity(self.outputs.len());
        for (name, i, expr) in &self.outputs {
            let Some(ev) = self.eval_in(*i) else { continue };
            let at = ev.span_or(*expr, span);
            members.push((
                crate::parse::node::Key {
                    name: crate::value::Value::Known(name.clone()),
                    span: at,
                },
                ev.node(expr, at),
            ));
        }
        Node::new(span, NodeKind::Object(members))
    }

    /// Where files may be read from (`file`, `templatefile`, `path.*`), if anywhere.
    pub fn files(&self) -> Option<&FileAccess> {
        self.access.as_ref()
    }

    /// Records an evaluation error.
    pub fn note_error(&self) {
        self.errors.set(self.errors.get().saturating_add(1));
    }

    /// Errors recorded so far.
    pub fn errors(&self) -> u64 {
        self.errors.get()
    }

    /// Forgets errors recorded after a count (an error `try` caught).
    pub fn reset_errors(&self, to: u64) {
        self.errors.set(to);
    }

    /// Spends `steps` of the budget; false once it is used up.
    pub fn charge(&self, steps: usize) -> bool {
        let steps = u64::try_from(steps).unwrap_or(u64::MAX);
        match self.budget.get().checked_sub(steps) {
            Some(left) => {
                self.budget.set(left);
                true
            }
            None => {
                self.budget.set(0);
                false
            }
        }
    }
}

/// True when a tree nests deeper than `limit`.
fn deeper_than(n: &Node, limit: usize) -> bool {
    if limit == 0 {
        return true;
    }
    match &n.kind {
        NodeKind::Array(items) => items.iter().any(|c| deeper_than(c, limit - 1)),
        NodeKind::Object(members) => members.iter().any(|(_, c)| deeper_than(c, limit - 1)),
        NodeKind::Json(inner) => deeper_than(inner, limit - 1),
        _ => false,
    }
}

/// How many nodes a tree holds (the cost of copying it), counted up to a bound.
fn size(n: &Node) -> usize {
    fn count(n: &Node, total: &mut usize) {
        *total += 1;
        if *total > 1_000_000 {
            return;
        }
        match &n.kind {
            NodeKind::Array(items) => items.iter().for_each(|c| count(c, total)),
            NodeKind::Object(members) => members.iter().for_each(|(_, c)| count(c, total)),
            NodeKind::Json(inner) => count(inner, total),
            _ => {}
        }
    }
    let mut total = 0;
    count(n, &mut total);
    total
}

/// Stands for a reference to a data source among the names [`local_refs`] collects.
const DATA_REF: &str = "data.";

/// The order to evaluate locals in: each after the locals it refers to. Locals in a
/// reference cycle, or depending on one, are left out (they stay unknown). Also whether
/// some local refers to a data source (or is too deep to tell).
fn local_order(locals: &[(String, usize, &Expression)]) -> (Vec<usize>, bool) {
    let mut via_data = false;
    let index: HashMap<&str, usize> = locals
        .iter()
        .enumerate()
        .map(|(k, (name, _, _))| (name.as_str(), k))
        .collect();
    let deps: Vec<Vec<usize>> = locals
        .iter()
        .map(|(_, _, expr)| {
            let mut names = Vec::new();
            local_refs(expr, &mut names, 0);
            via_data |= names.contains(&DATA_REF);
            let mut d: Vec<usize> = names.iter().filter_map(|n| index.get(n).copied()).collect();
            d.sort_unstable();
            d.dedup();
            d
        })
        .collect();
    // Kahn's algorithm over "k depends on d"
    let mut waiting: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); locals.len()];
    for (k, d) in deps.iter().enumerate() {
        for &j in d {
            if let Some(u) = users.get_mut(j) {
                u.push(k);
            }
        }
    }
    let mut ready: Vec<usize> = (0..locals.len())
        .filter(|&k| waiting.get(k) == Some(&0))
        .rev()
        .collect();
    let mut order = Vec::with_capacity(locals.len());
    while let Some(k) = ready.pop() {
        order.push(k);
        for &u in users.get(k).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(w) = waiting.get_mut(u) {
                *w = w.saturating_sub(1);
                if *w == 0 {
                    ready.push(u);
                }
            }
        }
    }
    (order, via_data)
}

/// The names of the locals an expression refers to (`local.NAME`), and [`DATA_REF`] for a
/// reference to a data source or an expression too deep to read.
fn local_refs<'e>(expr: &'e Expression, out: &mut Vec<&'e str>, depth: usize) {
    use hcl_edit::expr::TraversalOperator;
    use hcl_edit::template::Element;
    if depth > 256 {
        out.push(DATA_REF);
        return;
    }
    let mut walk = |e: &'e Expression| local_refs(e, out, depth + 1);
    match expr {
        Expression::Array(items) => items.iter().for_each(walk),
        Expression::Object(object) => {
            for (k, v) in object.iter() {
                if let hcl_edit::expr::ObjectKey::Expression(e) = k {
                    local_refs(e, out, depth + 1);
                }
                local_refs(v.expr(), out, depth + 1);
            }
        }
        Expression::StringTemplate(t) => {
            for el in t.iter() {
                if let Element::Interpolation(i) = el {
                    local_refs(&i.expr, out, depth + 1);
                }
            }
        }
        Expression::HeredocTemplate(h) => {
            for el in h.template.iter() {
                if let Element::Interpolation(i) = el {
                    local_refs(&i.expr, out, depth + 1);
                }
            }
        }
        Expression::Parenthesis(p) => walk(p.inner()),
        Expression::Conditional(c) => {
            local_refs(&c.cond_expr, out, depth + 1);
            local_refs(&c.true_expr, out, depth + 1);
            local_refs(&c.false_expr, out, depth + 1);
        }
        Expression::FuncCall(call) => call.args.iter().for_each(walk),
        Expression::Traversal(t) => {
            if let (Some("local"), Some(TraversalOperator::GetAttr(name))) = (
                t.expr.as_variable().map(|v| v.as_str()),
                t.operators.first().map(|op| op.value()),
            ) {
                out.push(name.as_str());
            } else if t.expr.as_variable().is_some_and(|v| v.as_str() == "data") {
                out.push(DATA_REF);
            } else {
                local_refs(&t.expr, out, depth + 1);
            }
            for op in &t.operators {
                if let TraversalOperator::Index(e) = op.value() {
                    local_refs(e, out, depth + 1);
                }
            }
        }
        Expression::UnaryOp(op) => walk(&op.expr),
        Expression::BinaryOp(op) => {
            local_refs(&op.lhs_expr, out, depth + 1);
            local_refs(&op.rhs_expr, out, depth + 1);
        }
        Expression::ForExpr(f) => {
            local_refs(&f.intro.collection_expr, out, depth + 1);
            if let Some(k) = &f.key_expr {
                local_refs(k, out, depth + 1);
            }
            local_refs(&f.value_expr, out, depth + 1);
            if let Some(c) = &f.cond {
                local_refs(&c.expr, out, depth + 1);
            }
        }
        Expression::Null(_)
        | Expression::Bool(_)
        | Expression::Number(_)
        | Expression::String(_)
        | Expression::Variable(_) => {}
    }
}

/// The `var.NAME`, `local.NAME`, `each.`, `count.`, `module.` and `data.` references in an
/// expression's source text.
fn references(text: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for root in ["var", "local", "each", "count", "module", "data"] {
        let pattern = format!("{root}.");
        let mut from = 0;
        while let Some(at) = text.get(from..).and_then(|t| t.find(&pattern)) {
            let start = from + at;
            from = start + pattern.len();
            let word_before = start > 0
                && bytes
                    .get(start - 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.');
            if word_before {
                continue;
            }
            let name: String = text
                .get(from..)
                .unwrap_or("")
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            if !name.is_empty() {
                out.push((root, name));
            }
        }
    }
    out
}
