//! Settings of a scan beyond its inputs: exceptions, the rules for complete exceptions,
//! the baseline, rule thresholds, severity overrides and today's date.
//!
//! [`Config`] is what the engine gets. The command line and the `.leastpriv.yaml`
//! configuration file ([`crate::settings`]) fill it; entries of the exceptions file
//! (`leastpriv-exceptions.yaml`, [`crate::suppress::external`]) arrive as an
//! [`ExceptionsFile`] whose records become [`Exception`]s with
//! [`crate::suppress::Target::Address`] and [`crate::suppress::Kind::External`].

use std::path::PathBuf;

use crate::baseline::Baseline;
use std::sync::Mutex;

use crate::rules::{RuleMeta, Severity};
use crate::suppress::{Date, Exception, Policy};

/// Environment variable that sets today's date (`YYYY-MM-DD`) for expiry checks.
pub const TODAY_ENV: &str = "LEASTPRIV_TODAY";

/// What the rules, the suppression and baseline steps and the reports use.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Exception records from outside the code, already placed in a file the report
    /// can locate (tests and library users); inline comments are read from the scanned
    /// files.
    pub exceptions: Vec<Exception>,
    /// The exceptions file, read but not yet part of the scan's sources: the engine adds
    /// its text to the sources so findings about its entries point at their lines.
    pub exceptions_file: Option<ExceptionsFile>,
    /// What makes an exception complete.
    pub exception_policy: Policy,
    /// Accepted findings, left out of the report.
    pub baseline: Option<Baseline>,
    /// Today's date for expiry checks; `None`: the system clock (UTC).
    pub today: Option<Date>,
    /// Limits the built-in rules compare against.
    pub thresholds: Thresholds,
    /// Severity overrides by rule id, applied to findings and to rule metadata in every
    /// report.
    pub severity: Vec<(&'static str, Severity)>,
}

impl Config {
    /// Today's date: the configured one, else the system clock's (UTC).
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(Date::today_utc)
    }
}

/// An exceptions file as read: where it is, its text, and its entries (whose spans
/// point into `text`; the engine gives them the file id it adds the text under).
#[derive(Debug, Clone)]
pub struct ExceptionsFile {
    /// The file as given or found.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its entries.
    pub exceptions: Vec<Exception>,
}

/// Limits of the built-in rules that a team may set (`thresholds:` in `.leastpriv.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// `too-many-admins` (IAM305): more administrators than this is a finding.
    pub max_admins: usize,
    /// `password-policy-missing-or-weak` (IAM601): shortest password length accepted.
    pub min_password_length: u64,
    /// IAM601: fewest previous passwords remembered.
    pub password_reuse_prevention: u64,
    /// IAM601: longest password age in days, when passwords expire.
    pub max_password_age: u64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            max_admins: 3,
            min_password_length: 14,
            password_reuse_prevention: 24,
            max_password_age: 90,
        }
    }
}

/// `meta` with another severity: a copy made once per process for each (rule,
/// severity) pair and kept for its remaining life, so findings and reports can keep
/// holding `&'static RuleMeta`.
pub fn with_severity(meta: &'static RuleMeta, severity: Severity) -> &'static RuleMeta {
    if meta.severity == severity {
        return meta;
    }
    static COPIES: Mutex<Vec<&'static RuleMeta>> = Mutex::new(Vec::new());
    let Ok(mut copies) = COPIES.lock() else {
        return meta;
    };
    if let Some(m) = copies
        .iter()
        .find(|m| m.id == meta.id && m.severity == severity && m.docs == meta.docs)
    {
        return m;
    }
    let copy: &'static RuleMeta = Box::leak(Box::new(RuleMeta { severity, ..*meta }));
    copies.push(copy);
    copy
}
