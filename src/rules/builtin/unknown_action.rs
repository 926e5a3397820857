use crate::catalogue::{self, Catalogue};
use crate::model::policy::{Item, Statement};
use crate::model::wildcard::has_wildcard;
use crate::model::Policy;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an `Action` or `NotAction` entry that matches no action of the AWS action
    /// catalogue: a misspelt action (`s3:GetObjects`, `iam:PassRoles`), a pattern that
    /// matches nothing (`s3:Get*Polcy`), an unknown service prefix (`s4:GetObject`), or
    /// text that is not `service:Action` at all. For a misspelt action the finding
    /// suggests the closest known one. Applies to every policy, `Allow` and `Deny` alike.
    ///
    /// Not reported: values that are not fully known (`${var.action}`,
    /// `"s3:${var.verb}"`). The catalogue is a snapshot (see `data/README.md`): an
    /// action AWS added after it was generated is reported until the data is refreshed.
    ///
    /// ## Why is this bad?
    /// IAM accepts a policy with an action that does not exist and silently ignores it.
    /// In an `Allow`, the workload lacks the permission its author meant to grant, and the
    /// next fix is often a wildcard. In a `Deny`, the guardrail does not deny anything:
    /// `"Deny": "iam:DeleteRolePolicys"` protects nothing.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Deny", "Action": ["s3:DeleteObjects", "s3:PutBucketPolcy"],
    ///   "Resource": "arn:aws:s3:::audit-logs/*" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Effect": "Deny", "Action": ["s3:DeleteObject", "s3:PutBucketPolicy"],
    ///   "Resource": "arn:aws:s3:::audit-logs/*" }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html>
    /// - <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>
    pub UnknownAction {
        id: "IAM802",
        name: "unknown-action",
        severity: Medium,
        precision: High,
        tags: ["validity"],
        summary: "Action matches no AWS action",
    }
}

/// Why an action entry matches nothing, or `None` when it matches something.
fn problem(cat: &Catalogue, action: &str) -> Option<String> {
    if (!action.is_empty() && action.bytes().all(|b| b == b'*')) || cat.matches_any(action) {
        return None;
    }
    let Some((prefix, name)) = action.split_once(':') else {
        return Some(format!(
            "`{action}` is not an action: actions are written `service:Action`"
        ));
    };
    if !has_wildcard(prefix) && cat.service(prefix).is_none() {
        return Some(format!(
            "`{action}`: no AWS service has the prefix `{prefix}`"
        ));
    }
    if has_wildcard(action) {
        return Some(format!("`{action}` matches no AWS action"));
    }
    let mut msg = format!("`{action}` is not an AWS action");
    if let Some(close) = cat.service(prefix).and_then(|s| closest(cat, s, name)) {
        msg.push_str(&format!("; did you mean `{close}`?"));
    }
    Some(msg)
}

/// The action of the service whose name is nearest to `name` (at most 2 edits away).
fn closest<'a>(cat: &'a Catalogue, svc: &crate::catalogue::Service, name: &str) -> Option<&'a str> {
    svc.action_ids()
        .filter_map(|id| cat.action(id))
        .map(|a| (edit_distance(a.name(), name), a))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a.full_name())
}

/// Levenshtein distance over ASCII-lower-cased bytes.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(!ca.eq_ignore_ascii_case(&cb));
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

impl Rule for UnknownAction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        let cat = catalogue::get();
        if cat.is_empty() {
            return;
        }
        let items = [&st.action, &st.not_action]
            .into_iter()
            .flatten()
            .flat_map(|a| a.items.iter());
        for Item { value, span } in items {
            let Some(action) = value.as_known() else {
                continue;
            };
            if let Some(msg) = problem(cat, action) {
                cx.report(&Self::META, *span, &policy.origin.address, msg);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_and_suggestions() {
        let cat = catalogue::get();
        assert_eq!(problem(cat, "s3:GetObject"), None);
        assert_eq!(problem(cat, "S3:getobject"), None);
        assert_eq!(problem(cat, "s3:Get*"), None);
        assert_eq!(problem(cat, "*"), None);
        assert_eq!(problem(cat, "*:GetObject"), None);
        assert_eq!(
            problem(cat, "s3:GetObjects").as_deref(),
            Some("`s3:GetObjects` is not an AWS action; did you mean `s3:GetObject`?")
        );
        assert_eq!(
            problem(cat, "iam:PassRoles").as_deref(),
            Some("`iam:PassRoles` is not an AWS action; did you mean `iam:PassRole`?")
        );
        assert_eq!(
            problem(cat, "iam:Frobnicate").as_deref(),
            Some("`iam:Frobnicate` is not an AWS action")
        );
        assert_eq!(
            problem(cat, "s4:GetObject").as_deref(),
            Some("`s4:GetObject`: no AWS service has the prefix `s4`")
        );
        assert_eq!(
            problem(cat, "s3:Get*Polcy").as_deref(),
            Some("`s3:Get*Polcy` matches no AWS action")
        );
        assert!(problem(cat, "GetObject").is_some());
        assert!(problem(cat, "").is_some());
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("GetObject", "getobjects"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("PassRole", "PasRoel"), 3);
    }
}
