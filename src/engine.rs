//! The scan pipeline: discover → read and parse (parallel) → link → rules (parallel) →
//! fingerprint and sort → [`Report`].
//!
//! File ids follow the sorted path order, findings are sorted by path, line, column and
//! rule id, so the output is the same byte for byte whatever the thread count.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::discover::{self, InputKind};
use crate::error::Error;
use crate::model::{Document, Inventory};
use crate::parse;
use crate::report::{Finding, Report, Stats};
use crate::rules::{Ctx, RawFinding, Rule};
use crate::secrets::digest;
use crate::source::SourceMap;

/// What to scan and how.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// Files and directories.
    pub paths: Vec<PathBuf>,
    /// Globs of report paths to skip.
    pub exclude: Vec<String>,
    /// `--var-file` files, in the order they apply (Terraform variable values for the
    /// root modules scanned: every directory, for now).
    pub var_files: Vec<PathBuf>,
    /// `--var NAME=VALUE` arguments, in the order they apply (after the var files).
    pub vars: Vec<String>,
    /// Environment variables to take `TF_VAR_NAME` values from (the CLI passes the
    /// process environment; others are ignored).
    pub env: Vec<(String, String)>,
    /// Most instances a Terraform resource with `count` / `for_each` expands to (the
    /// first ones are kept, a warning goes to standard error); `None`: 1,000.
    pub max_instances: Option<usize>,
    /// `--cfn-param NAME=VALUE` arguments, in the order they apply (after the files).
    pub cfn_params: Vec<String>,
    /// CloudFormation parameter files, in the order they apply.
    pub cfn_param_files: Vec<PathBuf>,
}

impl ScanOptions {
    /// The variable values the options give, in Terraform's order: `TF_VAR_*` (below
    /// the tfvars files of a module), then the var files and `--var` arguments.
    pub fn var_values(&self) -> Result<parse::hcl::VarValues, Error> {
        use parse::hcl::vars;
        let mut out = parse::hcl::VarValues {
            env: vars::from_env(self.env.iter().cloned()),
            cli: Vec::new(),
        };
        for path in &self.var_files {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            let given = vars::from_file(&text).map_err(|message| {
                Error::Usage(format!("--var-file {}: {message}", path.display()))
            })?;
            out.cli.extend(given);
        }
        for arg in &self.vars {
            out.cli.push(vars::from_arg(arg).map_err(Error::Usage)?);
        }
        Ok(out)
    }

    /// The CloudFormation parameter values the options give: the files in order, then
    /// the `--cfn-param` arguments.
    pub fn cfn_param_values(&self) -> Result<parse::cfn::ParamValues, Error> {
        use parse::cfn::params;
        let mut out = parse::cfn::ParamValues::default();
        for path in &self.cfn_param_files {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            let given = params::from_file(&text).map_err(|message| {
                Error::Usage(format!("--cfn-params-file {}: {message}", path.display()))
            })?;
            out.values.extend(given);
        }
        for arg in &self.cfn_params {
            out.values
                .push(params::from_arg(arg).map_err(Error::Usage)?);
        }
        Ok(out)
    }
}

/// Reads, parses and links everything under the paths.
pub fn load(opts: &ScanOptions) -> Result<(SourceMap, Inventory, Stats), Error> {
    let outside = opts.var_values()?;
    let cfn_params = opts.cfn_param_values()?;
    let found = discover::discover(&opts.paths, &opts.exclude)?;
    let mut stats = Stats {
        files_skipped: found.skipped,
        ..Stats::default()
    };
    // read and classify every file, then parse: each Terraform module directory (its
    // `.tf` files with their `terraform.tfvars` / `*.auto.tfvars`) as one unit, every
    // other file alone; units in parallel, results back in file id order
    let read: Vec<(String, Option<InputKind>, Option<String>)> = found
        .candidates
        .par_iter()
        .map(|c| match std::fs::read(&c.path) {
            Ok(bytes) => {
                let text = match String::from_utf8(bytes) {
                    Ok(s) => s,
                    Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
                };
                let kind = discover::classify(&c.path, &text);
                (text, kind, None)
            }
            Err(e) => (String::new(), Some(InputKind::Hcl), Some(e.to_string())),
        })
        .collect();
    let units = units(&found.candidates, &read);
    let mut parsed: Vec<(usize, Inventory)> = units
        .par_iter()
        .flat_map_iter(|unit| {
            parse_unit(
                unit,
                &found.candidates,
                &read,
                (&outside, &cfn_params),
                opts,
            )
        })
        .collect();
    parsed.sort_by_key(|(i, _)| *i);
    let mut parsed = parsed.into_iter().peekable();

    let mut sources = SourceMap::default();
    let mut inventory = Inventory::default();
    for (i, (c, (text, kind, _))) in found.candidates.iter().zip(read).enumerate() {
        match kind {
            Some(_) => stats.files_scanned += 1,
            None => stats.files_skipped += 1,
        }
        sources.add(c.path.clone(), c.rel_path.clone(), text);
        while let Some((_, inv)) = parsed.next_if(|(j, _)| *j == i) {
            inventory.append(inv);
        }
    }
    crate::link::link(&mut inventory);
    stats.entities = inventory.entity_count();
    stats.parse_errors = inventory.parse_errors.len();
    for p in &inventory.policies {
        match p.document {
            Document::Parsed(_) => stats.policies_parsed += 1,
            Document::Unknown { .. } => stats.values_unknown += 1,
            Document::Invalid { .. } => {}
        }
    }
    stats.values_unknown += inventory
        .attachments
        .iter()
        .filter(|a| matches!(a.policy, crate::model::Ref::Unknown(_)))
        .count();
    Ok((sources, inventory, stats))
}

/// Runs rules over a linked inventory; returns findings fingerprinted and sorted.
pub fn check(sources: &SourceMap, inventory: &Inventory, rules: &[&dyn Rule]) -> Vec<Finding> {
    let from_statements: Vec<RawFinding> = inventory
        .policies
        .par_iter()
        .flat_map_iter(|policy| {
            let mut cx = Ctx::new(inventory);
            if let Document::Parsed(doc) = &policy.document {
                for st in &doc.statements {
                    for rule in rules {
                        rule.check_statement(st, policy, &mut cx);
                    }
                }
            }
            cx.into_findings()
        })
        .collect();
    let from_inventory: Vec<RawFinding> = rules
        .par_iter()
        .flat_map_iter(|rule| {
            let mut cx = Ctx::new(inventory);
            rule.check_inventory(inventory, &mut cx);
            cx.into_findings()
        })
        .collect();
    finish(
        sources,
        from_statements.into_iter().chain(from_inventory).collect(),
    )
}

/// Sorts, removes exact duplicates and fingerprints findings.
fn finish(sources: &SourceMap, mut raw: Vec<RawFinding>) -> Vec<Finding> {
    raw.sort_by(|a, b| {
        (
            sources.rel_path(a.span.file),
            a.span.start,
            a.rule.id,
            a.span.end,
            &a.message,
        )
            .cmp(&(
                sources.rel_path(b.span.file),
                b.span.start,
                b.rule.id,
                b.span.end,
                &b.message,
            ))
    });
    raw.dedup_by(|a, b| a.rule.id == b.rule.id && a.span == b.span && a.message == b.message);
    let mut seen: HashMap<String, usize> = HashMap::new();
    raw.into_iter()
        .map(|f| {
            let normalized: String = crate::secrets::redact_text(sources.snippet(f.span))
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let base = format!(
                "{:016x}",
                digest(&format!(
                    "{}\u{0}{}\u{0}{}\u{0}{}",
                    f.rule.id,
                    sources.rel_path(f.span.file),
                    f.address,
                    normalized
                ))
            );
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let fingerprint = format!("{base}:{n}");
            Finding {
                rule: f.rule,
                span: f.span,
                address: f.address,
                message: f.message,
                fingerprint,
            }
        })
        .collect()
}

/// Loads, checks and builds the report.
pub fn scan(opts: &ScanOptions, rules: &[&dyn Rule]) -> Result<Report, Error> {
    let (mut sources, inventory, stats) = load(opts)?;
    let findings = check(&sources, &inventory, rules);
    // keep only the texts that reports will quote
    let mut keep = vec![false; sources.files().len()];
    let spans = findings
        .iter()
        .map(|f| f.span)
        .chain(inventory.parse_errors.iter().map(|e| e.span));
    for span in spans {
        if let Some(k) = keep.get_mut(span.file.0 as usize) {
            *k = true;
        }
    }
    for (i, k) in keep.iter().enumerate() {
        if !k {
            if let Some(f) = sources.get_mut(crate::source::FileId(i as u32)) {
                f.text = String::new();
            }
        }
    }
    let mut metas: Vec<_> = rules.iter().map(|r| r.meta()).collect();
    metas.sort_by_key(|m| m.id);
    Ok(Report::new(sources, findings, metas, stats, inventory))
}

/// Indices of files parsed together: one Terraform module directory, or one file.
fn units(
    candidates: &[discover::Candidate],
    read: &[(String, Option<InputKind>, Option<String>)],
) -> Vec<Vec<usize>> {
    let mut modules: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, (c, (_, kind, error))) in candidates.iter().zip(read).enumerate() {
        let module_file = error.is_none()
            && match kind {
                Some(InputKind::Hcl) => true,
                Some(InputKind::TfVars) => parse::hcl::is_module_tfvars(&c.rel_path),
                _ => false,
            };
        match kind {
            Some(k) if module_file => modules
                .entry(scope_of(&c.rel_path, *k))
                .or_default()
                .push(i),
            _ => out.push(vec![i]),
        }
    }
    out.extend(modules.into_values());
    out
}

/// Parses one unit; returns each file's fragment with its index.
fn parse_unit(
    unit: &[usize],
    candidates: &[discover::Candidate],
    read: &[(String, Option<InputKind>, Option<String>)],
    (outside, cfn_params): (&parse::hcl::VarValues, &parse::cfn::ParamValues),
    opts: &ScanOptions,
) -> Vec<(usize, Inventory)> {
    let mut inputs = Vec::with_capacity(unit.len());
    let mut out = Vec::new();
    let mut scopes = Vec::with_capacity(unit.len());
    for &i in unit {
        let (Some(c), Some((_, kind, error))) = (candidates.get(i), read.get(i)) else {
            continue;
        };
        let file = crate::source::FileId(u32::try_from(i).unwrap_or(u32::MAX));
        if let Some(e) = error {
            let mut inv = Inventory::default();
            inv.parse_errors.push(parse::whole_file_error(
                file,
                "",
                format!("cannot read: {e}"),
            ));
            out.push((i, inv));
            continue;
        }
        let Some(kind) = kind else {
            continue;
        };
        scopes.push((i, file, *kind, scope_of(&c.rel_path, *kind)));
    }
    for (i, file, kind, scope) in &scopes {
        let (Some(c), Some((text, _, _))) = (candidates.get(*i), read.get(*i)) else {
            continue;
        };
        inputs.push((
            *i,
            parse::Input {
                file: *file,
                rel_path: &c.rel_path,
                scope,
                text,
                kind: *kind,
            },
        ));
    }
    match inputs.as_slice() {
        [] => {}
        [(i, input)] if !matches!(input.kind, InputKind::Hcl | InputKind::TfVars) => {
            out.push((*i, parse::parse_with(*input, cfn_params)))
        }
        _ => {
            let only: Vec<parse::Input<'_>> = inputs.iter().map(|(_, input)| *input).collect();
            // files are read relative to the module directory, never outside the roots
            let access = inputs
                .first()
                .and_then(|(i, _)| candidates.get(*i))
                .and_then(|c| c.path.parent())
                .and_then(|dir| {
                    let dir = if dir.as_os_str().is_empty() {
                        std::path::Path::new(".")
                    } else {
                        dir
                    };
                    parse::hcl::FileAccess::new(dir, &opts.paths)
                });
            let max = opts
                .max_instances
                .unwrap_or(parse::hcl::module::DEFAULT_MAX_INSTANCES);
            let parsed = parse::parse_module_with(&only, outside, access, max);
            for ((i, _), inv) in inputs.iter().zip(parsed) {
                out.push((*i, inv));
            }
        }
    }
    out
}

/// The scope references resolve in: a Terraform file's directory; other formats, the file.
fn scope_of(rel_path: &str, kind: InputKind) -> String {
    match kind {
        InputKind::Hcl | InputKind::TfJson | InputKind::TfVars => match rel_path.rfind('/') {
            Some(i) => rel_path[..i].to_string(),
            None => String::new(),
        },
        _ => rel_path.to_string(),
    }
}
