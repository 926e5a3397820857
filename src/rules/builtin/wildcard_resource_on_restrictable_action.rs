use crate::catalogue;
use crate::model::policy::Statement;
use crate::model::wildcard::has_wildcard;
use crate::model::Policy;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an identity policy statement that allows, on every resource (`"Resource": "*"`,
    /// or an ARN made only of wildcards such as `arn:aws:*:*:*:*`), actions that support
    /// resource-level permissions: actions for which the AWS action catalogue lists
    /// resource types, so the policy could name the buckets, tables, queues or roles they
    /// are meant for. A `*` resource is fine for actions without resource types, such as
    /// `s3:ListAllMyBuckets`, `ec2:DescribeInstances` or `sts:GetCallerIdentity`, which
    /// need it. An action pattern (`s3:Get*`) counts when most of the actions it matches
    /// can be scoped: `ec2:Describe*` (only a few of its almost 200 actions have resource
    /// types) is fine, `s3:Get*` is not.
    /// The finding lists the first few such actions and how many more there are.
    ///
    /// Not reported: `Deny` statements; statements with any condition (a condition may be
    /// what limits the resources, as `aws:ResourceTag/…` does); `"Action": "*"`, which
    /// `wildcard-action` and `full-admin-statement` report; `NotAction`, which
    /// `allow-with-not-action` reports; unresolved actions and resources; actions the
    /// catalogue does not know (see `unknown-action`).
    ///
    /// ## Why is this bad?
    /// `Resource: "*"` grants the actions on every present and future resource of the
    /// account: a function that should write to one bucket can overwrite or delete
    /// objects in all of them, read every secret, or pass every role. When an action can
    /// be scoped, least privilege names the resources.
    ///
    /// ## Example
    /// ```hcl
    /// statement {
    ///   actions   = ["s3:PutObject", "s3:DeleteObject"]
    ///   resources = ["*"]
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// statement {
    ///   actions   = ["s3:PutObject", "s3:DeleteObject"]
    ///   resources = ["${aws_s3_bucket.uploads.arn}/*"]
    /// }
    /// statement {
    ///   actions   = ["s3:ListAllMyBuckets"] # has no resource types: `*` is required
    ///   resources = ["*"]
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>
    /// - <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>
    pub WildcardResourceOnRestrictableAction {
        id: "IAM107",
        name: "wildcard-resource-on-restrictable-action",
        severity: Medium,
        precision: High,
        tags: ["least-privilege"],
        summary: "Resource `*` for actions that can be scoped to resources",
    }
}

/// How many scopable actions a message names before "and N more".
const LISTED: usize = 3;

/// True for `*`, `**`, and ARNs whose service, region, account and resource are all
/// wildcards (`arn:aws:*:*:*:*`).
fn all_wildcard(resource: &str) -> bool {
    let stars = |s: &str| !s.is_empty() && s.bytes().all(|b| b == b'*');
    if stars(resource) {
        return true;
    }
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    matches!(parts.as_slice(), ["arn", _, service, region, account, res]
        if stars(service) && stars(res)
            && (region.is_empty() || stars(region))
            && (account.is_empty() || stars(account)))
}

impl Rule for WildcardResourceOnRestrictableAction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        if !policy.is_identity() || !st.is_allow() || st.has_conditions() {
            return;
        }
        let (Some(actions), Some(resources)) = (&st.action, &st.resource) else {
            return;
        };
        if actions.known().any(|a| a.bytes().all(|b| b == b'*')) {
            return;
        }
        let Some(any) = resources
            .items
            .iter()
            .find(|i| i.value.as_known().is_some_and(all_wildcard))
        else {
            return;
        };
        let cat = catalogue::get();
        let mut scopable: Vec<&str> = Vec::new();
        for pattern in actions.known() {
            if !has_wildcard(pattern) {
                if let Some(a) = cat.lookup(pattern).filter(|a| a.has_resource_types()) {
                    scopable.push(a.full_name());
                }
                continue;
            }
            let (mut matched, mut with_types) = (0usize, 0usize);
            for a in cat.expand(pattern) {
                matched += 1;
                with_types += usize::from(a.has_resource_types());
            }
            if with_types * 2 > matched {
                scopable.push(pattern);
            }
        }
        if scopable.is_empty() {
            return;
        }
        let mut list = scopable
            .iter()
            .take(LISTED)
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if scopable.len() > LISTED {
            list.push_str(&format!(" and {} more", scopable.len() - LISTED));
        }
        cx.report(
            &Self::META,
            st.span,
            &policy.origin.address,
            format!(
                "`Resource: \"{}\"` for actions that can be scoped to resources: {list}; name the resources",
                any.value.render()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::all_wildcard;

    #[test]
    fn wildcard_only_resources() {
        assert!(all_wildcard("*"));
        assert!(all_wildcard("**"));
        assert!(all_wildcard("arn:aws:*:*:*:*"));
        assert!(all_wildcard("arn:*:*:*:*:*"));
        assert!(all_wildcard("arn:aws:*:::*"));
        assert!(!all_wildcard("arn:aws:s3:::*"));
        assert!(!all_wildcard("arn:aws:*:*:*:role/*"));
        assert!(!all_wildcard("arn:aws:*:*"));
        assert!(!all_wildcard(""));
    }
}
