//! A configuration: root modules and the local modules they call, evaluated per call.
//!
//! Every directory of `.tf` files in the scan is a [`Dir`]. A directory that another
//! directory of the scan calls (`module "ci" { source = "./modules/ci" }`) is a child
//! module: it is evaluated once per call (and per instance of a call with `count` /
//! `for_each`), with the call's arguments as its input variables, and everything it
//! declares is addressed below the call (`module.ci.aws_iam_role.deploy`,
//! `module.ci["a"].aws_iam_role.deploy`). The caller reads the child's `output` values
//! (`module.ci.role_arn`); references that cross a module boundary keep their module
//! path, so an attachment in the root still links to a role inside a module. Only a
//! root module reads `terraform.tfvars` and the variables given from outside.
//!
//! What stays unresolved is recorded as a [`Note`] at the call: a source that is not a
//! directory of the scan (a registry or git module, a path outside the scan roots), a
//! module that calls itself, the limit on module instances. Entities of the caller that
//! depend on such a module's outputs are unknown, never guessed.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use hcl_edit::structure::Body;

use super::eval::Bind;
use super::module::{Call, Expansion, Module, ModuleFile};
use super::resources::Reader;
use super::vars::VarValues;
use super::FileAccess;
use crate::discover::InputKind;
use crate::model::{Inventory, Note, ParseError};
use crate::parse::node::{Key, Node, NodeKind};
use crate::parse::Input;
use crate::source::{FileId, Span};
use crate::value::Value;

/// Most module evaluations (calls and their instances, at every depth) for one root.
pub const MAX_MODULE_INSTANCES: usize = 256;

/// Deepest chain of module calls followed.
pub const MAX_MODULE_DEPTH: usize = 16;

/// Rounds of re-evaluation when callers read their modules' outputs.
const MAX_OUTPUT_ROUNDS: usize = 3;

/// Arguments of a `module` block that are not input variables.
const META_ARGUMENTS: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

/// One directory of Terraform files.
#[derive(Debug, Clone)]
pub struct Dir<'a> {
    /// Its path as reports show it (`""` for the scan root).
    pub scope: &'a str,
    /// Its `.tf` files and its `terraform.tfvars` / `*.auto.tfvars` files.
    pub inputs: Vec<Input<'a>>,
    /// Where its `file(...)` calls may read.
    pub access: Option<FileAccess>,
    /// For a root where `terraform init` ran: the modules it installed
    /// (`.terraform/modules/modules.json`), as (module key such as `ci` or
    /// `ci.inner`, the scope of the directory holding its code).
    pub installed: Vec<(String, String)>,
    /// True for a directory of installed module code (`.terraform/modules/...`): not
    /// part of the scanned tree, read only through a call, and its findings point at
    /// the call.
    pub external: bool,
}

/// The directories of a scan, looked up by path.
pub struct Tree<'a> {
    dirs: Vec<Dir<'a>>,
    by_scope: HashMap<&'a str, usize>,
    shared: HashMap<usize, Parsed<'a>>,
}

/// What evaluating one root module produced.
#[derive(Debug, Default)]
pub struct Evaluated {
    /// Inventory fragments, by the file they were read from.
    pub fragments: Vec<(FileId, Inventory)>,
    /// The directories evaluated (the root and the modules it called).
    pub dirs: Vec<usize>,
    /// Files of installed modules read, each with the call in the scanned tree that
    /// reports about it point at.
    pub redirects: Vec<(FileId, Span)>,
}

/// The parsed files of one directory.
struct Parsed<'t> {
    texts: Vec<Cow<'t, str>>,
    bodies: Vec<Option<Result<Body, (usize, String)>>>,
}

impl<'a> Tree<'a> {
    /// A tree of these directories.
    pub fn new(dirs: Vec<Dir<'a>>) -> Self {
        let by_scope = dirs.iter().enumerate().map(|(i, d)| (d.scope, i)).collect();
        Tree {
            dirs,
            by_scope,
            shared: HashMap::new(),
        }
    }

    /// Parses once, up front and in parallel, the directories that several others call
    /// (a module every root uses), so each root does not parse them again. The others
    /// are parsed by the root that reads them, and dropped with it, which keeps memory
    /// bounded by what one root needs.
    pub fn parse_shared(&mut self, callees: &[Vec<usize>]) {
        use rayon::prelude::*;
        let n = self.dirs.len();
        let mut called = vec![false; n];
        for to in callees {
            for &j in to {
                if let Some(c) = called.get_mut(j) {
                    *c = true;
                }
            }
        }
        // how many roots reach each directory, through calls of calls too
        let mut callers = vec![0usize; n];
        let mut mark = vec![usize::MAX; n];
        for root in (0..n).filter(|&d| !called[d]) {
            let mut stack = vec![root];
            while let Some(d) = stack.pop() {
                match mark.get_mut(d) {
                    Some(m) if *m != root => *m = root,
                    _ => continue,
                }
                if let Some(c) = callers.get_mut(d) {
                    *c += 1;
                }
                stack.extend(callees.get(d).into_iter().flatten().copied());
            }
        }
        let many: Vec<usize> = (0..self.dirs.len())
            .filter(|&d| callers.get(d).is_some_and(|&c| c > 1))
            .collect();
        let dirs = &self.dirs;
        self.shared = many
            .par_iter()
            .filter_map(|&d| Some((d, parse_dir(dirs.get(d)?))))
            .collect();
    }

    /// The directories.
    pub fn dirs(&self) -> &[Dir<'a>] {
        &self.dirs
    }

    /// For each directory, the other directories it seems to call, from a quick look at
    /// the text for local `source` paths. A directory called here but never reached by
    /// a real call must still be evaluated as a root by the caller of
    /// [`Tree::evaluate`].
    pub fn callees(&self) -> Vec<Vec<usize>> {
        self.dirs
            .iter()
            .enumerate()
            .map(|(i, dir)| {
                let mut to: Vec<usize> = dir
                    .inputs
                    .iter()
                    .filter(|x| x.kind == InputKind::Hcl)
                    .flat_map(|input| local_sources(input.text))
                    .filter_map(|source| self.resolve(i, source))
                    .filter(|&j| j != i)
                    .collect();
                to.sort_unstable();
                to.dedup();
                to
            })
            .collect()
    }

    /// The directory a local module source names, relative to directory `from`.
    fn resolve(&self, from: usize, source: &str) -> Option<usize> {
        let base = self.dirs.get(from)?.scope;
        let path = join(base, source)?;
        self.by_scope.get(path.as_str()).copied()
    }

    /// The directory of the module installed for `root` under `key`.
    fn installed(&self, root: usize, key: &str) -> Option<usize> {
        let (_, scope) = self
            .dirs
            .get(root)?
            .installed
            .iter()
            .find(|(k, _)| k == key)?;
        self.by_scope.get(scope.as_str()).copied()
    }

    /// True for a directory of installed module code.
    pub fn is_external(&self, d: usize) -> bool {
        self.dirs.get(d).is_some_and(|x| x.external)
    }

    /// Evaluates directory `root` as a root module, with the modules it calls.
    pub fn evaluate(&self, root: usize, outside: &VarValues, max_instances: usize) -> Evaluated {
        let mut owned: HashMap<usize, Parsed<'_>> = HashMap::new();
        let mut queue = vec![root];
        if let Some(dir) = self.dirs.get(root) {
            queue.extend(
                dir.installed
                    .iter()
                    .filter_map(|(_, scope)| self.by_scope.get(scope.as_str()).copied()),
            );
        }
        let mut seen = HashSet::new();
        while let Some(d) = queue.pop() {
            if !seen.insert(d) || seen.len() > MAX_MODULE_INSTANCES {
                continue;
            }
            let Some(dir) = self.dirs.get(d) else {
                continue;
            };
            if !self.shared.contains_key(&d) && !owned.contains_key(&d) {
                owned.insert(d, parse_dir(dir));
            }
            let Some(p) = self.shared.get(&d).or_else(|| owned.get(&d)) else {
                continue;
            };
            let targets: Vec<usize> = p
                .bodies
                .iter()
                .flatten()
                .flatten()
                .flat_map(|body| body.blocks())
                .filter(|block| block.ident.as_str() == "module")
                .filter_map(|block| literal_source(&block.body).and_then(|s| self.resolve(d, &s)))
                .collect();
            queue.extend(targets);
        }
        let parsed: HashMap<usize, &Parsed<'_>> = seen
            .iter()
            .filter_map(|d| Some((*d, self.shared.get(d).or_else(|| owned.get(d))?)))
            .collect();
        let root_scope = self.dirs.get(root).map_or("", |d| d.scope);
        let run = Run {
            root,
            tree: self,
            parsed: &parsed,
            root_scope,
            max_instances,
            left: std::cell::Cell::new(MAX_MODULE_INSTANCES),
        };
        let mut out = Evaluated::default();
        let mut stack = vec![root];
        run.module(root, Place::default(), None, outside, &mut stack, &mut out);
        let mut seen = HashSet::new();
        out.dirs.retain(|d| seen.insert(*d));
        // each file's syntax errors once, whichever module read it
        for d in &out.dirs {
            let (Some(dir), Some(p)) = (self.dirs.get(*d), parsed.get(d)) else {
                continue;
            };
            for (input, body) in dir.inputs.iter().zip(&p.bodies) {
                if let Some(Err((offset, message))) = body {
                    let mut inv = Inventory::default();
                    inv.parse_errors.push(ParseError {
                        span: super::error_span(*input, *offset),
                        message: message.clone(),
                    });
                    out.fragments.push((input.file, inv));
                }
            }
        }
        out
    }
}

/// One evaluation of a root module and its calls.
struct Run<'r, 'a> {
    root: usize,
    tree: &'r Tree<'a>,
    parsed: &'r HashMap<usize, &'r Parsed<'r>>,
    root_scope: &'a str,
    max_instances: usize,
    left: std::cell::Cell<usize>,
}

/// Where a module is evaluated: its address prefix (`module.ci["a"].`), its key in
/// `modules.json` (`ci`), and for installed module code the call in the scanned tree.
#[derive(Debug, Clone, Default)]
struct Place {
    prefix: String,
    key: String,
    site: Option<Span>,
    /// For a called module, the arguments its caller computed from values outside the
    /// scan may change.
    outside: std::collections::HashSet<String>,
}

impl<'r, 'a> Run<'r, 'a> {
    /// Evaluates directory `d` with address prefix `prefix`: as the root when `inputs`
    /// is `None`, else as a module called with these inputs. Adds its fragments and
    /// those of the modules it calls to `out`; returns its outputs.
    fn module(
        &self,
        d: usize,
        place: Place,
        inputs: Option<Vec<(String, Node)>>,
        outside: &VarValues,
        stack: &mut Vec<usize>,
        out: &mut Evaluated,
    ) -> Option<Node> {
        let dir = self.tree.dirs.get(d)?;
        let parsed = self.parsed.get(&d)?;
        out.dirs.push(d);
        if let Some(site) = place.site {
            out.redirects
                .extend(dir.inputs.iter().map(|input| (input.file, site)));
        }
        let prefix = place.prefix.clone();
        let is_root = inputs.is_none();
        let tfvars = |input: &Input<'_>| {
            input.kind == InputKind::TfVars && super::is_module_tfvars(input.rel_path)
        };
        let mut order: Vec<usize> = (0..dir.inputs.len())
            .filter(|&i| is_root || dir.inputs.get(i).is_some_and(|x| !tfvars(x)))
            .collect();
        order.sort_by_key(|&i| {
            dir.inputs.get(i).map(|input| {
                (
                    tfvars(input),
                    !input.rel_path.ends_with("/terraform.tfvars")
                        && input.rel_path != "terraform.tfvars",
                    input.rel_path,
                )
            })
        });
        let files: Vec<ModuleFile<'_>> = order
            .iter()
            .filter_map(|&i| {
                let input = dir.inputs.get(i)?;
                Some(ModuleFile {
                    file: input.file,
                    text: parsed.texts.get(i)?,
                    body: parsed
                        .bodies
                        .get(i)
                        .and_then(Option::as_ref)
                        .and_then(|b| b.as_ref().ok()),
                    tfvars: tfvars(input),
                })
            })
            .collect();
        let none = VarValues::default();
        let mut module = Module::new(
            &files,
            if is_root { outside } else { &none },
            dir.access.clone(),
        );
        module.set_max_instances(self.max_instances);
        module.set_prefix(prefix.clone());
        if let Some(inputs) = inputs {
            module.set_inputs(inputs);
            module.set_outside_inputs(place.outside.clone());
            module.set_root_dir(
                self.tree
                    .dirs
                    .iter()
                    .find(|x| x.scope == self.root_scope)
                    .and_then(|x| x.access.as_ref())
                    .and_then(FileAccess::cwd),
            );
        }
        module.settle();

        let mut children = Evaluated::default();
        for _ in 0..MAX_OUTPUT_ROUNDS {
            children = Evaluated::default();
            let mut outputs = HashMap::new();
            for call in module.calls() {
                if let Some(o) = self.call(&module, d, call, &place, stack, &mut children) {
                    outputs.insert(call.name.to_string(), o);
                }
            }
            if !module.reads_module_outputs() || !module.set_module_outputs(outputs) {
                break;
            }
            module.settle();
        }
        out.fragments.append(&mut children.fragments);
        out.dirs.append(&mut children.dirs);
        out.redirects.append(&mut children.redirects);

        // this module's own entities
        for (pos, &i) in order.iter().enumerate() {
            let (Some(input), Some(Some(Ok(body)))) = (dir.inputs.get(i), parsed.bodies.get(i))
            else {
                continue;
            };
            if input.kind != InputKind::Hcl {
                continue;
            }
            let Some(ev) = module.eval_in(pos) else {
                continue;
            };
            let mut reader = Reader::new(ev, self.root_scope);
            for block in body.blocks() {
                match (block.ident.as_str(), block.labels.as_slice()) {
                    ("resource", [kind, name]) => {
                        reader.resource(block, kind.as_str(), name.as_str())
                    }
                    ("provider", [name]) if name.as_str() == "aws" && is_root => {
                        reader.provider(block)
                    }
                    ("output", [name]) => reader.output(block, name.as_str()),
                    _ => {}
                }
            }
            out.fragments.push((input.file, reader.finish()));
        }
        let span = dir
            .inputs
            .first()
            .map_or(Span::default(), |x| Span::new(x.file, 0, 0));
        Some(module.output_values(span))
    }

    /// Evaluates one `module` block of `caller` (in directory `d`): every instance of it.
    /// Returns the outputs the caller sees as `module.NAME`.
    fn call<'m>(
        &self,
        caller: &'m Module<'m>,
        d: usize,
        call: &Call<'m>,
        place: &Place,
        stack: &mut Vec<usize>,
        out: &mut Evaluated,
    ) -> Option<Node> {
        let prefix = place.prefix.as_str();
        let key = if place.key.is_empty() {
            call.name.to_string()
        } else {
            format!("{}.{}", place.key, call.name)
        };
        let ev = caller.eval_in(call.file)?;
        let span = ev.span_or(call.block, Span::default());
        let subject = format!("{prefix}module.{}", call.name);
        let note = |out: &mut Evaluated, cause: String| {
            let mut inv = Inventory::default();
            inv.notes.push(Note {
                span,
                subject: subject.clone(),
                cause,
            });
            out.fragments.push((span.file, inv));
        };
        let Some(source) = literal_source(&call.block.body) else {
            note(out, "the module's `source` is not a literal string".into());
            return None;
        };
        let local = self.tree.resolve(d, &source);
        // a registry or git module `terraform init` installed for this root
        let installed = local
            .is_none()
            .then(|| self.tree.installed(self.root, &key))
            .flatten();
        let Some(child) = local.or(installed) else {
            note(
                out,
                if is_local(&source) {
                    format!("module source `{source}` is not a directory of the scan")
                } else {
                    format!(
                        "module source `{source}` is not local: its code is not in the scan (`terraform init` installs it)"
                    )
                },
            );
            return None;
        };
        let site = if self.tree.is_external(child) {
            place.site.or(Some(span))
        } else {
            None
        };
        if stack.contains(&child) {
            note(
                out,
                format!("module source `{source}` calls itself: not followed"),
            );
            return None;
        }
        if stack.len() >= MAX_MODULE_DEPTH {
            note(
                out,
                format!("modules nested deeper than {MAX_MODULE_DEPTH}: not followed"),
            );
            return None;
        }
        let expansion = caller.call_expansion(call, &ev)?;
        let instances: Vec<(String, Option<Node>)> = match &expansion {
            Expansion::Plain => vec![(String::new(), None)],
            Expansion::Instances(instances, _) => instances
                .iter()
                .map(|i| (i.suffix.clone(), Some(i.bind.1.clone())))
                .collect(),
        };
        let mut by_instance = Vec::with_capacity(instances.len());
        for (suffix, bound) in instances {
            if self.left.get() == 0 {
                note(
                    out,
                    format!(
                        "more than {MAX_MODULE_INSTANCES} module instances: the rest are not read"
                    ),
                );
                return None;
            }
            self.left.set(self.left.get() - 1);
            let bind = bound.as_ref().map(|value| Bind {
                name: match &expansion {
                    Expansion::Instances(i, _) => i.first().map_or("each", |i| i.bind.0),
                    Expansion::Plain => "each",
                }
                .to_string(),
                value: value.clone(),
                parent: None,
            });
            let at = match &bind {
                Some(b) => ev.with_bind(b),
                None => ev,
            };
            let inputs: Vec<(String, Node)> = call
                .block
                .body
                .attributes()
                .filter(|a| !META_ARGUMENTS.contains(&a.key.as_str()))
                .map(|a| {
                    let s = at.span_or(&a.value, span);
                    (a.key.as_str().to_string(), at.node(&a.value, s))
                })
                .collect();
            let outside = call
                .block
                .body
                .attributes()
                .filter(|a| !META_ARGUMENTS.contains(&a.key.as_str()))
                .filter(|a| caller.reads_outside(&at.source(&a.value)))
                .map(|a| a.key.as_str().to_string())
                .collect();
            stack.push(child);
            let outputs = self.module(
                child,
                Place {
                    prefix: format!("{prefix}module.{}{suffix}.", call.name),
                    key: key.clone(),
                    site,
                    outside,
                },
                Some(inputs),
                &VarValues::default(),
                stack,
                out,
            );
            stack.pop();
            by_instance.push((bound, outputs));
        }
        match &expansion {
            Expansion::Plain => by_instance.pop().and_then(|(_, o)| o),
            Expansion::Instances(instances, dropped) => {
                if *dropped > 0 {
                    return None;
                }
                let counted = instances.first().is_some_and(|i| i.bind.0 == "count");
                if counted {
                    let items: Option<Vec<Node>> =
                        by_instance.into_iter().map(|(_, o)| o).collect();
                    Some(Node::new(span, NodeKind::Array(items?)))
                } else {
                    let mut members = Vec::with_capacity(by_instance.len());
                    for (bound, o) in by_instance {
                        let key = bound.as_ref().and_then(|b| b.get("key"))?;
                        let NodeKind::Str(Value::Known(k)) = &key.kind else {
                            return None;
                        };
                        members.push((
                            Key {
                                name: Value::Known(k.clone()),
                                span: key.span,
                            },
                            o?,
                        ));
                    }
                    Some(Node::new(span, NodeKind::Object(members)))
                }
            }
        }
    }
}

/// Parses the files of a directory.
fn parse_dir<'t>(dir: &Dir<'t>) -> Parsed<'t> {
    // hcl-edit rejects a byte order mark; three spaces keep every offset the same
    let texts: Vec<Cow<'t, str>> = dir
        .inputs
        .iter()
        .map(|input| match input.text.strip_prefix('\u{feff}') {
            Some(rest) => Cow::Owned(format!("   {rest}")),
            None => Cow::Borrowed(input.text),
        })
        .collect();
    let bodies = dir
        .inputs
        .iter()
        .zip(&texts)
        .map(|(input, text)| {
            matches!(input.kind, InputKind::Hcl | InputKind::TfVars)
                .then(|| super::parse_body(text))
        })
        .collect();
    Parsed { texts, bodies }
}

/// The `source` of a module block, when it is a literal string (Terraform requires it).
fn literal_source(body: &Body) -> Option<String> {
    match &body.get_attribute("source")?.value {
        hcl_edit::expr::Expression::String(s) => Some(s.value().to_string()),
        hcl_edit::expr::Expression::StringTemplate(t) => {
            let mut out = String::new();
            for el in t.iter() {
                match el {
                    hcl_edit::template::Element::Literal(l) => out.push_str(l.value()),
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// True for a local path source (`./x`, `../x`).
fn is_local(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../") || source == "." || source == ".."
}

/// `base/source` cleaned of `.` and `..`; `None` for a source that is not a local path
/// or that climbs above the scan root.
fn join(base: &str, source: &str) -> Option<String> {
    if !is_local(source) {
        return None;
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in source.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    Some(if base.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    })
}

/// Local module sources written in a file: the quick look of [`Tree::called`].
fn local_sources(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|line| {
        let rest = line.trim_start().strip_prefix("source")?;
        let rest = rest.trim_start().strip_prefix('=')?.trim_start();
        let rest = rest.strip_prefix('"')?;
        let value = &rest[..rest.find('"')?];
        is_local(value).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Ref};

    /// Evaluates `files` (path, text) with the directory of the first as the root;
    /// returns the merged inventory.
    fn evaluate(files: &[(&str, &str)]) -> Inventory {
        let scopes: Vec<String> = files
            .iter()
            .map(|(p, _)| p.rsplit_once('/').map_or("", |(d, _)| d).to_string())
            .collect();
        let mut dirs: Vec<Dir<'_>> = Vec::new();
        for (i, ((path, text), scope)) in files.iter().zip(&scopes).enumerate() {
            let input = Input {
                file: FileId(i as u32),
                rel_path: path,
                scope,
                text,
                kind: InputKind::Hcl,
            };
            match dirs.iter_mut().find(|d| d.scope == scope.as_str()) {
                Some(d) => d.inputs.push(input),
                None => dirs.push(Dir {
                    scope,
                    inputs: vec![input],
                    access: None,
                    installed: Vec::new(),
                    external: false,
                }),
            }
        }
        let tree = Tree::new(dirs);
        let mut inv = Inventory::default();
        for (_, f) in tree.evaluate(0, &VarValues::default(), 100).fragments {
            inv.append(f);
        }
        inv
    }

    const CHILD: &str = r#"
variable "name" {}
variable "policy" { default = null }
resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy" "this" {
  role   = aws_iam_role.this.id
  policy = var.policy
}
output "role_name" { value = aws_iam_role.this.name }
output "greeting" { value = "hello ${var.name}" }
"#;

    #[test]
    fn modules_are_evaluated_per_call_with_their_inputs() {
        let root = r#"
module "ci" {
  source = "./modules/role"
  name   = "deploy"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}
module "team" {
  source   = "./modules/role"
  for_each = toset(["b", "a"])
  name     = "team-${each.key}"
}
resource "aws_iam_role_policy_attachment" "x" {
  role       = module.ci.role_name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
resource "aws_iam_user" "u" { name = module.team["a"].greeting }
"#;
        let inv = evaluate(&[("main.tf", root), ("modules/role/main.tf", CHILD)]);
        let roles: Vec<(String, String)> = inv
            .roles
            .iter()
            .map(|r| (r.origin.address.clone(), r.name.render()))
            .collect();
        assert_eq!(
            roles,
            vec![
                (
                    "module.ci.aws_iam_role.this".to_string(),
                    "deploy".to_string()
                ),
                (
                    r#"module.team["a"].aws_iam_role.this"#.to_string(),
                    "team-a".to_string()
                ),
                (
                    r#"module.team["b"].aws_iam_role.this"#.to_string(),
                    "team-b".to_string()
                ),
            ]
        );
        // every entity is in the root's scope, so references link across modules
        assert!(inv.roles.iter().all(|r| r.origin.scope.is_empty()));
        // the document passed in keeps the spans of the caller's file
        let inline = inv
            .policies
            .iter()
            .find(|p| p.origin.address == "module.ci.aws_iam_role_policy.this")
            .expect("inline policy");
        let Document::Parsed(doc) = &inline.document else {
            panic!("document not evaluated: {:?}", inline.document);
        };
        assert_eq!(doc.statements.len(), 1);
        assert_eq!(doc.statements[0].span.file, FileId(0));
        // an output that names a resource of the module links to it
        let a = inv.attachments.first().expect("attachment");
        assert_eq!(
            a.principal.target,
            Ref::Address {
                address: "module.ci.aws_iam_role.this".into(),
                attribute: "name".into()
            }
        );
        // an output with a known value is that value
        assert_eq!(inv.users[0].name.render(), "hello team-a");
    }

    #[test]
    fn unresolvable_and_recursive_modules_are_notes() {
        let root = r#"
module "remote" { source = "terraform-aws-modules/iam/aws" }
module "gone" { source = "./nowhere" }
module "loop" { source = "./modules/loop" }
"#;
        let looping = r#"
module "again" { source = "../loop" }
resource "aws_iam_user" "u" { name = "x" }
"#;
        let inv = evaluate(&[("main.tf", root), ("modules/loop/main.tf", looping)]);
        let notes: Vec<(&str, bool)> = inv
            .notes
            .iter()
            .map(|n| (n.subject.as_str(), n.cause.contains("calls itself")))
            .collect();
        assert_eq!(
            notes,
            vec![
                ("module.remote", false),
                ("module.gone", false),
                ("module.loop.module.again", true),
            ]
        );
        assert_eq!(inv.users.len(), 1);
        assert_eq!(inv.users[0].origin.address, "module.loop.aws_iam_user.u");
    }

    #[test]
    fn count_zero_calls_nothing() {
        let root = r#"
module "off" {
  source = "./m"
  count  = 0
  name   = "x"
}
"#;
        let inv = evaluate(&[("main.tf", root), ("m/main.tf", CHILD)]);
        assert!(inv.roles.is_empty());
    }

    #[test]
    fn blocks_switched_off_by_the_caller_have_no_instances() {
        let child = r#"
variable "create_key" {
  default = true
}
variable "users" {
  default = []
}
locals {
  users = toset(var.users)
}
resource "aws_iam_user" "this" {
  name = "u"
}
resource "aws_iam_access_key" "this" {
  count = var.create_key ? 1 : 0
  user  = aws_iam_user.this.name
}
resource "aws_iam_user" "listed" {
  for_each = local.users
  name     = each.key
}
"#;
        let root = r#"
variable "people" {
  default = []
}
# the caller switches the key off, and leaves `users` at the module's default
module "off" {
  source     = "./m"
  create_key = false
}
# `users` comes from a root variable that values from outside the scan may set
module "fed" {
  source = "./m"
  users  = var.people
}
"#;
        let inv = evaluate(&[("main.tf", root), ("m/main.tf", child)]);
        let keys: Vec<&str> = inv
            .access_keys
            .iter()
            .map(|k| k.origin.address.as_str())
            .collect();
        assert_eq!(keys, vec!["module.fed.aws_iam_access_key.this[0]"]);
        let mut users: Vec<&str> = inv
            .users
            .iter()
            .map(|u| u.origin.address.as_str())
            .collect();
        users.sort();
        assert_eq!(
            users,
            vec![
                "module.fed.aws_iam_user.listed",
                "module.fed.aws_iam_user.this",
                "module.off.aws_iam_user.this",
            ]
        );
    }

    #[test]
    fn module_inputs_take_the_variables_type() {
        let child = r#"
variable "statements" {
  type = list(object({
    actions     = optional(list(string))
    not_actions = optional(list(string))
    effect      = optional(string, "Allow")
  }))
}
resource "aws_iam_policy" "this" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [for s in var.statements : {
      Effect    = s.effect
      Action    = s.actions
      NotAction = s.not_actions
      Resource  = "*"
    }]
  })
}
"#;
        let root = r#"
module "m" {
  source     = "./modules/p"
  statements = [{ actions = ["s3:GetObject"] }, { not_actions = ["iam:*"], effect = "Deny" }]
}
"#;
        let inv = evaluate(&[("main.tf", root), ("modules/p/main.tf", child)]);
        let Some(Document::Parsed(doc)) = inv.policies.first().map(|p| &p.document) else {
            panic!("document not evaluated: {:?}", inv.policies);
        };
        let got: Vec<(String, bool, bool)> = doc
            .statements
            .iter()
            .map(|st| {
                (
                    format!("{:?}", st.effect),
                    // a null attribute (`"NotAction": null`) lists nothing
                    st.action.as_ref().is_some_and(|i| !i.items.is_empty()),
                    st.not_action.as_ref().is_some_and(|i| !i.items.is_empty()),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("Allow".to_string(), true, false),
                ("Deny".to_string(), false, true)
            ]
        );
    }

    #[test]
    fn joins_local_sources() {
        assert_eq!(
            join("envs/prod", "../../modules/ci").as_deref(),
            Some("modules/ci")
        );
        assert_eq!(join("", "./modules/ci/").as_deref(), Some("modules/ci"));
        assert_eq!(join("", "../outside"), None);
        assert_eq!(join("/tmp/x", "./m").as_deref(), Some("/tmp/x/m"));
        assert_eq!(join("a", "terraform-aws-modules/iam/aws"), None);
        assert_eq!(join("a", "git::https://x/y.git"), None);
    }

    #[test]
    fn finds_local_sources_in_text() {
        let text = "module \"a\" {\n  source = \"./m\"\n}\nmodule \"b\" {\n  source  = \"hashicorp/x\"\n}\n";
        assert_eq!(local_sources(text).collect::<Vec<_>>(), vec!["./m"]);
    }
}
