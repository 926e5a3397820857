use crate::model::policy::Statement;
use crate::model::Policy;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an identity policy statement that allows every action of a service
    /// (`"s3:*"`, `"iam:*"`, `"dynamodb:*"`). Partial wildcards such as `ec2:Describe*`
    /// are not flagged, and neither is `"*"` alone (that is `wildcard-action`).
    ///
    /// ## Why is this bad?
    /// `service:*` grants the service's administrative and destructive actions along with
    /// the ones the workload uses: `s3:*` includes `s3:PutBucketPolicy` and
    /// `s3:DeleteBucket`, `iam:*` is a path to full administrator, and every action AWS
    /// adds to the service later is granted without review.
    ///
    /// ## Example
    /// ```hcl
    /// statement {
    ///   actions   = ["s3:*"]
    ///   resources = ["arn:aws:s3:::reports/*"]
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// statement {
    ///   actions   = ["s3:GetObject", "s3:PutObject"]
    ///   resources = ["arn:aws:s3:::reports/*"]
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>
    /// - <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>
    pub ServiceWildcardAction {
        id: "IAM105",
        name: "service-wildcard-action",
        severity: Medium,
        precision: VeryHigh,
        tags: ["least-privilege"],
        summary: "Allow statement grants every action of a service (`service:*`)",
    }
}

/// The service prefix of an action that is exactly `prefix:*`.
fn service_of_full_wildcard(action: &str) -> Option<&str> {
    let prefix = action.strip_suffix(":*")?;
    (!prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-'))
    .then_some(prefix)
}

impl Rule for ServiceWildcardAction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        if !policy.is_identity() || !st.is_allow() {
            return;
        }
        let Some(actions) = &st.action else { return };
        let services: Vec<&str> = actions
            .known()
            .filter_map(service_of_full_wildcard)
            .collect();
        if services.is_empty() {
            return;
        }
        let list = services
            .iter()
            .map(|s| format!("`{s}:*`"))
            .collect::<Vec<_>>()
            .join(", ");
        cx.report(
            &Self::META,
            st.span,
            &policy.origin.address,
            format!("statement allows every action of a service ({list}); list the actions needed"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::service_of_full_wildcard;

    #[test]
    fn only_whole_service_wildcards() {
        assert_eq!(service_of_full_wildcard("s3:*"), Some("s3"));
        assert_eq!(
            service_of_full_wildcard("resource-groups:*"),
            Some("resource-groups")
        );
        assert_eq!(service_of_full_wildcard("*"), None);
        assert_eq!(service_of_full_wildcard("ec2:Describe*"), None);
        assert_eq!(service_of_full_wildcard(":*"), None);
        assert_eq!(service_of_full_wildcard("s*:*"), None);
    }
}
