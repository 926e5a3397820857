use crate::analysis::effective::request_context;
use crate::catalogue;
use crate::model::policy::Statement;
use crate::model::semantics::{action_matches, evaluate, resource_matches, Request};
use crate::model::Policy;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an `Allow` statement of an identity policy (managed or inline) that grants,
    /// on every resource and with no condition, an action that returns or creates
    /// credentials for someone or something other than the caller:
    ///
    /// - `iam:CreateServiceSpecificCredential`, `iam:ResetServiceSpecificCredential`
    ///   (return a CodeCommit, Keyspaces or Bedrock password of any user),
    ///   `iam:UploadSSHPublicKey` (adds a key that signs in to CodeCommit as any user);
    /// - `sts:GetFederationToken` (mints federated sessions that outlive the caller's
    ///   access key being deactivated);
    /// - `redshift:GetClusterCredentials`, `redshift-serverless:GetCredentials`,
    ///   `rds-db:Connect`, `dsql:DbConnectAdmin` (database passwords or auth tokens for
    ///   any database user, administrators included);
    /// - `ec2:GetPasswordData` (Windows administrator passwords),
    ///   `lightsail:GetInstanceAccessDetails`,
    ///   `lightsail:GetRelationalDatabaseMasterUserPassword`,
    ///   `lightsail:DownloadDefaultKeyPair`, `gamelift:GetInstanceAccess` (instance
    ///   keys and passwords).
    ///
    /// Wildcards count (`iam:*Credential`, `redshift:Get*`). "Every resource" is `*` or a
    /// pattern that matches every resource of the action's type (`arn:aws:rds-db:*:*:dbuser:*/*`).
    /// One finding per statement, listing the actions. A condition on
    /// `aws:SecureTransport` alone does not constrain anything; any other condition does.
    ///
    /// Reported per statement, not per principal: the statement is what to fix, and a
    /// managed policy is reported even when the scan does not show what it is attached
    /// to. Denies are taken into account: a `Deny` in the same document that applies
    /// (or may apply) removes the action; and when the policy reaches principals of the
    /// scan, an action every one of them is refused by its effective permissions (an
    /// explicit deny elsewhere, a permission boundary) is not reported. A managed policy
    /// the scan uses only as a permission boundary grants nothing and is not reported.
    ///
    /// Not reported: `"Action": "*"` (`full-admin-statement` and `wildcard-action`
    /// report it), `NotAction` (`allow-with-not-action`), values that are not known,
    /// resources that are only partly known (`arn:aws:rds-db:${var.region}:…`), policies
    /// of permission sets and AWS managed policies (their statements are not in the
    /// scan). `iam:CreateAccessKey`, `iam:CreateLoginProfile` and
    /// `iam:UpdateLoginProfile` on every user are escalation methods, reported per
    /// principal by `privilege-escalation-method` (IAM302), not here. Also left out:
    /// `sts:AssumeRole` (trust and `privilege-escalation-path`), `sts:GetSessionToken`
    /// (the caller's own session, needed for MFA), `ecr:GetAuthorizationToken` and
    /// `codeartifact:GetAuthorizationToken` (the token carries only the caller's own
    /// permissions and the actions have no resource-level permissions), and
    /// `sso:GetRoleCredentials` (authorised by an Identity Center token, not IAM).
    ///
    /// ## Why is this bad?
    /// These actions turn a foothold into credentials that work outside the caller's
    /// session: database superuser passwords, another user's Git credentials, instance
    /// administrator passwords, federated sessions that survive key rotation. Granted on
    /// `*`, they reach every user, cluster and instance in the account, now and later.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Allow", "Action": "redshift:GetClusterCredentials", "Resource": "*" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Effect": "Allow", "Action": "redshift:GetClusterCredentials",
    ///   "Resource": "arn:aws:redshift:eu-west-1:111122223333:dbuser:analytics/report_reader" }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/redshift/latest/mgmt/generating-iam-credentials-role-permissions.html>
    /// - <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_ssh-keys.html>
    /// - <https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html>
    pub CredentialsExposure {
        id: "IAM309",
        name: "credentials-exposure",
        severity: High,
        precision: High,
        tags: ["least-privilege", "credentials"],
        summary: "Statement lets the caller obtain credentials on every resource without a condition",
    }
}

/// Actions that return or create credentials (see the docs for what is left out).
pub const CREDENTIAL_ACTIONS: &[&str] = &[
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "iam:UploadSSHPublicKey",
    "sts:GetFederationToken",
    "redshift:GetClusterCredentials",
    "redshift-serverless:GetCredentials",
    "rds-db:Connect",
    "dsql:DbConnectAdmin",
    "ec2:GetPasswordData",
    "lightsail:GetInstanceAccessDetails",
    "lightsail:GetRelationalDatabaseMasterUserPassword",
    "lightsail:DownloadDefaultKeyPair",
    "gamelift:GetInstanceAccess",
];

/// One action a statement grants on every resource with nothing constraining it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenGrant {
    /// The action (from the rule's list).
    pub action: &'static str,
    /// The resource it was asked on: `*`, or a made-up ARN of the action's resource
    /// type that only a pattern covering every such resource matches.
    pub resource: String,
}

/// An ARN of each resource type `action` requires (or of every type it may use when
/// none is required) whose every variable part is a made-up name: only a pattern that
/// covers all resources of the type matches it. With it, whether every probe must match
/// (required types) or one is enough.
fn probes(action: &str) -> (Vec<String>, bool) {
    let cat = catalogue::get();
    let Some(a) = cat.lookup(action) else {
        return (Vec::new(), false);
    };
    let types: Vec<_> = cat.resource_types(a).collect();
    let required: Vec<_> = types.iter().filter(|(_, req)| *req).collect();
    let all = !required.is_empty();
    let chosen: Vec<_> = if all {
        required
    } else {
        types.iter().collect()
    };
    let probes = chosen
        .iter()
        .map(|(t, _)| {
            let mut out = String::new();
            let mut rest = t.arn_format();
            while let Some(start) = rest.find("${") {
                out.push_str(&rest[..start]);
                let after = &rest[start..];
                let end = after.find('}').map_or(after.len(), |e| e + 1);
                let name = &after[..end];
                out.push_str(if name == "${Partition}" {
                    "aws"
                } else {
                    "leastpriv-probe"
                });
                rest = &after[end..];
            }
            out.push_str(rest);
            out
        })
        .collect();
    (probes, all)
}

/// The resource the statement grants `action` on when that is every resource: `*`, or a
/// probe (see [`probes`]) when every required type's probe matches, or, with no required
/// type, some type's probe does.
fn every_resource(st: &Statement, action: &str) -> Option<String> {
    if resource_matches(st, "*").is_yes() {
        return Some("*".to_string());
    }
    let (probes, all) = probes(action);
    let matching = |p: &String| resource_matches(st, p).is_yes();
    if all {
        let first = probes.first().cloned();
        first.filter(|_| probes.iter().all(matching))
    } else {
        probes.into_iter().find(|p| matching(p))
    }
}

/// The actions of `list` that an identity-policy `Allow` statement grants on every
/// resource with no condition (but `aws:SecureTransport`), that no `Deny` of its own
/// document may take away, and that some principal the policy reaches keeps (or the
/// policy reaches none in the scan). Nothing for a policy the scan uses only as a
/// permission boundary. Empty for `"Action": "*"`, `NotAction`, unknown
/// conditions and anything not fully decided.
pub fn open_grants(
    st: &Statement,
    policy: &Policy,
    list: &'static [&'static str],
    cx: &Ctx<'_>,
) -> Vec<OpenGrant> {
    if !policy.is_identity() || !st.is_allow() || st.conditions_incomplete {
        return Vec::new();
    }
    let unconstrained = st
        .conditions
        .iter()
        .all(|c| c.key_lower().as_deref() == Some("aws:securetransport"));
    let Some(actions) = st.action.as_ref().filter(|_| unconstrained) else {
        return Vec::new();
    };
    if actions
        .known()
        .any(|a| !a.is_empty() && a.bytes().all(|b| b == b'*'))
    {
        return Vec::new();
    }
    let context = request_context();
    let mut grants: Vec<OpenGrant> = list
        .iter()
        .filter(|a| action_matches(st, a).is_yes())
        .filter_map(|a| {
            let resource = every_resource(st, a)?;
            let req = Request {
                action: a,
                resource: &resource,
                context: &context,
            };
            evaluate(&[&policy.document], &req)
                .answer
                .is_yes()
                .then_some(OpenGrant {
                    action: a,
                    resource,
                })
        })
        .collect();
    if grants.is_empty() {
        return grants;
    }
    let analysis = cx.analysis();
    let reached: Vec<_> = analysis
        .subjects
        .iter()
        .filter(|s| {
            s.effective
                .sources
                .iter()
                .any(|src| std::ptr::eq(src.document, &policy.document))
        })
        .collect();
    let is_this =
        |src: &crate::analysis::effective::Source<'_>| std::ptr::eq(src.document, &policy.document);
    let boundary_only = reached.is_empty()
        && analysis.subjects.iter().any(|s| {
            s.effective
                .limits
                .iter()
                .any(|l| l.sources.iter().any(is_this))
        });
    if boundary_only {
        // a permission boundary grants nothing by itself
        return Vec::new();
    }
    if !reached.is_empty() {
        grants.retain(|g| {
            reached.iter().any(|s| {
                !s.effective
                    .allows(g.action, &g.resource, &context)
                    .answer
                    .is_no()
            })
        });
    }
    grants
}

/// `` `a`, `b` and 3 more `` for messages.
pub fn list_actions(grants: &[OpenGrant]) -> String {
    const SHOWN: usize = 6;
    let names: Vec<String> = grants
        .iter()
        .take(SHOWN)
        .map(|g| format!("`{}`", g.action))
        .collect();
    let mut out = names.join(", ");
    if grants.len() > SHOWN {
        out.push_str(&format!(" and {} more", grants.len() - SHOWN));
    }
    out
}

impl Rule for CredentialsExposure {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        report_open_grants(
            &Self::META,
            CREDENTIAL_ACTIONS,
            "these return or create credentials (database passwords, other users' keys, \
             instance passwords)",
            (st, policy),
            cx,
        );
    }
}

/// Reports the statement when it grants some action of `list` on every resource with
/// nothing constraining it ([`open_grants`]), saying `why` that matters.
pub fn report_open_grants(
    rule: &'static RuleMeta,
    list: &'static [&'static str],
    why: &str,
    (st, policy): (&Statement, &Policy),
    cx: &mut Ctx<'_>,
) {
    let grants = open_grants(st, policy, list, cx);
    if grants.is_empty() {
        return;
    }
    cx.report(
        rule,
        st.span,
        &policy.origin.address,
        format!(
            "grants {} on every resource with no condition: {why}; name the resources",
            list_actions(&grants)
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_action_is_in_the_catalogue() {
        let cat = catalogue::get();
        for a in CREDENTIAL_ACTIONS {
            assert!(cat.lookup(a).is_some(), "{a}");
        }
    }

    #[test]
    fn probes_fill_every_placeholder() {
        let (p, all) = probes("rds-db:Connect");
        assert!(all && !p.is_empty());
        assert!(p
            .iter()
            .all(|p| p.starts_with("arn:aws:rds-db:") && !p.contains('$')));
        let (p, all) = probes("s3:GetObject");
        assert!(!all);
        assert!(p.contains(&"arn:aws:s3:::leastpriv-probe/leastpriv-probe".to_string()));
        assert!(probes("lightsail:DownloadDefaultKeyPair").0.is_empty());
        assert!(probes("nosuch:Action").0.is_empty());
    }
}
