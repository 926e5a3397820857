//! Rule packs: rules written in YAML instead of Rust (`docs/rule-language.md`).
//!
//! A pack names its rules' entity kind ([`fields`]) and clauses over its fields
//! ([`lang`]); [`load`] reads a pack file, [`eval`] decides a clause in three states.
//! A loaded rule is a [`PackRule`], which implements the same [`Rule`] trait as the
//! built-in rules, so reports, SARIF, suppressions and baselines treat both alike.
//!
//! The shipped packs under `rulepacks/` are embedded in the binary; [`Catalogue`] is the
//! set of rules a command runs with: built-in, shipped and user packs.

pub mod eval;
pub mod fields;
pub mod lang;
pub mod load;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::error::Error;
use crate::model::Inventory;
use crate::rules::{registry, Ctx, Rule, RuleMeta};

use fields::{FieldDef, Kind};
use lang::Clause;

/// The packs shipped in the binary: (path shown in docs, text).
pub const SHIPPED: &[(&str, &str)] = &[(
    "rulepacks/iam-baseline.yaml",
    include_str!("../../rulepacks/iam-baseline.yaml"),
)];

/// The pack name of the rules written in Rust, for `--only-pack`.
pub const BUILTIN_PACK: &str = "builtin";

/// A loaded pack.
#[derive(Debug)]
pub struct Pack {
    /// Its name (`org-baseline`).
    pub name: &'static str,
    /// Its rules, in file order.
    pub rules: Vec<PackRule>,
}

/// A piece of a finding message.
#[derive(Debug, Clone)]
pub enum Piece {
    /// Literal text.
    Text(String),
    /// A field's value (`{name}`).
    Field(&'static FieldDef),
}

/// One rule of a pack.
#[derive(Debug)]
pub struct PackRule {
    /// Its metadata (kept for the life of the process, as built-in rules' are).
    pub meta: &'static RuleMeta,
    /// The pack it belongs to.
    pub pack: &'static str,
    kind: Kind,
    when: Clause,
    at: Option<&'static FieldDef>,
    message: Vec<Piece>,
    /// Line of its `id` in the pack file.
    pub line: usize,
    /// Column of its `id`.
    pub col: usize,
}

/// An error in a pack file, at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    /// The pack file.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.col, self.message
        )?;
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

impl Rule for PackRule {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        for e in fields::entities(self.kind, inv) {
            if eval::eval(&self.when, &e, inv) != eval::Truth::True {
                continue;
            }
            let span = self
                .at
                .and_then(|f| fields::get(&e, inv, f.name))
                .and_then(|(_, s)| s)
                .unwrap_or_else(|| e.span());
            let mut message = String::new();
            for p in &self.message {
                match p {
                    Piece::Text(t) => message.push_str(t),
                    Piece::Field(f) => message.push_str(
                        &fields::get(&e, inv, f.name).map_or_else(String::new, |(v, _)| v.render()),
                    ),
                }
            }
            cx.report(self.meta, span, e.address(), message);
        }
    }
}

/// The shipped packs with their default parameters, loaded once per process. Empty if
/// they do not load (a test makes sure they do).
pub fn shipped() -> &'static [PackRule] {
    static RULES: OnceLock<Vec<PackRule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut used = Vec::new();
        SHIPPED
            .iter()
            .filter_map(|(path, text)| {
                load::load(&load::Source { path, text }, &[], &mut used).ok()
            })
            .flat_map(|p| p.rules)
            .collect()
    })
}

/// User pack rules loaded in this process, so that a suppression comment or exception
/// naming one is recognised wherever rules are looked up ([`registry::find`]).
static LOADED: Mutex<Vec<&'static PackRule>> = Mutex::new(Vec::new());

/// A user pack rule loaded in this process, by id or name.
pub fn find_loaded(key: &str) -> Option<&'static dyn Rule> {
    let loaded = LOADED.lock().ok()?;
    loaded
        .iter()
        .find(|r| r.meta.id.eq_ignore_ascii_case(key) || r.meta.name.eq_ignore_ascii_case(key))
        .map(|r| *r as &'static dyn Rule)
}

/// What a command asked for: user packs, parameter values, pack selection.
#[derive(Debug, Clone, Default)]
pub struct PackOptions {
    /// `--rulepack PATH` files or directories (every `*.yaml` / `*.yml` in a directory).
    pub paths: Vec<PathBuf>,
    /// `--rulepack-param NAME=VALUE`.
    pub params: Vec<String>,
    /// `--only-pack NAME`: only these packs' rules (`builtin` for the Rust ones).
    pub only: Vec<String>,
}

/// Every rule a command can run: built-in rules and pack rules, in id order.
pub struct Catalogue {
    rules: Vec<(&'static str, &'static dyn Rule)>,
}

impl Catalogue {
    /// Built-in rules and the shipped packs with their defaults.
    pub fn standard() -> Catalogue {
        let mut rules: Vec<(&'static str, &'static dyn Rule)> = registry::BUILTIN
            .iter()
            .map(|r| (BUILTIN_PACK, *r))
            .chain(shipped().iter().map(|r| (r.pack, r as &'static dyn Rule)))
            .collect();
        rules.sort_by_key(|(_, r)| r.meta().id);
        Catalogue { rules }
    }

    /// Loads the shipped packs (with the parameter values given) and the user packs;
    /// every pack error at once, then a usage error.
    pub fn load(opts: &PackOptions) -> Result<Catalogue, Error> {
        if opts.paths.is_empty() && opts.params.is_empty() && opts.only.is_empty() {
            return Ok(Catalogue::standard());
        }
        let mut overrides = Vec::new();
        for p in &opts.params {
            let (k, v) = p
                .split_once('=')
                .ok_or_else(|| Error::Usage(format!("--rulepack-param {p:?}: write NAME=VALUE")))?;
            overrides.push((k.trim().to_string(), v.to_string()));
        }
        let mut used = vec![false; overrides.len()];
        let mut errors: Vec<PackError> = Vec::new();
        let mut packs: Vec<Pack> = Vec::new();
        let mut texts: Vec<(String, String)> = SHIPPED
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        for path in &opts.paths {
            for file in pack_files(path)? {
                let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
                    path: file.clone(),
                    source,
                })?;
                let cwd = std::env::current_dir().ok();
                texts.push((crate::discover::report_path(&file, cwd.as_deref()), text));
            }
        }
        for (path, text) in &texts {
            match load::load(&load::Source { path, text }, &overrides, &mut used) {
                Ok(p) => packs.push(p),
                Err(e) => errors.extend(e),
            }
        }
        for ((name, _), used) in overrides.iter().zip(&used) {
            if !used {
                return Err(Error::Usage(format!(
                    "--rulepack-param {name}: no pack declares a parameter `{name}`"
                )));
            }
        }
        let mut rules: Vec<(&'static str, &'static dyn Rule)> = registry::BUILTIN
            .iter()
            .map(|r| (BUILTIN_PACK, *r))
            .collect();
        for pack in packs {
            for rule in pack.rules {
                let clash = rules.iter().find(|(_, r)| {
                    r.meta().id.eq_ignore_ascii_case(rule.meta.id)
                        || r.meta().name.eq_ignore_ascii_case(rule.meta.name)
                });
                if let Some((_, other)) = clash {
                    errors.push(PackError {
                        path: rule.meta.source.to_string(),
                        line: rule.line,
                        col: rule.col,
                        message: format!(
                            "rule {} ({}) clashes with {} ({}) from {}",
                            rule.meta.id,
                            rule.meta.name,
                            other.meta().id,
                            other.meta().name,
                            other.meta().source
                        ),
                        hint: "ids and names are unique across every pack and the built-in rules"
                            .into(),
                    });
                    continue;
                }
                let rule: &'static PackRule = Box::leak(Box::new(rule));
                if let Ok(mut loaded) = LOADED.lock() {
                    loaded.push(rule);
                }
                rules.push((rule.pack, rule));
            }
        }
        if !errors.is_empty() {
            return Err(pack_errors(&errors));
        }
        for name in &opts.only {
            if !rules.iter().any(|(p, _)| p == name) {
                return Err(Error::Usage(format!("--only-pack {name}: no such pack")));
            }
        }
        if !opts.only.is_empty() {
            rules.retain(|(p, _)| opts.only.iter().any(|o| o == p));
        }
        rules.sort_by_key(|(_, r)| r.meta().id);
        Ok(Catalogue { rules })
    }

    /// Every rule, in id order.
    pub fn all(&self) -> Vec<&'static dyn Rule> {
        self.rules.iter().map(|(_, r)| *r).collect()
    }

    /// Metadata of every rule, in id order.
    pub fn metas(&self) -> Vec<&'static RuleMeta> {
        self.rules.iter().map(|(_, r)| r.meta()).collect()
    }

    /// A rule by id or name, case-insensitive.
    pub fn find(&self, key: &str) -> Option<&'static dyn Rule> {
        self.rules.iter().map(|(_, r)| *r).find(|r| {
            r.meta().id.eq_ignore_ascii_case(key) || r.meta().name.eq_ignore_ascii_case(key)
        })
    }

    /// The pack a rule belongs to (`builtin` for the Rust rules).
    pub fn pack_of(&self, id: &str) -> Option<&'static str> {
        self.rules
            .iter()
            .find(|(_, r)| r.meta().id == id)
            .map(|(p, _)| *p)
    }
}

/// The pack files of a `--rulepack` path: the file, or a directory's `*.yaml` / `*.yml`
/// files (not recursive), sorted.
pub fn pack_files(path: &Path) -> Result<Vec<PathBuf>, Error> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let dir = std::fs::read_dir(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out: Vec<PathBuf> = dir
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    out.sort();
    Ok(out)
}

/// The rules of the packs at a path, for `test-rules`: loaded with their default
/// parameters and not checked against the shipped packs (the shipped pack itself can be
/// tested). Pack errors are a usage error listing each at its place.
pub fn load_for_test(path: &Path) -> Result<Vec<&'static dyn Rule>, Error> {
    let mut errors = Vec::new();
    let mut out: Vec<&'static dyn Rule> = Vec::new();
    let cwd = std::env::current_dir().ok();
    for file in pack_files(path)? {
        let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
            path: file.clone(),
            source,
        })?;
        let shown = crate::discover::report_path(&file, cwd.as_deref());
        match load::load(
            &load::Source {
                path: &shown,
                text: &text,
            },
            &[],
            &mut [],
        ) {
            Ok(pack) => {
                for rule in pack.rules {
                    if out.iter().any(|r| r.meta().id == rule.meta.id) {
                        errors.push(PackError {
                            path: shown.clone(),
                            line: rule.line,
                            col: rule.col,
                            message: format!("duplicate rule `{}`", rule.meta.id),
                            hint: "ids are unique across packs".into(),
                        });
                        continue;
                    }
                    out.push(Box::leak(Box::new(rule)));
                }
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(pack_errors(&errors))
    }
}

/// One usage error listing pack errors.
fn pack_errors(errors: &[PackError]) -> Error {
    let mut errors = errors.to_vec();
    errors.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    Error::Usage(format!("the rule packs have errors:\n{}", text.join("\n")))
}
