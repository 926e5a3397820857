use crate::model::Inventory;
use crate::rules::{Ctx, Rule, RuleMeta};

/// The longest session, in seconds, a permission set may give without a finding: four
/// hours (AWS's default is one hour, its maximum twelve).
pub const MAX_SESSION_SECONDS: u64 = 4 * 3600;

declare_rule! {
    /// ## What it does
    /// Flags an IAM Identity Center permission set whose session duration
    /// (`session_duration` of `aws_ssoadmin_permission_set`, `SessionDuration` of
    /// `AWS::SSO::PermissionSet`, an ISO 8601 duration such as `PT8H`) is longer than
    /// four hours. A permission set without one gets AWS's default of one hour and is
    /// not reported. A duration that is not known (a variable without a value) or not
    /// a duration of days, hours, minutes and whole seconds (`P1DT2H`, `PT90M`,
    /// `PT3600S`) is not judged.
    ///
    /// ## Why is this bad?
    /// The session credentials of a permission set work for the whole session, also
    /// after the user is removed from the group or the assignment is deleted, and also
    /// when they were copied off a laptop. Short sessions bound how long stolen or
    /// revoked access keeps working; people who need longer sign in again.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_ssoadmin_permission_set" "ops" {
    ///   name             = "operations"
    ///   instance_arn     = local.sso_instance_arn
    ///   session_duration = "PT12H"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// resource "aws_ssoadmin_permission_set" "ops" {
    ///   name             = "operations"
    ///   instance_arn     = local.sso_instance_arn
    ///   session_duration = "PT2H"
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/singlesignon/latest/userguide/howtosessionduration.html>
    /// - <https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreatePermissionSet.html>
    pub PermissionSetSessionTooLong {
        id: "IAM606",
        name: "permission-set-session-too-long",
        severity: Low,
        precision: VeryHigh,
        tags: ["identity-center", "short-lived-credentials"],
        summary: "Permission set session duration is longer than four hours",
    }
}

/// Seconds of an ISO 8601 duration made of days, hours, minutes and whole seconds
/// (`P1D`, `PT8H`, `PT1H30M`, `PT3600S`); `None` for anything else (weeks, months,
/// years, fractions, an empty duration).
pub fn duration_seconds(text: &str) -> Option<u64> {
    let rest = text.trim().strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut total: u64 = 0;
    let mut any = false;
    let mut add = |part: &str, units: &[(char, u64)]| -> Option<()> {
        let mut number = String::new();
        let mut allowed = units.iter();
        for c in part.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            // designators must come in order, each at most once
            let (_, factor) = allowed.by_ref().find(|(u, _)| *u == c)?;
            let n: u64 = number.parse().ok()?;
            total = total.checked_add(n.checked_mul(*factor)?)?;
            number.clear();
            any = true;
        }
        number.is_empty().then_some(())
    };
    add(date, &[('D', 86_400)])?;
    if let Some(t) = time {
        if t.is_empty() {
            return None;
        }
        add(t, &[('H', 3600), ('M', 60), ('S', 1)])?;
    }
    any.then_some(total)
}

/// `12 hours`, `1 hour 30 minutes`, for messages.
fn describe(seconds: u64) -> String {
    let (h, m) = (seconds / 3600, seconds % 3600 / 60);
    let plural = |n: u64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match (h, m) {
        (0, _) => plural(m, "minute"),
        (_, 0) => plural(h, "hour"),
        _ => format!("{} {}", plural(h, "hour"), plural(m, "minute")),
    }
}

impl Rule for PermissionSetSessionTooLong {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        for ps in &inv.permission_sets {
            let Some(setting) = &ps.session_duration else {
                continue;
            };
            let Some(text) = setting.value.as_known() else {
                continue;
            };
            let Some(seconds) = duration_seconds(text) else {
                continue;
            };
            if seconds <= MAX_SESSION_SECONDS {
                continue;
            }
            cx.report(
                &Self::META,
                setting.span,
                &ps.origin.address,
                format!(
                    "permission set \"{}\" gives sessions of {} ({text}); at most {} allowed",
                    ps.name.render(),
                    describe(seconds),
                    describe(MAX_SESSION_SECONDS)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_durations() {
        assert_eq!(duration_seconds("PT12H"), Some(43_200));
        assert_eq!(duration_seconds("PT1H30M"), Some(5_400));
        assert_eq!(duration_seconds("PT3600S"), Some(3_600));
        assert_eq!(duration_seconds("P1DT2H"), Some(93_600));
        assert_eq!(duration_seconds("P1D"), Some(86_400));
        for bad in [
            "", "P", "PT", "12H", "PT1.5H", "P1W", "PT1M1H", "PT1H1H", "PTH", "PT9",
        ] {
            assert_eq!(duration_seconds(bad), None, "{bad}");
        }
        assert_eq!(describe(43_200), "12 hours");
        assert_eq!(describe(5_400), "1 hour 30 minutes");
    }
}
