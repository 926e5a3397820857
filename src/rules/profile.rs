//! Profiles: which rules run when none are named.
//!
//! `baseline` (the default) accepts IAM users that get their permissions through groups;
//! `strict` also runs the rules that forbid what the baseline tolerates, such as any IAM
//! user at all. A rule named with `--rule` runs whatever the profile.

use clap::ValueEnum;
use serde::Serialize;

/// A set of rules chosen by how strict the account's practice is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// IAM users allowed, through groups, with MFA; the default.
    #[default]
    Baseline,
    /// No IAM users: roles and SSO only (break-glass users allow-listed).
    Strict,
}

/// Names of the rules that run only in the strict profile (or when named with `--rule`).
pub const STRICT_ONLY: &[&str] = &["iam-user-defined"];

impl Profile {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Baseline => "baseline",
            Profile::Strict => "strict",
        }
    }

    /// Parses a lower-case name.
    pub fn parse(s: &str) -> Option<Profile> {
        match s.to_ascii_lowercase().as_str() {
            "baseline" => Some(Profile::Baseline),
            "strict" => Some(Profile::Strict),
            _ => None,
        }
    }

    /// Whether a rule (by its name) runs in this profile when no rule is named.
    pub fn runs(self, rule_name: &str) -> bool {
        self == Profile::Strict
            || !STRICT_ONLY
                .iter()
                .any(|n| n.eq_ignore_ascii_case(rule_name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_runs_everything_baseline_skips_strict_rules() {
        assert!(Profile::Strict.runs("iam-user-defined"));
        assert!(!Profile::Baseline.runs("iam-user-defined"));
        assert!(Profile::Baseline.runs("wildcard-action"));
        assert_eq!(Profile::parse("STRICT"), Some(Profile::Strict));
        assert_eq!(Profile::parse("lax"), None);
    }
}
