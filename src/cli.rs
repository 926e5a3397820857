//! Command-line interface: clap definitions (raw arguments) and the commands they run.
//!
//! `main.rs` only calls [`parse`] and [`run`] and turns the result into an exit code.
//!
//! Several reports in one run: `--format` and `--output` may repeat. Each `--output`
//! belongs to the last `--format` before it; a format with no `--output` writes to
//! standard output, and at most one may. With a single `--format`, an `--output` may come
//! before or after it (`-o report.json -f json`).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::baseline::Baseline;
use crate::config::{Config, ExceptionsFile, TODAY_ENV};
use crate::engine::{self, ScanOptions};
use crate::error::Error;
use crate::report::github::Github;
use crate::report::json::Json;
use crate::report::junit::Junit;
use crate::report::markdown::Markdown;
use crate::report::sarif::Sarif;
use crate::report::text::Text;
use crate::report::{Report, Reporter};
use crate::rulepack::{Catalogue, PackOptions};
use crate::rules::profile::Profile;
use crate::rules::{Rule, Severity};
use crate::settings::{self, Effective, FileSettings, Flags};
use crate::suppress::{Date, Policy};

/// Exit code: nothing at or above the fail threshold.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings at or above the fail threshold.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage error, or some input could not be parsed.
pub const EXIT_ERROR: u8 = 2;

/// leastpriv finds AWS IAM security problems in infrastructure code before it is applied.
#[derive(Debug, Parser)]
#[command(name = "leastpriv", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories and report IAM problems.
    Scan(ScanArgs),
    /// Record the current findings as accepted, for `scan --baseline FILE`.
    Baseline(BaselineArgs),
    /// Show the IAM the code would create: principals, policies, attachments, keys.
    Inventory(InventoryArgs),
    /// List every rule (id, name, severity, summary).
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain {
        /// Rule id (IAM101) or name (full-admin-statement).
        rule: String,
        /// Rule packs.
        #[command(flatten)]
        packs: PackArgs,
    },
    /// Run rule packs against their fixtures (`<fixtures>/<ID>/fail*`, `pass*`).
    TestRules(TestRulesArgs),
    /// Write a commented default `.leastpriv.yaml` (docs/configuration.md).
    Init(InitArgs),
    /// Print the effective configuration (file and flags) and where each value comes from.
    Config(ConfigArgs),
}

/// Arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to write `.leastpriv.yaml` in.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite an existing `.leastpriv.yaml`.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// The paths a scan would get (the configuration file is found upward from the
    /// first).
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Skip paths matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Rules and exceptions.
    #[command(flatten)]
    pub check: CheckArgs,
    /// Exit 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Report only findings not recorded in this baseline.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

/// Rule packs to load beside the built-in rules and the shipped packs.
#[derive(Debug, Args, Default)]
pub struct PackArgs {
    /// Load a rule pack: a YAML file, or every `*.yaml` / `*.yml` in a directory
    /// (repeatable). See docs/rule-language.md.
    #[arg(long = "rulepack", value_name = "PATH")]
    pub rulepacks: Vec<PathBuf>,
    /// Set a pack parameter (repeatable; a list is comma-separated), e.g.
    /// `--rulepack-param max_session_seconds=3600`.
    #[arg(long = "rulepack-param", value_name = "NAME=VALUE")]
    pub rulepack_params: Vec<String>,
    /// Run only the rules of this pack (repeatable; `builtin` names the rules written in
    /// Rust).
    #[arg(long = "only-pack", value_name = "NAME")]
    pub only_packs: Vec<String>,
}

impl PackArgs {
    /// The rules these arguments make available; pack errors stop here.
    pub fn catalogue(&self) -> Result<Catalogue, Error> {
        Catalogue::load(&PackOptions {
            paths: self.rulepacks.clone(),
            params: self.rulepack_params.clone(),
            only: self.only_packs.clone(),
        })
    }
}

/// Arguments of `test-rules`.
#[derive(Debug, Args)]
pub struct TestRulesArgs {
    /// A pack file, or a directory of packs.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Where the fixtures are (`<DIR>/<ID>/fail*`, `pass*`); default: the pack's directory.
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<PathBuf>,
}

/// Output formats of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text with code frames.
    Text,
    /// Versioned JSON (docs/json-output.md).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands: one annotation per finding.
    Github,
    /// A Markdown summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment.
    Markdown,
    /// JUnit XML: one test suite per rule, one failing test case per finding.
    Junit,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always (still never with NO_COLOR).
    Always,
    /// Never.
    Never,
}

/// Severity thresholds for `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any finding, informational ones included.
    Info,
    /// Low and above.
    Low,
    /// Medium and above.
    Medium,
    /// High and above.
    High,
    /// Only critical.
    Critical,
    /// Never fail on findings (parse errors still exit 2).
    Never,
}

impl FailOn {
    /// The name `--fail-on` and `fail_on:` use.
    pub fn name(self) -> &'static str {
        match self {
            FailOn::Info => "info",
            FailOn::Low => "low",
            FailOn::Medium => "medium",
            FailOn::High => "high",
            FailOn::Critical => "critical",
            FailOn::Never => "never",
        }
    }

    /// The threshold a name stands for.
    pub fn from_name(name: &str) -> Option<FailOn> {
        <FailOn as ValueEnum>::from_str(name, true).ok()
    }

    fn severity(self) -> Option<Severity> {
        match self {
            FailOn::Info => Some(Severity::Info),
            FailOn::Low => Some(Severity::Low),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::High => Some(Severity::High),
            FailOn::Critical => Some(Severity::Critical),
            FailOn::Never => None,
        }
    }
}

/// Which files and rules.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or directories to scan.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Skip paths matching this glob (repeatable), e.g. `--exclude 'examples/**'`.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Set a Terraform variable of the root modules scanned (repeatable; later wins; a
    /// complex-typed variable's value is read as HCL). `TF_VAR_NAME` is read too.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Read Terraform variable values from this file (repeatable, in order; above
    /// `terraform.tfvars` and `*.auto.tfvars`, below `--var`).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Most instances one Terraform resource with `count` / `for_each` expands to.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_instances: usize,
    /// The `.tf` sources of the Terraform plans scanned (repeatable): scanned too, and
    /// plan findings point at them. Without it, a plan's own directory is tried.
    #[arg(long = "plan-source", value_name = "DIR")]
    pub plan_sources: Vec<PathBuf>,
    /// Set a CloudFormation parameter (or pseudo parameter, `AWS::Region=eu-west-1`) of
    /// every template scanned (repeatable; later wins, above `--cfn-params-file`).
    #[arg(long = "cfn-param", value_name = "NAME=VALUE")]
    pub cfn_params: Vec<String>,
    /// Read CloudFormation parameter values from this file (repeatable, in order): the
    /// CLI's `[{"ParameterKey": ..., "ParameterValue": ...}]` list or a template
    /// configuration `{"Parameters": {...}}`.
    #[arg(long = "cfn-params-file", value_name = "FILE")]
    pub cfn_param_files: Vec<PathBuf>,
}

impl InputArgs {
    /// The scan options these arguments ask for, with `TF_VAR_*` from the environment.
    fn options(&self) -> ScanOptions {
        ScanOptions {
            paths: self.paths.clone(),
            exclude: self.exclude.clone(),
            var_files: self.var_files.clone(),
            vars: self.vars.clone(),
            env: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .filter(|(k, _)| k.starts_with("TF_VAR_"))
                .collect(),
            max_instances: Some(self.max_instances),
            config: Config::default(),
            progress: None,
            show_unknown: false,
            plan_sources: self.plan_sources.clone(),
            changes_only: false,
            cfn_params: self.cfn_params.clone(),
            cfn_param_files: self.cfn_param_files.clone(),
        }
    }
}

/// Which rules run, and how exceptions are judged.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Run only these rules (id or name; repeatable).
    #[arg(long = "rule", value_name = "RULE")]
    pub rules: Vec<String>,
    /// Rule packs.
    #[command(flatten)]
    pub packs: PackArgs,
    /// Do not run these rules (id or name; repeatable).
    #[arg(long = "skip-rule", value_name = "RULE")]
    pub skip_rules: Vec<String>,
    /// Which rules run when none is named: `baseline` (the default) tolerates IAM
    /// users in groups, `strict` also flags every IAM user.
    #[arg(long, value_enum)]
    pub profile: Option<Profile>,
    /// Read this configuration file instead of the `.leastpriv.yaml` found upward from
    /// the first path.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Read no configuration file.
    #[arg(long)]
    pub no_config: bool,
    /// Read exception records from this file (default: `leastpriv-exceptions.yaml`
    /// beside the configuration file, when it exists).
    #[arg(long, value_name = "FILE")]
    pub exceptions: Option<PathBuf>,
    /// An exception without `expires=` is incomplete (`exception-incomplete`).
    #[arg(long)]
    pub exceptions_require_expiry: bool,
    /// An exception expiring more than this many days ahead is incomplete.
    #[arg(long, value_name = "DAYS")]
    pub exceptions_max_days: Option<u32>,
    /// Today's date for expiry checks (tests; also `LEASTPRIV_TODAY`).
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<String>,
    /// No progress bar on standard error.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// List what could not be evaluated and why (a variable with no value, a module not
    /// in the scan, a value known only after apply), as notes in every output format.
    #[arg(long)]
    pub show_unknown: bool,
}

/// A run's settings after the configuration file and the flags, and the rules they make
/// available.
pub struct Setup {
    /// The settings, each with where it came from.
    pub effective: Effective,
    /// Built-in rules and the packs the settings load.
    pub catalogue: Catalogue,
}

impl CheckArgs {
    /// The configuration file these arguments and scan paths select, read.
    fn settings_file(&self, paths: &[PathBuf]) -> Result<Option<FileSettings>, Error> {
        if self.no_config {
            return Ok(None);
        }
        let path = match &self.config {
            Some(p) => Some(p.clone()),
            None => paths
                .first()
                .and_then(|p| settings::discover(p))
                .map(|found| {
                    // shown relative to the current directory when it is below it
                    let cwd = std::env::current_dir().ok();
                    let cwd = cwd.and_then(|c| std::fs::canonicalize(c).ok());
                    match cwd.as_deref().and_then(|c| found.strip_prefix(c).ok()) {
                        Some(rel) => rel.to_path_buf(),
                        None => found.clone(),
                    }
                }),
        };
        path.map(|p| FileSettings::load(&p)).transpose()
    }

    /// The effective settings for a run over `paths`, with the scan-only flags.
    pub fn setup(
        &self,
        paths: &[PathBuf],
        exclude: &[String],
        fail_on: Option<FailOn>,
        baseline: Option<&PathBuf>,
    ) -> Result<Setup, Error> {
        let file = self.settings_file(paths)?;
        let flags = Flags {
            rules: self.rules.clone(),
            skip_rules: self.skip_rules.clone(),
            profile: self.profile,
            exceptions_file: self.exceptions.clone(),
            require_expiry: self.exceptions_require_expiry,
            max_days: self.exceptions_max_days,
            baseline: baseline.cloned(),
            fail_on: fail_on.map(FailOn::name),
            exclude: exclude.to_vec(),
            rulepacks: self.packs.rulepacks.clone(),
            params: self.packs.rulepack_params.clone(),
        };
        let effective = Effective::merge(file.as_ref(), &flags);
        let catalogue = Catalogue::load(&PackOptions {
            paths: effective.rulepacks.iter().map(|(p, _)| p.clone()).collect(),
            params: effective
                .params
                .iter()
                .map(|(k, v, _)| format!("{k}={v}"))
                .collect(),
            only: self.packs.only_packs.clone(),
        })
        .map_err(|e| effective.locate_param_error(e))?;
        effective.check_rules(file.as_ref(), &catalogue)?;
        Ok(Setup {
            effective,
            catalogue,
        })
    }

    /// The configuration these arguments give (today from `--today`, else
    /// `LEASTPRIV_TODAY`, else the clock), with the settings' exception policy,
    /// exceptions file, thresholds and severity overrides.
    fn config(&self, setup: &Setup) -> Result<Config, Error> {
        let given = match &self.today {
            Some(t) => Some(("--today", t.clone())),
            None => std::env::var(TODAY_ENV)
                .ok()
                .filter(|v| !v.is_empty())
                .map(|v| (TODAY_ENV, v)),
        };
        let today = match given {
            Some((from, text)) => Some(Date::parse(&text).ok_or_else(|| {
                Error::Usage(format!("{from}: {text:?} is not a YYYY-MM-DD date"))
            })?),
            None => None,
        };
        let eff = &setup.effective;
        let exceptions_file = match &eff.exceptions_file.value {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                let exceptions = crate::suppress::external::parse(path, &text)?;
                Some(ExceptionsFile {
                    path: path.clone(),
                    text,
                    exceptions,
                })
            }
            None => None,
        };
        Ok(Config {
            exception_policy: Policy {
                require_expiry: eff.require_expiry.value,
                max_days: eff.max_days.value,
            },
            exceptions_file,
            today,
            thresholds: eff.thresholds(),
            severity: eff.severity_by_id(&setup.catalogue),
            ..Config::default()
        })
    }

    /// Scans with these settings; a progress bar on a terminal unless `--quiet`.
    fn scan(
        &self,
        input: &InputArgs,
        setup: &Setup,
        baseline: Option<Baseline>,
        changes_only: bool,
    ) -> Result<Report, Error> {
        let eff = &setup.effective;
        let skip: Vec<String> = eff.skip.iter().map(|(k, _)| k.clone()).collect();
        let rules = select_rules(&setup.catalogue, &eff.only.value, &skip, eff.profile.value)?;
        let mut opts = input.options();
        opts.exclude = eff.exclude.iter().map(|(g, _)| g.clone()).collect();
        opts.changes_only = changes_only;
        opts.config = self.config(setup)?;
        opts.config.baseline = baseline;
        opts.show_unknown = self.show_unknown;
        let bar =
            (!self.quiet && std::io::stderr().is_terminal()).then(crate::progress::Bar::start);
        opts.progress = bar.as_ref().map(|b| b.counter());
        let report = engine::scan(&opts, &rules);
        drop(bar);
        report
    }
}

/// Arguments of `scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Rules and exceptions.
    #[command(flatten)]
    pub check: CheckArgs,
    /// Output format (repeatable, each with its own `--output`; default: text).
    #[arg(long = "format", short = 'f', value_enum, value_name = "FORMAT")]
    pub formats: Vec<Format>,
    /// Write the report of the `--format` before it to this file instead of standard
    /// output (repeatable).
    #[arg(long = "output", short = 'o', value_name = "FILE")]
    pub outputs: Vec<PathBuf>,
    /// Command-line positions of the `--format` and `--output` values, for pairing them
    /// (filled by [`parse`]; empty: pair in order).
    #[arg(skip)]
    pub positions: (Vec<usize>, Vec<usize>),
    /// Exit 1 when a finding at or above this severity is reported (default: low).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Report only findings not recorded in this baseline (`leastpriv baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// List suppressed findings in text output (they are always in SARIF and JSON).
    #[arg(long)]
    pub show_suppressed: bool,
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// SARIF `runAutomationDetails.id` (the code-scanning category).
    #[arg(long, default_value = "leastpriv/")]
    pub sarif_category: String,
    /// Of the findings in Terraform plans, report only those the plan introduces or
    /// widens (created resources; updated ones whose prior values lacked the finding).
    #[arg(long)]
    pub changes_only: bool,
}

impl ScanArgs {
    /// The (format, output file) pairs the command line asks for; see the module docs.
    pub fn targets(&self) -> Result<Vec<(Format, Option<PathBuf>)>, Error> {
        let formats = if self.formats.is_empty() {
            vec![Format::Text]
        } else {
            self.formats.clone()
        };
        let (fpos, opos) = &self.positions;
        let mut targets: Vec<(Format, Option<PathBuf>)> =
            formats.iter().map(|f| (*f, None)).collect();
        if formats.len() == 1 && self.outputs.len() <= 1 {
            if let Some(t) = targets.first_mut() {
                t.1 = self.outputs.first().cloned();
            }
        } else {
            for (i, out) in self.outputs.iter().enumerate() {
                // the last --format before this --output; in order when positions are unknown
                let owner = match (opos.get(i), fpos.len() == formats.len()) {
                    (Some(at), true) => fpos.iter().rposition(|f| f < at),
                    _ => Some(i),
                };
                let slot = owner.and_then(|k| targets.get_mut(k)).ok_or_else(|| {
                    Error::Usage(format!(
                        "--output {} comes before any --format; write `--format F --output FILE`",
                        out.display()
                    ))
                })?;
                if slot.1.is_some() {
                    return Err(Error::Usage(format!(
                        "two --output files for one --format {:?}",
                        slot.0
                    )));
                }
                slot.1 = Some(out.clone());
            }
        }
        if targets.iter().filter(|t| t.1.is_none()).count() > 1 {
            return Err(Error::Usage(
                "several formats would write to standard output; give each but one an --output"
                    .into(),
            ));
        }
        Ok(targets)
    }
}

/// Arguments of `baseline`.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Rules and exceptions.
    #[command(flatten)]
    pub check: CheckArgs,
    /// The baseline file to write (default: the configuration's `baseline`, else
    /// `leastpriv-baseline.json`).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats of `inventory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InventoryFormat {
    /// Readable text.
    Text,
    /// JSON.
    Json,
}

/// Arguments of `inventory`.
#[derive(Debug, Args)]
pub struct InventoryArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = InventoryFormat::Text)]
    pub format: InventoryFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print the catalogue as a Markdown table (docs/rules/README.md).
    #[arg(long)]
    pub markdown: bool,
    /// Rule packs.
    #[command(flatten)]
    pub packs: PackArgs,
}

/// Parses the process's command line (exits on `--help`, `--version` and usage errors).
pub fn parse() -> Cli {
    parse_from(std::env::args_os()).unwrap_or_else(|e| e.exit())
}

/// Parses a command line, recording where each `--format` and `--output` stands so they
/// can be paired.
pub fn parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = Cli::command().try_get_matches_from(args)?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    if let (Command::Scan(args), Some(("scan", sub))) = (&mut cli.command, matches.subcommand()) {
        let at = |id: &str| -> Vec<usize> {
            sub.indices_of(id).map(|i| i.collect()).unwrap_or_default()
        };
        args.positions = (at("formats"), at("outputs"));
    }
    Ok(cli)
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Scan(args) => scan(&args),
        Command::Baseline(args) => baseline(&args),
        Command::Inventory(args) => inventory(&args),
        Command::Rules(args) => {
            let catalogue = args.packs.catalogue()?;
            let mut out = std::io::stdout().lock();
            let text = if args.markdown {
                crate::docs::catalogue_markdown(&catalogue.metas())
            } else {
                rules_table(&catalogue)
            };
            write_all(&mut out, text.as_bytes())?;
            Ok(EXIT_CLEAN)
        }
        Command::TestRules(args) => test_rules(&args),
        Command::Init(args) => init(&args),
        Command::Config(args) => {
            let setup = args.check.setup(
                &args.paths,
                &args.exclude,
                args.fail_on,
                args.baseline.as_ref(),
            )?;
            let text = setup.effective.render();
            write_all(&mut std::io::stdout().lock(), text.as_bytes())?;
            Ok(EXIT_CLEAN)
        }
        Command::Explain { rule, packs } => match packs.catalogue()?.find(&rule) {
            Some(r) => {
                let mut out = std::io::stdout().lock();
                write_all(&mut out, crate::docs::rule_page(r.meta()).as_bytes())?;
                Ok(EXIT_CLEAN)
            }
            None => Err(Error::Usage(format!(
                "no rule with id or name {rule:?} (see `leastpriv rules`)"
            ))),
        },
    }
}

fn rules_table(catalogue: &Catalogue) -> String {
    let mut s = String::new();
    for m in catalogue.metas() {
        s.push_str(&format!(
            "{:<7} {:<36} {:<9} {:<13} {}\n",
            m.id,
            m.name,
            m.severity.as_str(),
            catalogue.pack_of(m.id).unwrap_or(""),
            m.summary
        ));
    }
    s
}

/// `test-rules`: every rule of the packs at the path against its fixtures; exit 1 when
/// a fixture does not give exactly its expected findings.
fn test_rules(args: &TestRulesArgs) -> Result<u8, Error> {
    let tested = crate::rulepack::load_for_test(&args.path)?;
    let fixtures = args.fixtures.clone().unwrap_or_else(|| {
        if args.path.is_dir() {
            args.path.clone()
        } else {
            args.path
                .parent()
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("."))
        }
    });
    let standard = Catalogue::standard();
    let find = |key: &str| -> Option<&'static dyn Rule> {
        tested
            .iter()
            .copied()
            .find(|r| {
                r.meta().id.eq_ignore_ascii_case(key) || r.meta().name.eq_ignore_ascii_case(key)
            })
            .or_else(|| standard.find(key))
    };
    let mut report = String::new();
    let mut failed = 0;
    for rule in &tested {
        let id = rule.meta().id;
        let dir = fixtures.join(id);
        let outcome = crate::fixtures::check_rule(&dir, *rule, &find, false);
        let mut problems = outcome.failures;
        if outcome.checked == 0 {
            problems.push(format!("no fail*/pass* fixtures in {}", dir.display()));
        } else if outcome.failing_expectations == 0 {
            problems.push(format!("no fail fixture in {} expects {id}", dir.display()));
        }
        if problems.is_empty() {
            report.push_str(&format!(
                "ok    {id} {} ({} fixtures)\n",
                rule.meta().name,
                outcome.checked
            ));
        } else {
            failed += 1;
            report.push_str(&format!("FAIL  {id} {}\n", rule.meta().name));
            for p in problems {
                for line in p.lines() {
                    report.push_str(&format!("      {line}\n"));
                }
            }
        }
    }
    report.push_str(&format!(
        "{} rule{} tested, {failed} failed\n",
        tested.len(),
        if tested.len() == 1 { "" } else { "s" }
    ));
    write_all(&mut std::io::stdout().lock(), report.as_bytes())?;
    Ok(if failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// The rules of a catalogue selected by `--rule` / `--skip-rule` and the profile (which
/// matters only when no rule is named).
pub fn select_rules(
    catalogue: &Catalogue,
    only: &[String],
    skip: &[String],
    profile: Profile,
) -> Result<Vec<&'static dyn Rule>, Error> {
    for key in only.iter().chain(skip) {
        if catalogue.find(key).is_none() {
            return Err(Error::Usage(format!(
                "no rule with id or name {key:?} (see `leastpriv rules`)"
            )));
        }
    }
    let matches = |r: &dyn Rule, keys: &[String]| {
        keys.iter()
            .any(|k| r.meta().id.eq_ignore_ascii_case(k) || r.meta().name.eq_ignore_ascii_case(k))
    };
    Ok(catalogue
        .all()
        .into_iter()
        .filter(|r| {
            if only.is_empty() {
                profile.runs(r.meta().name)
            } else {
                matches(*r, only)
            }
        })
        .filter(|r| !matches(*r, skip))
        .collect())
}

/// `init`: writes the default configuration unless one exists (or `--force`).
fn init(args: &InitArgs) -> Result<u8, Error> {
    let path = args.dir.join(settings::FILE_NAME);
    if path.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} exists; use --force to overwrite it",
            path.display()
        )));
    }
    std::fs::write(&path, settings::DEFAULT_FILE).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let shown = if args.dir == Path::new(".") {
        PathBuf::from(settings::FILE_NAME)
    } else {
        path
    };
    eprintln!("leastpriv: wrote {}", shown.display());
    Ok(EXIT_CLEAN)
}

fn scan(args: &ScanArgs) -> Result<u8, Error> {
    let targets = args.targets()?;
    let setup = args.check.setup(
        &args.input.paths,
        &args.input.exclude,
        args.fail_on,
        args.baseline.as_ref(),
    )?;
    let eff = &setup.effective;
    let baseline = match &eff.baseline.value {
        Some(path) if !path.exists() => {
            return Err(Error::Usage(format!(
                "baseline {} does not exist (from {}); record one with `leastpriv baseline`",
                path.display(),
                eff.describe(&eff.baseline.from)
            )))
        }
        Some(path) => Some(Baseline::load(path)?),
        None => None,
    };
    let fail_on = FailOn::from_name(eff.fail_on.value).unwrap_or(FailOn::Low);
    let report = args
        .check
        .scan(&args.input, &setup, baseline, args.changes_only)?;
    for (format, output) in &targets {
        let to_terminal = output.is_none() && std::io::stdout().is_terminal();
        let color = match args.color {
            ColorChoice::Never => false,
            ColorChoice::Always => true,
            ColorChoice::Auto => to_terminal,
        } && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let reporter: Box<dyn Reporter> = match format {
            Format::Text => Box::new(Text {
                color,
                show_suppressed: args.show_suppressed,
            }),
            Format::Json => Box::new(Json),
            Format::Sarif => Box::new(Sarif::with_category(&args.sarif_category)),
            Format::Github => Box::new(Github {
                fails_from: fail_on.severity(),
            }),
            Format::Markdown => Box::new(Markdown),
            Format::Junit => Box::new(Junit),
        };
        emit(&report, reporter.as_ref(), output.as_ref())?;
    }
    Ok(exit_code(&report, fail_on))
}

fn baseline(args: &BaselineArgs) -> Result<u8, Error> {
    let setup = args
        .check
        .setup(&args.input.paths, &args.input.exclude, None, None)?;
    let report = args.check.scan(&args.input, &setup, None, false)?;
    let text = crate::baseline::to_json(&report);
    let output = args
        .output
        .clone()
        .or_else(|| setup.effective.baseline.value.clone())
        .unwrap_or_else(|| PathBuf::from("leastpriv-baseline.json"));
    std::fs::write(&output, text.as_bytes()).map_err(|source| Error::Io {
        path: output.clone(),
        source,
    })?;
    eprintln!(
        "leastpriv: recorded {} finding{} in {}{}",
        report.findings.len(),
        if report.findings.len() == 1 { "" } else { "s" },
        output.display(),
        if report.suppressed.is_empty() {
            String::new()
        } else {
            format!(" ({} suppressed, not recorded)", report.suppressed.len())
        }
    );
    Ok(if report.has_parse_errors() {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    })
}

/// The exit code for a finished report.
pub fn exit_code(report: &Report, fail_on: FailOn) -> u8 {
    if report.has_parse_errors() {
        EXIT_ERROR
    } else if fail_on
        .severity()
        .is_some_and(|s| report.count_at_least(s) > 0)
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn emit(report: &Report, reporter: &dyn Reporter, output: Option<&PathBuf>) -> Result<(), Error> {
    let mut buf = Vec::new();
    reporter
        .write(report, &mut buf)
        .map_err(|source| Error::Io {
            path: PathBuf::from("<report>"),
            source,
        })?;
    match output {
        Some(path) => std::fs::write(path, &buf).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        }),
        None => write_all(&mut std::io::stdout().lock(), &buf),
    }
}

fn write_all(out: &mut dyn Write, bytes: &[u8]) -> Result<(), Error> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // a closed pipe (`leastpriv scan . | head`) is not an error
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(Error::Io {
            path: PathBuf::from("<stdout>"),
            source,
        }),
    }
}

fn inventory(args: &InventoryArgs) -> Result<u8, Error> {
    let opts = args.input.options();
    let (sources, inv, stats) = engine::load(&opts)?;
    let text = match args.format {
        InventoryFormat::Json => crate::report::inventory::to_json(&sources, &inv, &stats),
        InventoryFormat::Text => crate::report::inventory::to_text(&sources, &inv, &stats),
    };
    match &args.output {
        Some(path) => std::fs::write(path, text.as_bytes()).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?,
        None => write_all(&mut std::io::stdout().lock(), text.as_bytes())?,
    }
    Ok(if stats.parse_errors > 0 {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    })
}
