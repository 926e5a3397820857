//! The scan pipeline: discover → read and parse (parallel) → link → rules (parallel) →
//! fingerprint and sort → exceptions ([`crate::suppress`]) → baseline → [`Report`].
//!
//! File ids follow the sorted path order, findings are sorted by path, line, column and
//! rule id, so the output is the same byte for byte whatever the thread count.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, Thresholds};
use crate::discover::{self, InputKind};
use crate::error::Error;
use crate::model::{Document, Inventory};
use crate::parse;
use crate::report::{Finding, Report, Stats};
use crate::rules::{Ctx, RawFinding, Rule};
use crate::secrets::digest;
use crate::source::{FileId, SourceMap};

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
    /// Exceptions, baseline and today's date for the steps after the rules.
    pub config: Config,
    /// Counts parse units as they finish, for a progress bar.
    pub progress: Option<Arc<crate::progress::Counter>>,
    /// Collect what could not be evaluated into the report's notes.
    pub show_unknown: bool,
    /// `--plan-source` directories: the `.tf` sources of the plans scanned (scanned too,
    /// so plan findings point at them).
    pub plan_sources: Vec<PathBuf>,
    /// `--changes-only`: of plan findings, keep those the plan introduces or widens.
    pub changes_only: bool,
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
    let mut paths = opts.paths.clone();
    paths.extend(opts.plan_sources.iter().cloned());
    let found = discover::discover(&paths, &opts.exclude)?;
    let mut stats = Stats {
        files_skipped: found.skipped,
        ..Stats::default()
    };
    // read and classify every file, then parse: each Terraform module directory (its
    // `.tf` files with their `terraform.tfvars` / `*.auto.tfvars`) as one unit, every
    // other file alone; units in parallel, results back in file id order
    let read: Vec<Read> = found
        .candidates
        .par_iter()
        .map(|c| match std::fs::read(&c.path) {
            Ok(bytes) => {
                let text = match String::from_utf8(bytes) {
                    Ok(s) => s,
                    Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
                };
                let kind = discover::classify(&c.path, &text);
                let translated =
                    (kind == Some(InputKind::TfJson)).then(|| parse::hcl::tfjson::to_hcl(&text));
                Read {
                    text,
                    kind,
                    error: None,
                    translated,
                }
            }
            Err(e) => Read {
                text: String::new(),
                kind: Some(InputKind::Hcl),
                error: Some(e.to_string()),
                translated: None,
            },
        })
        .collect();
    // modules `terraform init` installed for a root (`.terraform/modules`): read like
    // scanned files, but only through the calls that use them
    let mut found = found;
    let mut read = read;
    let installed = installed_modules(&mut found.candidates, &mut read, &opts.paths);
    let (mut parsed, redirects) = parse_all(
        &found.candidates,
        &read,
        &installed,
        (&outside, &cfn_params),
        opts,
    );
    parsed.sort_by_key(|(i, _)| *i);
    let mut parsed = parsed.into_iter().peekable();

    let mut sources = SourceMap::default();
    let mut inventory = Inventory::default();
    for (i, (c, r)) in found.candidates.iter().zip(read).enumerate() {
        match r.kind {
            Some(_) => stats.files_scanned += 1,
            None => stats.files_skipped += 1,
        }
        let id = sources.add(c.path.clone(), c.rel_path.clone(), r.text);
        if let (Some(Ok((_, remap, _))), Some(f)) = (r.translated, sources.get_mut(id)) {
            f.remap = Some(remap);
        }
        while let Some((_, inv)) = parsed.next_if(|(j, _)| *j == i) {
            inventory.append(inv);
        }
    }
    // reports about installed module code point at the call that uses it
    for (file, site) in redirects {
        if let Some(f) = sources.get_mut(file) {
            f.redirect.get_or_insert(site);
        }
    }
    inventory.dedup_file_facts();
    parse::plan::redact_sensitive(&inventory, &mut sources);
    let plan_sources = parse::plan::sources::normalize_dirs(&opts.plan_sources);
    parse::plan::sources::attach(&mut inventory, &sources, &plan_sources);
    crate::link::link(&mut inventory);
    for plan in &mut inventory.plans {
        crate::link::link(&mut plan.before);
    }
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
    check_with(sources, inventory, rules, false)
}

/// [`check`], with `--changes-only` applied to plan findings when asked
/// ([`crate::changes`]).
pub fn check_with(
    sources: &SourceMap,
    inventory: &Inventory,
    rules: &[&dyn Rule],
    changes_only: bool,
) -> Vec<Finding> {
    check_configured(
        sources,
        inventory,
        rules,
        changes_only,
        Thresholds::default(),
    )
}

/// [`check_with`], the rules comparing against `thresholds`.
pub fn check_configured(
    sources: &SourceMap,
    inventory: &Inventory,
    rules: &[&dyn Rule],
    changes_only: bool,
    thresholds: Thresholds,
) -> Vec<Finding> {
    let raw = raw_findings_with(inventory, rules, thresholds);
    let raw = crate::changes::settle(raw, inventory, rules, changes_only, thresholds);
    finish(sources, raw)
}

/// Runs rules over a linked inventory; the findings as rules report them.
pub fn raw_findings(inventory: &Inventory, rules: &[&dyn Rule]) -> Vec<RawFinding> {
    raw_findings_with(inventory, rules, Thresholds::default())
}

/// [`raw_findings`], the rules comparing against `thresholds`.
pub fn raw_findings_with(
    inventory: &Inventory,
    rules: &[&dyn Rule],
    thresholds: Thresholds,
) -> Vec<RawFinding> {
    // one analysis for every rule that asks, statement rules included
    let analysis = std::sync::OnceLock::new();
    let from_statements: Vec<RawFinding> = inventory
        .policies
        .par_iter()
        .flat_map_iter(|policy| {
            let mut cx = Ctx::with_analysis(inventory, &analysis).with_thresholds(thresholds);
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
            let mut cx = Ctx::with_analysis(inventory, &analysis).with_thresholds(thresholds);
            rule.check_inventory(inventory, &mut cx);
            cx.into_findings()
        })
        .collect();
    from_statements.into_iter().chain(from_inventory).collect()
}

/// Sorts, removes exact duplicates and fingerprints findings.
fn finish(sources: &SourceMap, mut raw: Vec<RawFinding>) -> Vec<Finding> {
    raw.sort_by(|a, b| {
        order(sources, a.span, a.rule.id, &a.message)
            .cmp(&order(sources, b.span, b.rule.id, &b.message))
    });
    raw.dedup_by(|a, b| a.rule.id == b.rule.id && a.span == b.span && a.message == b.message);
    let mut seen: HashMap<String, usize> = HashMap::new();
    raw.into_iter()
        .map(|f| {
            let normalized = normalized(&crate::secrets::redact_text(sources.snippet(f.span)));
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
                related: f.related,
                steps: f.steps,
                fingerprint,
            }
        })
        .collect()
}

/// Code as a fingerprint sees it: outside double-quoted strings, without whitespace,
/// commas and `#` / `//` comments, so reformatting (`terraform fmt`, one attribute per
/// line, trailing commas) and adding a suppression comment keep a finding's identity.
fn normalized(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut chars = code.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '#' => while chars.next_if(|c| *c != '\n').is_some() {},
            '/' if chars.peek() == Some(&'/') => while chars.next_if(|c| *c != '\n').is_some() {},
            c if c.is_whitespace() || c == ',' => {}
            c => out.push(c),
        }
    }
    out
}

/// The report order: path, position, rule id, end, message.
fn order<'a>(
    sources: &'a SourceMap,
    span: crate::source::Span,
    rule: &'a str,
    message: &'a str,
) -> (&'a str, u32, &'a str, u32, &'a str) {
    (
        sources.rel_path(span.file),
        span.start,
        rule,
        span.end,
        message,
    )
}

/// Loads, checks, applies exceptions and the baseline, and builds the report.
pub fn scan(opts: &ScanOptions, rules: &[&dyn Rule]) -> Result<Report, Error> {
    let (mut sources, inventory, stats) = load(opts)?;
    let cfg = &opts.config;
    let findings = check_configured(
        &sources,
        &inventory,
        rules,
        opts.changes_only,
        cfg.thresholds,
    );
    let mut metas: Vec<_> = rules.iter().map(|r| r.meta()).collect();
    metas.sort_by_key(|m| m.id);
    // the exceptions file becomes a source, so findings about its entries have lines
    let mut external = cfg.exceptions.clone();
    if let Some(file) = &cfg.exceptions_file {
        let rel = discover::report_path(&file.path, std::env::current_dir().ok().as_deref());
        let id = sources.add(file.path.clone(), rel, file.text.clone());
        external.extend(file.exceptions.iter().cloned().map(|mut e| {
            e.span.file = id;
            e
        }));
    }
    let outcome = crate::suppress::apply(
        &sources,
        &inventory,
        findings,
        &metas,
        &external,
        cfg.exception_policy,
        cfg.today(),
    );
    let mut findings = outcome.kept;
    findings.extend(finish(&sources, outcome.about_exceptions));
    findings.sort_by(|a, b| {
        order(&sources, a.span, a.rule.id, &a.message)
            .cmp(&order(&sources, b.span, b.rule.id, &b.message))
    });
    let mut baselined = 0;
    if let Some(baseline) = &cfg.baseline {
        let before = findings.len();
        findings.retain(|f| !baseline.contains(f));
        baselined = before - findings.len();
    }
    let notes = if opts.show_unknown {
        crate::report::unknown::collect(&inventory)
    } else {
        Vec::new()
    };
    // keep only the texts that reports will quote or locate
    let mut keep = vec![false; sources.files().len()];
    let spans = findings
        .iter()
        .chain(outcome.suppressed.iter().map(|s| &s.finding))
        .flat_map(|f| {
            // related locations and path steps are located too, often in other files
            std::iter::once(f.span).chain(f.related.iter().chain(&f.steps).map(|r| r.span))
        })
        .chain(outcome.suppressed.iter().map(|s| s.at))
        .chain(inventory.parse_errors.iter().map(|e| e.span))
        .chain(notes.iter().map(|n| n.span));
    for span in spans {
        // the file a report quotes (a redirected file's call site) and the file itself
        for file in [span.file, sources.original(span).file] {
            if let Some(k) = keep.get_mut(file.0 as usize) {
                *k = true;
            }
        }
    }
    for (i, k) in keep.iter().enumerate() {
        if !k {
            if let Some(f) = sources.get_mut(crate::source::FileId(i as u32)) {
                f.text = String::new();
            }
        }
    }
    let mut suppressed = outcome.suppressed;
    if !cfg.severity.is_empty() {
        let over = |m: &'static crate::rules::RuleMeta| {
            cfg.severity
                .iter()
                .find(|(id, _)| *id == m.id)
                .map_or(m, |(_, s)| crate::config::with_severity(m, *s))
        };
        for f in findings
            .iter_mut()
            .chain(suppressed.iter_mut().map(|s| &mut s.finding))
        {
            f.rule = over(f.rule);
        }
        for m in &mut metas {
            *m = over(m);
        }
    }
    let mut report = Report::new(sources, findings, metas, stats, inventory);
    report.set_suppressed(suppressed);
    report.baselined = baselined;
    report.notes = notes;
    Ok(report)
}

/// Every file's fragments (by file index), and the files of installed modules with the
/// call their reports point at.
type Parsed = (Vec<(usize, Inventory)>, Vec<(FileId, crate::source::Span)>);

/// One file as read: its text, what it holds, why it could not be read, and for a
/// `.tf.json` file the native syntax it stands for (or why it has none).
struct Read {
    text: String,
    kind: Option<InputKind>,
    error: Option<String>,
    translated: Option<Result<parse::hcl::tfjson::Translation, parse::hcl::tfjson::Error>>,
}

/// Parses every file: each Terraform directory that no other directory of the scan calls
/// as a root module, with the local modules it calls (see [`parse::hcl::tree`]); every
/// other file alone. Returns each file's fragments with its index (a file read by
/// several root modules has several).
fn parse_all(
    candidates: &[discover::Candidate],
    read: &[Read],
    installed: &HashMap<String, Vec<(String, String)>>,
    (outside, cfn_params): (&parse::hcl::VarValues, &parse::cfn::ParamValues),
    opts: &ScanOptions,
) -> Parsed {
    let external: std::collections::HashSet<&str> = installed
        .values()
        .flatten()
        .map(|(_, scope)| scope.as_str())
        .collect();
    let mut dirs: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut alone = Vec::new();
    let mut out = Vec::new();
    let scopes: Vec<String> = candidates
        .iter()
        .zip(read)
        .map(|(c, r)| scope_of(&c.rel_path, r.kind.unwrap_or(InputKind::Hcl)))
        .collect();
    for (i, (c, r)) in candidates.iter().zip(read).enumerate() {
        let file = FileId(u32::try_from(i).unwrap_or(u32::MAX));
        let kind = r.kind;
        if let Some(e) = &r.error {
            let mut inv = Inventory::default();
            inv.parse_errors.push(parse::whole_file_error(
                file,
                "",
                format!("cannot read: {e}"),
            ));
            out.push((i, inv));
            continue;
        }
        // a `.tf.json` file that is not JSON, or strings of it that are not templates
        let (problems, translated) = match &r.translated {
            Some(Err(e)) => (std::slice::from_ref(e), false),
            Some(Ok((_, _, problems))) => (problems.as_slice(), true),
            None => (&[][..], true),
        };
        if !problems.is_empty() {
            let mut inv = Inventory::default();
            for e in problems {
                // offsets of the JSON, or for a translated file, of its translation
                let len = match &r.translated {
                    Some(Ok((hcl, _, _))) => hcl.len(),
                    _ => r.text.len(),
                };
                let at = e.offset.min(len);
                inv.parse_errors.push(crate::model::ParseError {
                    span: crate::source::Span::new(file, at, (at + 1).min(len)),
                    message: e.message.clone(),
                });
            }
            out.push((i, inv));
        }
        if !translated {
            continue;
        }
        let module_file = match kind {
            Some(InputKind::Hcl | InputKind::TfJson) => true,
            Some(InputKind::TfVars) => parse::hcl::is_module_tfvars(&c.rel_path),
            _ => false,
        };
        match (kind, scopes.get(i)) {
            (Some(_), Some(scope)) if module_file => dirs.entry(scope.clone()).or_default().push(i),
            (Some(_), _) => alone.push(i),
            (None, _) => {}
        }
    }
    let input = |i: usize| -> Option<parse::Input<'_>> {
        let (c, r, scope) = (candidates.get(i)?, read.get(i)?, scopes.get(i)?);
        // a `.tf.json` file is read as the native syntax it stands for
        let (text, kind) = match &r.translated {
            Some(Ok((hcl, _, _))) => (hcl.as_str(), InputKind::Hcl),
            Some(Err(_)) => return None,
            None => (r.text.as_str(), r.kind?),
        };
        Some(parse::Input {
            file: FileId(u32::try_from(i).ok()?),
            rel_path: &c.rel_path,
            scope,
            text,
            kind,
        })
    };
    let progress = opts.progress.as_ref();
    if let Some(p) = progress {
        p.set_total(alone.len() + dirs.len());
    }
    let (templates, alone): (Vec<usize>, Vec<usize>) = alone.into_iter().partition(|&i| {
        matches!(
            read.get(i).and_then(|r| r.kind),
            Some(InputKind::CfnJson | InputKind::CfnYaml)
        )
    });
    out.extend(
        alone
            .par_iter()
            .filter_map(|&i| {
                let inv = parse::parse_with(input(i)?, cfn_params);
                if let Some(p) = progress {
                    p.inc();
                }
                Some((i, inv))
            })
            .collect::<Vec<_>>(),
    );
    let inputs: Vec<(usize, parse::Input<'_>)> = templates
        .iter()
        .filter_map(|&i| Some((i, input(i)?)))
        .collect();
    out.extend(parse_templates(&inputs, candidates, cfn_params, opts));
    // the text of every Terraform file is searched for credentials once
    let module_files: Vec<usize> = dirs.values().flatten().copied().collect();
    out.extend(
        module_files
            .par_iter()
            .filter_map(|&i| Some((i, parse::credentials(input(i)?))))
            .collect::<Vec<_>>(),
    );
    let tree_dirs: Vec<parse::hcl::tree::Dir<'_>> = dirs
        .iter()
        .map(|(scope, files)| {
            // files are read relative to the module directory, never outside the roots
            let access = files
                .first()
                .and_then(|i| candidates.get(*i))
                .and_then(|c| c.path.parent())
                .and_then(|dir| {
                    let dir = if dir.as_os_str().is_empty() {
                        std::path::Path::new(".")
                    } else {
                        dir
                    };
                    parse::hcl::FileAccess::new(dir, &opts.paths)
                });
            parse::hcl::tree::Dir {
                scope,
                inputs: files.iter().filter_map(|&i| input(i)).collect(),
                access,
                installed: installed.get(scope).cloned().unwrap_or_default(),
                external: external.contains(scope.as_str()),
            }
        })
        .collect();
    let mut tree = parse::hcl::tree::Tree::new(tree_dirs);
    let max = opts
        .max_instances
        .unwrap_or(parse::hcl::module::DEFAULT_MAX_INSTANCES);
    let callees = tree.callees();
    tree.parse_shared(&callees);
    let tree = tree;
    // the directories that no directory among `open` calls
    let roots_among = |open: &[bool]| -> Vec<usize> {
        let mut called = vec![false; open.len()];
        for (d, to) in callees.iter().enumerate() {
            if open.get(d) == Some(&true) {
                for &j in to {
                    if let Some(c) = called.get_mut(j) {
                        *c = true;
                    }
                }
            }
        }
        (0..open.len()).filter(|&d| open[d] && !called[d]).collect()
    };
    let evaluate = |roots: Vec<usize>| -> Vec<parse::hcl::tree::Evaluated> {
        roots
            .par_iter()
            .map(|&r| {
                let e = tree.evaluate(r, outside, max);
                if let Some(p) = progress {
                    // a module called from several roots counts more than once: the
                    // bar is a guide, not a tally
                    e.dirs.iter().for_each(|_| p.inc());
                }
                e
            })
            .collect()
    };
    // installed module code is read only through the calls that use it
    let mut done: Vec<bool> = (0..tree.dirs().len())
        .map(|d| tree.is_external(d))
        .collect();
    let all: Vec<bool> = done.iter().map(|d| !d).collect();
    let mut results = evaluate(roots_among(&all));
    let mut redirects = Vec::new();
    loop {
        for e in &results {
            for &d in &e.dirs {
                if let Some(x) = done.get_mut(d) {
                    *x = true;
                }
            }
        }
        for mut e in results.drain(..) {
            redirects.append(&mut e.redirects);
            out.extend(
                e.fragments
                    .into_iter()
                    .map(|(file, inv)| (file.0 as usize, inv)),
            );
        }
        // directories that looked called but that no evaluated module reached (a call
        // in a comment, a cycle of modules calling each other) are roots of their own;
        // a cycle is entered at its first directory
        let open: Vec<bool> = done.iter().map(|d| !d).collect();
        let mut next = roots_among(&open);
        if next.is_empty() {
            next.extend(open.iter().position(|&o| o));
        }
        if next.is_empty() {
            break;
        }
        for &d in &next {
            if let Some(x) = done.get_mut(d) {
                *x = true;
            }
        }
        results = evaluate(next);
    }
    (out, redirects)
}

/// Parses the CloudFormation templates (file index, input): each template that no
/// other template of the scan names as a nested stack as a root, with the local templates
/// of its nested stacks ([`parse::cfn::nested`]); a template named but not read by any
/// root (a cycle, a name that is not a nested stack) is a root of its own afterwards, a
/// cycle entered at its first template. Returns each file's fragments with its index.
fn parse_templates(
    inputs: &[(usize, parse::Input<'_>)],
    candidates: &[discover::Candidate],
    cfn_params: &parse::cfn::ParamValues,
    opts: &ScanOptions,
) -> Vec<(usize, Inventory)> {
    use parse::cfn::nested;
    let mut lib = parse::cfn::Library::default();
    for &(i, input) in inputs {
        lib.add(input, candidates.get(i).map(|c| c.path.clone()));
    }
    let position: HashMap<&str, usize> = inputs
        .iter()
        .enumerate()
        .map(|(p, (_, input))| (input.rel_path, p))
        .collect();
    let by_file: HashMap<FileId, usize> = inputs
        .iter()
        .enumerate()
        .map(|(p, (_, input))| (input.file, p))
        .collect();
    // a cheap textual pass: which templates may read which
    let callees: Vec<Vec<usize>> = inputs
        .par_iter()
        .map(|(_, input)| {
            nested::local_references(input.text)
                .iter()
                .filter_map(|loc| nested::resolve(input.rel_path, loc))
                .filter_map(|path| position.get(path.as_str()).copied())
                .collect()
        })
        .collect();
    let mut done = vec![false; inputs.len()];
    let mut as_root = vec![false; inputs.len()];
    let mut out = Vec::new();
    loop {
        let mut called = vec![false; inputs.len()];
        for (p, to) in callees.iter().enumerate() {
            if !done[p] {
                for &c in to {
                    if c != p {
                        called[c] = true;
                    }
                }
            }
        }
        let mut next: Vec<usize> = (0..inputs.len())
            .filter(|&p| !done[p] && !called[p])
            .collect();
        if next.is_empty() {
            next.extend(done.iter().position(|d| !d));
        }
        if next.is_empty() {
            break;
        }
        for &p in &next {
            done[p] = true;
            as_root[p] = true;
        }
        let results: Vec<(usize, Inventory, Vec<FileId>)> = next
            .par_iter()
            .filter_map(|&p| {
                let (i, input) = inputs.get(p)?;
                let (mut inv, reached) = parse::cfn::parse_nested(*input, cfn_params, &lib);
                // the root's text is searched for credentials with it
                inv.append(parse::credentials(*input));
                if let Some(progress) = &opts.progress {
                    progress.inc();
                }
                Some((*i, inv, reached))
            })
            .collect();
        for (i, inv, reached) in results {
            for file in reached {
                if let Some(&p) = by_file.get(&file) {
                    done[p] = true;
                }
            }
            out.push((i, inv));
        }
    }
    // a template read only as a nested stack: its text is searched for credentials here
    for (p, (i, input)) in inputs.iter().enumerate() {
        if !as_root[p] {
            out.push((*i, parse::credentials(*input)));
            if let Some(progress) = &opts.progress {
                progress.inc();
            }
        }
    }
    out
}

/// Adds the code of the modules `terraform init` installed for each directory of
/// Terraform files (listed in its `.terraform/modules/modules.json`, inside the scan
/// roots) to the files to read; returns, per root directory's scope, the installed
/// modules as (module key, scope of the module's directory).
fn installed_modules(
    candidates: &mut Vec<discover::Candidate>,
    read: &mut Vec<Read>,
    roots: &[PathBuf],
) -> HashMap<String, Vec<(String, String)>> {
    let roots: Vec<PathBuf> = roots.iter().filter_map(|r| r.canonicalize().ok()).collect();
    let mut dirs: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (c, r) in candidates.iter().zip(read.iter()) {
        if r.kind == Some(InputKind::Hcl) {
            if let Some(parent) = c.path.parent() {
                dirs.entry(scope_of(&c.rel_path, InputKind::Hcl))
                    .or_insert_with(|| parent.to_path_buf());
            }
        }
    }
    let mut known: std::collections::HashSet<String> =
        candidates.iter().map(|c| c.rel_path.clone()).collect();
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (scope, dir) in dirs {
        let manifest = dir.join(".terraform").join("modules").join("modules.json");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        for m in json["Modules"].as_array().into_iter().flatten() {
            let (Some(key), Some(rel)) = (m["Key"].as_str(), m["Dir"].as_str()) else {
                continue;
            };
            if key.is_empty() || rel.is_empty() || rel == "." {
                continue;
            }
            // the module's code, read only inside the scan roots
            let Ok(real) = dir.join(rel).canonicalize() else {
                continue;
            };
            if !roots.iter().any(|r| real.starts_with(r)) {
                continue;
            }
            let rel = rel.trim_start_matches("./").trim_end_matches('/');
            let module_scope = if scope.is_empty() {
                rel.to_string()
            } else {
                format!("{scope}/{rel}")
            };
            let Ok(entries) = std::fs::read_dir(&real) else {
                continue;
            };
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.ends_with(".tf") || n.ends_with(".tf.json"))
                })
                .collect();
            files.sort();
            for path in files {
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
                    .to_string();
                let rel_path = format!("{module_scope}/{name}");
                if !known.insert(rel_path.clone()) {
                    continue;
                }
                let Ok(meta) = std::fs::metadata(&path) else {
                    continue;
                };
                if meta.len() > discover::MAX_FILE_BYTES {
                    continue;
                }
                let text = match std::fs::read(&path) {
                    Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    Err(_) => continue,
                };
                let kind = discover::classify(&path, &text);
                let translated =
                    (kind == Some(InputKind::TfJson)).then(|| parse::hcl::tfjson::to_hcl(&text));
                candidates.push(discover::Candidate { path, rel_path });
                read.push(Read {
                    text,
                    kind,
                    error: None,
                    translated,
                });
            }
            out.entry(scope.clone())
                .or_default()
                .push((key.to_string(), module_scope));
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

#[cfg(test)]
mod tests {
    use super::normalized;

    #[test]
    fn fingerprint_text_ignores_layout_commas_and_comments() {
        let one = normalized("[{ Effect = \"Allow\", Action = \"*\", Resource = \"*\" }]");
        let many = normalized(
            "[{\n  Effect   = \"Allow\" # why\n  Action   = \"*\" // leastpriv:ignore[IAM102] reason=x\n  Resource = \"*\",\n}]",
        );
        assert_eq!(one, many);
        assert_eq!(one, "[{Effect=\"Allow\"Action=\"*\"Resource=\"*\"}]");
        // strings are kept as written
        assert_eq!(normalized("a = \"x, # y\\\" z\""), "a=\"x, # y\\\" z\"");
        assert_ne!(normalized("\"s3:Get*\""), normalized("\"s3:*\""));
    }
}
