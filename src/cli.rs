//! Command-line interface: clap definitions (raw arguments) and the commands they run.
//!
//! `main.rs` only calls [`run`] and turns its result into an exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::engine::{self, ScanOptions};
use crate::error::Error;
use crate::report::json::Json;
use crate::report::sarif::Sarif;
use crate::report::text::Text;
use crate::report::{Report, Reporter};
use crate::rules::{registry, Rule, Severity};

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
    /// Show the IAM the code would create: principals, policies, attachments, keys.
    Inventory(InventoryArgs),
    /// List every rule (id, name, severity, summary).
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain {
        /// Rule id (IAM101) or name (full-admin-statement).
        rule: String,
    },
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
            cfn_params: self.cfn_params.clone(),
            cfn_param_files: self.cfn_param_files.clone(),
        }
    }
}

/// Arguments of `scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format (default: text).
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value_t = FailOn::Low)]
    pub fail_on: FailOn,
    /// Run only these rules (id or name; repeatable).
    #[arg(long = "rule", value_name = "RULE")]
    pub rules: Vec<String>,
    /// Do not run these rules (id or name; repeatable).
    #[arg(long = "skip-rule", value_name = "RULE")]
    pub skip_rules: Vec<String>,
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// SARIF `runAutomationDetails.id` (the code-scanning category).
    #[arg(long, default_value = "leastpriv/")]
    pub sarif_category: String,
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
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Scan(args) => scan(&args),
        Command::Inventory(args) => inventory(&args),
        Command::Rules(args) => {
            let mut out = std::io::stdout().lock();
            let text = if args.markdown {
                crate::docs::catalogue_markdown(&registry::metas())
            } else {
                rules_table()
            };
            write_all(&mut out, text.as_bytes())?;
            Ok(EXIT_CLEAN)
        }
        Command::Explain { rule } => match registry::find(&rule) {
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

fn rules_table() -> String {
    let mut s = String::new();
    for m in registry::metas() {
        s.push_str(&format!(
            "{:<7} {:<36} {:<9} {}\n",
            m.id,
            m.name,
            m.severity.as_str(),
            m.summary
        ));
    }
    s
}

/// The rules selected by `--rule` / `--skip-rule`.
pub fn select_rules(only: &[String], skip: &[String]) -> Result<Vec<&'static dyn Rule>, Error> {
    for key in only.iter().chain(skip) {
        if registry::find(key).is_none() {
            return Err(Error::Usage(format!(
                "no rule with id or name {key:?} (see `leastpriv rules`)"
            )));
        }
    }
    let matches = |r: &dyn Rule, keys: &[String]| {
        keys.iter()
            .any(|k| r.meta().id.eq_ignore_ascii_case(k) || r.meta().name.eq_ignore_ascii_case(k))
    };
    Ok(registry::all()
        .into_iter()
        .filter(|r| only.is_empty() || matches(*r, only))
        .filter(|r| !matches(*r, skip))
        .collect())
}

fn scan(args: &ScanArgs) -> Result<u8, Error> {
    let rules = select_rules(&args.rules, &args.skip_rules)?;
    let opts = args.input.options();
    let report = engine::scan(&opts, &rules)?;
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Never => false,
        ColorChoice::Always => true,
        ColorChoice::Auto => to_terminal,
    } && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let reporter: Box<dyn Reporter> = match args.format {
        Format::Text => Box::new(Text { color }),
        Format::Json => Box::new(Json),
        Format::Sarif => Box::new(Sarif::with_category(&args.sarif_category)),
    };
    emit(&report, reporter.as_ref(), args.output.as_ref())?;
    Ok(exit_code(&report, args.fail_on))
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
