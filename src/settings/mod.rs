//! The configuration file, `.leastpriv.yaml`: finding it, reading it, and merging it
//! with the command line into the effective settings of a run.
//!
//! The file is found upward from the first scan path: each directory from there up is
//! tried, stopping after the first one that holds a `.git` entry (the repository root)
//! or at the filesystem root. `--config FILE` names it instead; `--no-config` ignores
//! it. Paths in the file (exceptions file, baseline, rule packs) are relative to the
//! file's directory. Every key is documented in docs/configuration.md; unknown keys,
//! wrong types and unknown rules are errors at `file:line:column`.
//!
//! Command-line flags override the file: a scalar flag replaces the file's value, `--rule`
//! replaces `rules.only`; `--skip-rule`, `--exclude`, `--rulepack` and `--rulepack-param`
//! add to the file's lists (a parameter given on both wins from the command line).

pub mod read;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::rulepack::Catalogue;
use crate::rules::profile::Profile;
use crate::rules::Severity;
use read::{hint, Doc};

/// The configuration file's name.
pub const FILE_NAME: &str = ".leastpriv.yaml";

/// The exceptions file's default name, beside the configuration file.
pub const EXCEPTIONS_FILE_NAME: &str = "leastpriv-exceptions.yaml";

/// Fail threshold names, as `--fail-on` spells them.
pub const FAIL_ON: &[&str] = &["info", "low", "medium", "high", "critical", "never"];

const TOP_KEYS: &[&str] = &[
    "rules",
    "profile",
    "thresholds",
    "params",
    "exceptions",
    "baseline",
    "fail_on",
    "exclude",
    "rulepacks",
];
const RULES_KEYS: &[&str] = &["only", "skip", "severity"];
const THRESHOLD_KEYS: &[&str] = &[
    "max_admins",
    "min_password_length",
    "password_reuse_prevention",
    "max_password_age",
    "max_session_seconds",
];
const EXCEPTIONS_KEYS: &[&str] = &["file", "require_expiry", "max_days"];
const SEVERITIES: &[&str] = &["info", "low", "medium", "high", "critical"];

/// Where a setting's value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Nobody set it.
    Default,
    /// The configuration file, at this line.
    File(usize),
    /// A command-line flag.
    Flag(&'static str),
}

/// A value with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub from: Source,
}

impl<T> Sourced<T> {
    fn unset(value: T) -> Self {
        Sourced {
            value,
            from: Source::Default,
        }
    }
}

/// A rule id or name as written in the file, with its position for later errors.
#[derive(Debug, Clone)]
pub struct RuleKey {
    /// As written.
    pub key: String,
    /// `file:line:column`.
    pub at: String,
    /// 1-based line.
    pub line: usize,
}

/// What a configuration file says; `None` / empty: not set.
#[derive(Debug, Clone, Default)]
pub struct FileSettings {
    /// The file.
    pub path: PathBuf,
    /// `rules.only`.
    pub only: Option<(Vec<RuleKey>, usize)>,
    /// `rules.skip`.
    pub skip: Vec<RuleKey>,
    /// `rules.severity`.
    pub severity: Vec<(RuleKey, Severity)>,
    /// `profile`.
    pub profile: Option<(Profile, usize)>,
    /// `thresholds.*`, by key.
    pub thresholds: Vec<(&'static str, u64, usize)>,
    /// `params`: name, value (lists comma-joined), line.
    pub params: Vec<(String, String, usize)>,
    /// `exceptions.file`, resolved against the file's directory.
    pub exceptions_file: Option<(PathBuf, usize)>,
    /// `exceptions.require_expiry`.
    pub require_expiry: Option<(bool, usize)>,
    /// `exceptions.max_days`.
    pub max_days: Option<(u32, usize)>,
    /// `baseline`, resolved.
    pub baseline: Option<(PathBuf, usize)>,
    /// `fail_on`.
    pub fail_on: Option<(&'static str, usize)>,
    /// `exclude`.
    pub exclude: Vec<(String, usize)>,
    /// `rulepacks`, resolved.
    pub rulepacks: Vec<(PathBuf, usize)>,
}

impl FileSettings {
    /// Reads and checks a configuration file (rule names are checked later, against the
    /// catalogue the file's rule packs complete: [`Effective::check_rules`]).
    pub fn load(path: &Path) -> Result<FileSettings, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        FileSettings::parse(path, &text)
    }

    /// Reads a configuration file's text.
    pub fn parse(path: &Path, text: &str) -> Result<FileSettings, Error> {
        let doc = Doc::new(path, text);
        let root = doc.parse()?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let resolve = |p: &str| {
            let p = PathBuf::from(p);
            if p.is_absolute() || dir.as_os_str().is_empty() {
                p
            } else {
                dir.join(p)
            }
        };
        let mut out = FileSettings {
            path: path.to_path_buf(),
            ..FileSettings::default()
        };
        let rule_keys = |node, what: &str| -> Result<Vec<RuleKey>, Error> {
            Ok(doc
                .strings(node, what)?
                .into_iter()
                .map(|(key, span)| RuleKey {
                    key,
                    at: doc.position(span.start as usize),
                    line: doc.line(span),
                })
                .collect())
        };
        for (key, kspan, value) in doc.mapping(&root, "the configuration", TOP_KEYS)? {
            let line = doc.line(kspan);
            // `key: null` (or nothing) leaves the setting unset
            if is_null(value) {
                continue;
            }
            match key {
                "rules" => {
                    for (k, kspan, v) in doc.mapping(value, "`rules`", RULES_KEYS)? {
                        match k {
                            "only" => {
                                out.only = Some((rule_keys(v, "`rules.only`")?, doc.line(kspan)))
                            }
                            "skip" => out.skip = rule_keys(v, "`rules.skip`")?,
                            _ => {
                                for (rule, rspan, level) in
                                    doc.mapping(v, "`rules.severity`", &[])?
                                {
                                    let name = doc.choice(
                                        level,
                                        &format!("the severity of `{rule}`"),
                                        SEVERITIES,
                                    )?;
                                    let severity = Severity::parse(name).unwrap_or(Severity::Info);
                                    out.severity.push((
                                        RuleKey {
                                            key: rule.to_string(),
                                            at: doc.position(rspan.start as usize),
                                            line: doc.line(rspan),
                                        },
                                        severity,
                                    ));
                                }
                            }
                        }
                    }
                }
                "profile" => {
                    let p = doc.choice(value, "`profile`", &["baseline", "strict"])?;
                    out.profile = Profile::parse(p).map(|p| (p, line));
                }
                "thresholds" => {
                    for (k, kspan, v) in doc.mapping(value, "`thresholds`", THRESHOLD_KEYS)? {
                        let name = THRESHOLD_KEYS
                            .iter()
                            .find(|t| **t == k)
                            .copied()
                            .unwrap_or("max_admins");
                        let min = u64::from(name != "max_admins");
                        let n = doc.number(v, &format!("`thresholds.{k}`"), min)?;
                        out.thresholds.push((name, n, doc.line(kspan)));
                    }
                }
                "params" => {
                    for (k, kspan, v) in doc.mapping(value, "`params`", &[])? {
                        let values = doc.strings(v, &format!("`params.{k}`"))?;
                        let joined: Vec<String> = values.into_iter().map(|(s, _)| s).collect();
                        out.params
                            .push((k.to_string(), joined.join(","), doc.line(kspan)));
                    }
                }
                "exceptions" => {
                    for (k, kspan, v) in doc.mapping(value, "`exceptions`", EXCEPTIONS_KEYS)? {
                        if is_null(v) {
                            continue;
                        }
                        let l = doc.line(kspan);
                        match k {
                            "file" => {
                                out.exceptions_file =
                                    Some((resolve(&doc.string(v, "`exceptions.file`")?), l))
                            }
                            "require_expiry" => {
                                out.require_expiry =
                                    Some((doc.boolean(v, "`exceptions.require_expiry`")?, l))
                            }
                            _ => {
                                let n = doc.number(v, "`exceptions.max_days`", 1)?;
                                let n = u32::try_from(n).map_err(|_| {
                                    doc.error(v.span, "`exceptions.max_days` is too large")
                                })?;
                                out.max_days = Some((n, l));
                            }
                        }
                    }
                }
                "baseline" => {
                    out.baseline = Some((resolve(&doc.string(value, "`baseline`")?), line))
                }
                "fail_on" => out.fail_on = Some((doc.choice(value, "`fail_on`", FAIL_ON)?, line)),
                "exclude" => {
                    for (g, span) in doc.strings(value, "`exclude`")? {
                        globset::Glob::new(&g).map_err(|e| {
                            doc.error(span, &format!("`exclude` glob `{g}`: {}", e.kind()))
                        })?;
                        out.exclude.push((g, doc.line(span)));
                    }
                }
                _ => {
                    for (p, span) in doc.strings(value, "`rulepacks`")? {
                        out.rulepacks.push((resolve(&p), doc.line(span)));
                    }
                }
            }
        }
        Ok(out)
    }
}

/// Finds `.leastpriv.yaml` upward from `start` (a file's directory, or the directory
/// itself): the first directory that has one wins; the search stops after a directory
/// holding `.git` or at the filesystem root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir = if start.is_dir() {
        start
    } else {
        start.parent()?.to_path_buf()
    };
    loop {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
        dir = dir.parent()?.to_path_buf();
    }
}

/// What the command line says about the settings a file may also set.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// `--rule`.
    pub rules: Vec<String>,
    /// `--skip-rule`.
    pub skip_rules: Vec<String>,
    /// `--profile`.
    pub profile: Option<Profile>,
    /// `--exceptions`.
    pub exceptions_file: Option<PathBuf>,
    /// `--exceptions-require-expiry`.
    pub require_expiry: bool,
    /// `--exceptions-max-days`.
    pub max_days: Option<u32>,
    /// `--baseline`.
    pub baseline: Option<PathBuf>,
    /// `--fail-on`.
    pub fail_on: Option<&'static str>,
    /// `--exclude`.
    pub exclude: Vec<String>,
    /// `--rulepack`.
    pub rulepacks: Vec<PathBuf>,
    /// `--rulepack-param NAME=VALUE`.
    pub params: Vec<String>,
}

/// The settings of a run after the file and the flags, each with where it came from.
#[derive(Debug, Clone)]
pub struct Effective {
    /// The configuration file read, if any.
    pub file: Option<PathBuf>,
    /// Rules to run only (empty: all of the profile).
    pub only: Sourced<Vec<String>>,
    /// Rules not to run.
    pub skip: Vec<(String, Source)>,
    /// Severity overrides: rule key as written, level.
    pub severity: Vec<(String, Severity, Source)>,
    /// The profile.
    pub profile: Sourced<Profile>,
    /// Built-in rule thresholds, in [`THRESHOLD_KEYS`] order (`max_session_seconds`
    /// excepted: it is a pack parameter, in `params` when set).
    pub thresholds: Vec<(&'static str, Sourced<u64>)>,
    /// Rule pack parameters.
    pub params: Vec<(String, String, Source)>,
    /// The exceptions file (it must exist when named; the default one only if it does).
    pub exceptions_file: Sourced<Option<PathBuf>>,
    /// Exceptions without expiry are incomplete.
    pub require_expiry: Sourced<bool>,
    /// Longest exception horizon in days.
    pub max_days: Sourced<Option<u32>>,
    /// The baseline file.
    pub baseline: Sourced<Option<PathBuf>>,
    /// The fail threshold.
    pub fail_on: Sourced<&'static str>,
    /// Path globs to skip.
    pub exclude: Vec<(String, Source)>,
    /// Extra rule packs.
    pub rulepacks: Vec<(PathBuf, Source)>,
}

impl Effective {
    /// Merges a file (if any) and the flags.
    pub fn merge(file: Option<&FileSettings>, flags: &Flags) -> Effective {
        let defaults = crate::config::Thresholds::default();
        let mut e = Effective {
            file: file.map(|f| f.path.clone()),
            only: Sourced::unset(Vec::new()),
            skip: Vec::new(),
            severity: Vec::new(),
            profile: Sourced::unset(Profile::Baseline),
            thresholds: vec![
                ("max_admins", Sourced::unset(defaults.max_admins as u64)),
                (
                    "min_password_length",
                    Sourced::unset(defaults.min_password_length),
                ),
                (
                    "password_reuse_prevention",
                    Sourced::unset(defaults.password_reuse_prevention),
                ),
                (
                    "max_password_age",
                    Sourced::unset(defaults.max_password_age),
                ),
            ],
            params: Vec::new(),
            exceptions_file: Sourced::unset(None),
            require_expiry: Sourced::unset(false),
            max_days: Sourced::unset(None),
            baseline: Sourced::unset(None),
            fail_on: Sourced::unset("low"),
            exclude: Vec::new(),
            rulepacks: Vec::new(),
        };
        let set = |v| Source::File(v);
        if let Some(f) = file {
            if let Some((keys, line)) = &f.only {
                e.only = Sourced {
                    value: keys.iter().map(|k| k.key.clone()).collect(),
                    from: set(*line),
                };
            }
            e.skip
                .extend(f.skip.iter().map(|k| (k.key.clone(), set(k.line))));
            e.severity.extend(
                f.severity
                    .iter()
                    .map(|(k, s)| (k.key.clone(), *s, set(k.line))),
            );
            if let Some((p, line)) = f.profile {
                e.profile = Sourced {
                    value: p,
                    from: set(line),
                };
            }
            for (name, n, line) in &f.thresholds {
                if *name == "max_session_seconds" {
                    e.params
                        .push(("max_session_seconds".into(), n.to_string(), set(*line)));
                } else if let Some((_, slot)) = e.thresholds.iter_mut().find(|(k, _)| k == name) {
                    *slot = Sourced {
                        value: *n,
                        from: set(*line),
                    };
                }
            }
            for (k, v, line) in &f.params {
                e.params.retain(|(p, _, _)| p != k);
                e.params.push((k.clone(), v.clone(), set(*line)));
            }
            let beside = f
                .path
                .parent()
                .map(|d| d.join(EXCEPTIONS_FILE_NAME))
                .filter(|p| p.is_file());
            e.exceptions_file = match &f.exceptions_file {
                Some((p, line)) => Sourced {
                    value: Some(p.clone()),
                    from: set(*line),
                },
                None => Sourced::unset(beside),
            };
            if let Some((b, line)) = f.require_expiry {
                e.require_expiry = Sourced {
                    value: b,
                    from: set(line),
                };
            }
            if let Some((n, line)) = f.max_days {
                e.max_days = Sourced {
                    value: Some(n),
                    from: set(line),
                };
            }
            if let Some((p, line)) = &f.baseline {
                e.baseline = Sourced {
                    value: Some(p.clone()),
                    from: set(*line),
                };
            }
            if let Some((level, line)) = f.fail_on {
                e.fail_on = Sourced {
                    value: level,
                    from: set(line),
                };
            }
            e.exclude
                .extend(f.exclude.iter().map(|(g, l)| (g.clone(), set(*l))));
            e.rulepacks
                .extend(f.rulepacks.iter().map(|(p, l)| (p.clone(), set(*l))));
        }
        let flag = Source::Flag;
        if !flags.rules.is_empty() {
            e.only = Sourced {
                value: flags.rules.clone(),
                from: flag("--rule"),
            };
        }
        e.skip.extend(
            flags
                .skip_rules
                .iter()
                .map(|r| (r.clone(), flag("--skip-rule"))),
        );
        if let Some(p) = flags.profile {
            e.profile = Sourced {
                value: p,
                from: flag("--profile"),
            };
        }
        for p in &flags.params {
            let (k, v) = p.split_once('=').unwrap_or((p.as_str(), ""));
            let k = k.trim().to_string();
            e.params.retain(|(n, _, _)| *n != k);
            e.params.push((k, v.to_string(), flag("--rulepack-param")));
        }
        if let Some(p) = &flags.exceptions_file {
            e.exceptions_file = Sourced {
                value: Some(p.clone()),
                from: flag("--exceptions"),
            };
        }
        if flags.require_expiry {
            e.require_expiry = Sourced {
                value: true,
                from: flag("--exceptions-require-expiry"),
            };
        }
        if let Some(n) = flags.max_days {
            e.max_days = Sourced {
                value: Some(n),
                from: flag("--exceptions-max-days"),
            };
        }
        if let Some(b) = &flags.baseline {
            e.baseline = Sourced {
                value: Some(b.clone()),
                from: flag("--baseline"),
            };
        }
        if let Some(level) = flags.fail_on {
            e.fail_on = Sourced {
                value: level,
                from: flag("--fail-on"),
            };
        }
        e.exclude
            .extend(flags.exclude.iter().map(|g| (g.clone(), flag("--exclude"))));
        e.rulepacks.extend(
            flags
                .rulepacks
                .iter()
                .map(|p| (p.clone(), flag("--rulepack"))),
        );
        e
    }

    /// Checks every rule the settings name against the catalogue; an unknown one is an
    /// error at its place in the file (or naming its flag), with the closest rule.
    pub fn check_rules(
        &self,
        file: Option<&FileSettings>,
        catalogue: &Catalogue,
    ) -> Result<(), Error> {
        let metas = catalogue.metas();
        let known = |k: &str| catalogue.find(k).is_some();
        let candidates = || metas.iter().flat_map(|m| [m.id, m.name]);
        if let Some(f) = file {
            let keys = f
                .only
                .iter()
                .flat_map(|(k, _)| k)
                .chain(&f.skip)
                .chain(f.severity.iter().map(|(k, _)| k));
            for k in keys {
                if !known(&k.key) {
                    return Err(Error::Usage(format!(
                        "{}: no rule with id or name `{}`{}",
                        k.at,
                        k.key,
                        hint(&k.key, candidates(), &[])
                    )));
                }
            }
        }
        for (key, flag) in self
            .only
            .value
            .iter()
            .filter(|_| self.only.from == Source::Flag("--rule"))
            .map(|k| (k, "--rule"))
            .chain(
                self.skip
                    .iter()
                    .filter(|(_, s)| *s == Source::Flag("--skip-rule"))
                    .map(|(k, _)| (k, "--skip-rule")),
            )
        {
            if !known(key) {
                return Err(Error::Usage(format!(
                    "{flag} {key}: no rule with id or name {key:?}{} (see `leastpriv rules`)",
                    hint(key, candidates(), &[])
                )));
            }
        }
        Ok(())
    }

    /// The limits for the built-in rules.
    pub fn thresholds(&self) -> crate::config::Thresholds {
        let mut t = crate::config::Thresholds::default();
        for (k, v) in &self.thresholds {
            match *k {
                "max_admins" => t.max_admins = usize::try_from(v.value).unwrap_or(usize::MAX),
                "min_password_length" => t.min_password_length = v.value,
                "password_reuse_prevention" => t.password_reuse_prevention = v.value,
                _ => t.max_password_age = v.value,
            }
        }
        t
    }

    /// The severity overrides by rule id.
    pub fn severity_by_id(&self, catalogue: &Catalogue) -> Vec<(&'static str, Severity)> {
        self.severity
            .iter()
            .filter_map(|(k, s, _)| Some((catalogue.find(k)?.meta().id, *s)))
            .collect()
    }

    /// A pack error about a parameter the file set, pointed at the file's line instead
    /// of `--rulepack-param`.
    pub fn locate_param_error(&self, err: Error) -> Error {
        let Error::Usage(message) = err else {
            return err;
        };
        for (name, _, from) in &self.params {
            let flag = format!("--rulepack-param {name}:");
            if let (Source::File(_), Some(rest)) = (from, message.strip_prefix(&flag)) {
                return Error::Usage(format!("{}: `{name}`:{rest}", self.describe(from)));
            }
        }
        Error::Usage(message)
    }

    /// Where a value came from, in words: `default`, `FILE:LINE` or the flag.
    pub fn describe(&self, from: &Source) -> String {
        match from {
            Source::Default => "default".to_string(),
            Source::File(line) => format!(
                "{}:{line}",
                self.file
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            ),
            Source::Flag(f) => (*f).to_string(),
        }
    }

    /// The effective settings as a configuration file, each value with where it came
    /// from (`leastpriv config`).
    pub fn render(&self) -> String {
        let file = self
            .file
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let from = |s: &Source| self.describe(s);
        let list = |items: &[String]| {
            let quoted: Vec<String> = items.iter().map(|s| yaml_str(s)).collect();
            format!("[{}]", quoted.join(", "))
        };
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# leastpriv effective configuration\n# file: {}",
            if file.is_empty() {
                "none (defaults and flags only)".to_string()
            } else {
                file.clone()
            }
        );
        let _ = writeln!(s, "rules:");
        let _ = writeln!(
            s,
            "  only: {}  # {}",
            list(&self.only.value),
            from(&self.only.from)
        );
        if self.skip.is_empty() {
            let _ = writeln!(s, "  skip: []  # default");
        } else {
            let _ = writeln!(s, "  skip:");
            for (k, src) in &self.skip {
                let _ = writeln!(s, "    - {}  # {}", yaml_str(k), from(src));
            }
        }
        if self.severity.is_empty() {
            let _ = writeln!(s, "  severity: {{}}  # default");
        } else {
            let _ = writeln!(s, "  severity:");
            for (k, level, src) in &self.severity {
                let _ = writeln!(
                    s,
                    "    {}: {}  # {}",
                    yaml_str(k),
                    level.as_str(),
                    from(src)
                );
            }
        }
        let _ = writeln!(
            s,
            "profile: {}  # {}",
            self.profile.value.as_str(),
            from(&self.profile.from)
        );
        let _ = writeln!(s, "thresholds:");
        for (k, v) in &self.thresholds {
            let _ = writeln!(s, "  {k}: {}  # {}", v.value, from(&v.from));
        }
        if self.params.is_empty() {
            let _ = writeln!(s, "params: {{}}  # default (the packs' own defaults)");
        } else {
            let _ = writeln!(s, "params:");
            for (k, v, src) in &self.params {
                let _ = writeln!(s, "  {k}: {}  # {}", yaml_str(v), from(src));
            }
        }
        let _ = writeln!(s, "exceptions:");
        let found =
            self.exceptions_file.from == Source::Default && self.exceptions_file.value.is_some();
        let _ = writeln!(
            s,
            "  file: {}  # {}",
            opt_path(self.exceptions_file.value.as_deref()),
            if found {
                "default: found beside the configuration file".to_string()
            } else {
                from(&self.exceptions_file.from)
            }
        );
        let _ = writeln!(
            s,
            "  require_expiry: {}  # {}",
            self.require_expiry.value,
            from(&self.require_expiry.from)
        );
        let _ = writeln!(
            s,
            "  max_days: {}  # {}",
            self.max_days
                .value
                .map_or_else(|| "null".to_string(), |n| n.to_string()),
            from(&self.max_days.from)
        );
        let _ = writeln!(
            s,
            "baseline: {}  # {}",
            opt_path(self.baseline.value.as_deref()),
            from(&self.baseline.from)
        );
        let _ = writeln!(
            s,
            "fail_on: {}  # {}",
            self.fail_on.value,
            from(&self.fail_on.from)
        );
        for (key, items) in [
            ("exclude", &self.exclude),
            (
                "rulepacks",
                &self
                    .rulepacks
                    .iter()
                    .map(|(p, src)| (p.display().to_string(), src.clone()))
                    .collect(),
            ),
        ] {
            if items.is_empty() {
                let _ = writeln!(s, "{key}: []  # default");
            } else {
                let _ = writeln!(s, "{key}:");
                for (v, src) in items {
                    let _ = writeln!(s, "  - {}  # {}", yaml_str(v), from(src));
                }
            }
        }
        s
    }
}

fn is_null(node: &crate::parse::node::Node) -> bool {
    matches!(node.kind, crate::parse::node::NodeKind::Null)
}

fn opt_path(p: Option<&Path>) -> String {
    p.map_or_else(
        || "null".to_string(),
        |p| yaml_str(&p.display().to_string()),
    )
}

/// A YAML scalar: bare when safe, else double-quoted.
fn yaml_str(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        && !s.starts_with(['-', '.'])
        && !["null", "true", "false", "~"].contains(&s);
    if plain {
        s.to_string()
    } else {
        format!("{s:?}")
    }
}

/// The commented default configuration `leastpriv init` writes.
pub const DEFAULT_FILE: &str = include_str!("default.yaml");

#[cfg(test)]
mod tests;
