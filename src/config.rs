//! Settings of a scan beyond its inputs: exceptions, the rules for complete exceptions,
//! the baseline, and today's date.
//!
//! The command line fills [`Config`] today; the `.leastpriv.yaml` configuration and the
//! `leastpriv-exceptions.yaml` file will fill the same struct (exceptions file entries
//! become [`Exception`]s with [`crate::suppress::Target::Address`] and
//! [`crate::suppress::Kind::External`]), so the engine does not change when they land.

use crate::baseline::Baseline;
use crate::suppress::{Date, Exception, Policy};

/// Environment variable that sets today's date (`YYYY-MM-DD`) for expiry checks.
pub const TODAY_ENV: &str = "LEASTPRIV_TODAY";

/// What the suppression and baseline steps use.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Exception records from outside the code (the exceptions file); inline comments
    /// are read from the scanned files.
    pub exceptions: Vec<Exception>,
    /// What makes an exception complete.
    pub exception_policy: Policy,
    /// Accepted findings, left out of the report.
    pub baseline: Option<Baseline>,
    /// Today's date for expiry checks; `None`: the system clock (UTC).
    pub today: Option<Date>,
}

impl Config {
    /// Today's date: the configured one, else the system clock's (UTC).
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(Date::today_utc)
    }
}
