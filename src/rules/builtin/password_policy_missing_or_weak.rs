use crate::config::Thresholds;
use crate::model::{Inventory, PasswordPolicy};
use crate::rules::{Ctx, Rule, RuleMeta};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Checks `aws_iam_account_password_policy` against the account baseline: minimum
    /// length at least 14; lower-case, upper-case, numbers and symbols all required;
    /// the last 24 passwords remembered; and, when passwords expire, expiry within 90
    /// days. Settings that are missing take AWS's weak defaults (a length of 6, no
    /// character classes, no reuse prevention) and are reported too.
    /// Settings whose values cannot be resolved are not judged. The three numbers are
    /// the defaults of `thresholds:` `min_password_length`, `password_reuse_prevention`
    /// and `max_password_age` in `.leastpriv.yaml` (docs/configuration.md).
    ///
    /// It also reports a missing password policy when the scanned code gives IAM users
    /// console passwords (`aws_iam_user_login_profile`) but declares no password policy
    /// anywhere in the scan.
    ///
    /// ## Why is this bad?
    /// Console passwords are guessed, sprayed and reused from other breaches. Length and
    /// character classes set the cost of guessing; reuse prevention stops users cycling
    /// back to a leaked password.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_account_password_policy" "this" {
    ///   minimum_password_length = 8
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// resource "aws_iam_account_password_policy" "this" {
    ///   minimum_password_length        = 14
    ///   require_lowercase_characters   = true
    ///   require_uppercase_characters   = true
    ///   require_numbers                = true
    ///   require_symbols                = true
    ///   password_reuse_prevention      = 24
    ///   allow_users_to_change_password = true
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html>
    /// - CIS AWS Foundations Benchmark 1.8 (length ≥ 14) and 1.9 (reuse prevention ≥ 24)
    pub PasswordPolicyMissingOrWeak {
        id: "IAM601",
        name: "password-policy-missing-or-weak",
        severity: Medium,
        precision: High,
        tags: ["account", "cis-1.8", "cis-1.9"],
        summary: "Account password policy is missing or weaker than the baseline",
    }
}

/// What is weak about a password policy, one phrase per defect, with the span of the
/// setting when it is written (a missing setting has none).
pub fn weaknesses(p: &PasswordPolicy, limits: &Thresholds) -> Vec<(Option<Span>, String)> {
    let min_length = limits.min_password_length;
    let min_reuse = limits.password_reuse_prevention;
    let max_age = limits.max_password_age;
    let mut out = Vec::new();
    let span = |name: &str| p.get(name).map(|s| s.span);
    // None: setting absent (AWS default applies). Some(None): present but not resolvable.
    let number = |name: &str| {
        p.get(name)
            .map(|s| s.value.as_known().and_then(|v| v.parse::<u64>().ok()))
    };
    let flag = |name: &str| p.get(name).map(|s| s.value.as_known().map(|v| v == "true"));
    match number("minimum_password_length") {
        None => out.push((
            None,
            format!("minimum_password_length is not set (defaults to 6, need ≥ {min_length})"),
        )),
        Some(Some(n)) if n < min_length => out.push((
            span("minimum_password_length"),
            format!("minimum_password_length is {n} (need ≥ {min_length})"),
        )),
        _ => {}
    }
    for class in [
        "require_lowercase_characters",
        "require_uppercase_characters",
        "require_numbers",
        "require_symbols",
    ] {
        match flag(class) {
            None => out.push((None, format!("{class} is not set"))),
            Some(Some(false)) => out.push((span(class), format!("{class} is false"))),
            _ => {}
        }
    }
    match number("password_reuse_prevention") {
        None => out.push((
            None,
            format!("password_reuse_prevention is not set (need ≥ {min_reuse})"),
        )),
        Some(Some(n)) if n < min_reuse => out.push((
            span("password_reuse_prevention"),
            format!("password_reuse_prevention is {n} (need ≥ {min_reuse})"),
        )),
        _ => {}
    }
    if let Some(Some(n)) = number("max_password_age") {
        if n > max_age {
            out.push((
                span("max_password_age"),
                format!("max_password_age is {n} days (need ≤ {max_age} when set)"),
            ));
        }
    }
    out
}

impl Rule for PasswordPolicyMissingOrWeak {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        for p in &inv.password_policies {
            let weak = weaknesses(p, cx.thresholds());
            if weak.is_empty() {
                continue;
            }
            // point at the first weak setting written, else at the resource
            let at = weak.iter().find_map(|(s, _)| *s).unwrap_or(p.origin.span);
            let phrases: Vec<&str> = weak.iter().map(|(_, m)| m.as_str()).collect();
            cx.report(
                &Self::META,
                at,
                &p.origin.address,
                format!(
                    "password policy is weaker than the baseline: {}",
                    phrases.join("; ")
                ),
            );
        }
        if inv.password_policies.is_empty() {
            if let Some(first) = inv.login_profiles.first() {
                cx.report(
                    &Self::META,
                    first.origin.span,
                    &first.origin.address,
                    format!(
                        "{} IAM user(s) get console passwords but the scan declares no account password policy (`aws_iam_account_password_policy`)",
                        inv.login_profiles.len()
                    ),
                );
            }
        }
    }
}
