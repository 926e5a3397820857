use crate::analysis::effective::{request_context, Effective, PrincipalId};
use crate::catalogue::managed_policies;
use crate::model::policy::Document;
use crate::model::semantics::conditions::Context;
use crate::model::semantics::{evaluate, Reason, Request};
use crate::model::{Inventory, PrincipalKind};
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a console password (`aws_iam_user_login_profile`, the `LoginProfile` of an
    /// `AWS::IAM::User`) of a user whose policies do not deny requests made without
    /// multi-factor authentication. The user's effective permissions (its own inline
    /// and attached policies, those of its groups, and its permission boundary) are
    /// asked whether a request signed in without MFA (`aws:MultiFactorAuthPresent`
    /// false, no `aws:MultiFactorAuthAge`) to `s3:GetObject`, `ec2:DescribeInstances`
    /// or `iam:CreateUser` on `*` meets an explicit `Deny`, the way the usual "force
    /// MFA" policy does:
    ///
    /// ```json
    /// { "Effect": "Deny",
    ///   "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice",
    ///                 "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices",
    ///                 "iam:ResyncMFADevice", "sts:GetSessionToken"],
    ///   "Resource": "*",
    ///   "Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" } } }
    /// ```
    ///
    /// A user is reported only when some probe is definitely not denied. A policy the
    /// scan cannot read (an attachment of a policy outside the scan, a group that is not
    /// in it, an unresolved document, a deny with conditions on other keys) may hold the
    /// deny, so the user is not reported; neither is a login profile whose user is not
    /// resolved. Not seen: SCPs, MFA enforced by an identity provider in front of the
    /// console, and denies that only cover other actions than the probes.
    ///
    /// ## Why is this bad?
    /// A console password alone is a phishable, guessable, reusable secret. Registering
    /// an MFA device is up to the user, and IAM has no account setting that makes it
    /// mandatory: only a policy that denies everything but MFA self-service until the
    /// session has MFA makes sure a stolen password is not enough.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_user_login_profile" "alice" {
    ///   user    = aws_iam_user.alice.name
    ///   pgp_key = "keybase:alice"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// resource "aws_iam_group_policy" "force_mfa" {
    ///   group  = aws_iam_group.humans.name
    ///   policy = data.aws_iam_policy_document.force_mfa.json # Deny NotAction [MFA self-service] without MFA
    /// }
    /// ```
    /// and make every user with a login profile a member of that group.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_mfa-selfmanage.html>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html>
    pub ConsoleUserWithoutMfaEnforcement {
        id: "IAM405",
        name: "console-user-without-mfa-enforcement",
        severity: Medium,
        precision: High,
        tags: ["mfa", "users", "credentials"],
        summary: "Console user whose policies do not deny access without MFA",
    }
}

/// Actions a "force MFA" deny covers, whatever MFA self-service it leaves out.
const PROBES: &[&str] = &["s3:GetObject", "ec2:DescribeInstances", "iam:CreateUser"];

/// The first probe that no `Deny` of `docs` can refuse without MFA: with an allow-all
/// document beside them the only way to a refusal is an explicit deny, and an undecided
/// deny is not a gap.
fn undenied<'d>(
    docs: &[&'d Document],
    allow_all: &'d Document,
    cx: &Context,
) -> Option<&'static str> {
    let mut docs: Vec<&Document> = docs.to_vec();
    docs.push(allow_all);
    PROBES.iter().copied().find(|action| {
        let req = Request {
            action,
            resource: "*",
            context: cx,
        };
        evaluate(&docs, &req).reason == Reason::Allowed
    })
}

impl Rule for ConsoleUserWithoutMfaEnforcement {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        let Some(allow_all) = managed_policies()
            .by_name("AdministratorAccess")
            .map(|m| m.document())
        else {
            return;
        };
        let no_mfa = request_context()
            .with("aws:MultiFactorAuthPresent", &["false"])
            .without("aws:MultiFactorAuthAge");
        for lp in &inv.login_profiles {
            if lp.user.kind != PrincipalKind::User {
                continue;
            }
            let Some(index) = lp.user.resolved else {
                continue;
            };
            let id = PrincipalId {
                kind: PrincipalKind::User,
                index,
            };
            let effective = Effective::of(inv, id);
            let identity: Vec<&Document> = effective.sources.iter().map(|s| s.document).collect();
            let Some(mut gap) = undenied(&identity, allow_all, &no_mfa) else {
                continue;
            };
            // a boundary's deny refuses the request as well
            let mut denied_by_limit = false;
            for limit in &effective.limits {
                let docs: Vec<&Document> = limit.sources.iter().map(|s| s.document).collect();
                match undenied(&docs, allow_all, &no_mfa) {
                    None => denied_by_limit = true,
                    Some(a) => gap = a,
                }
            }
            if denied_by_limit {
                continue;
            }
            cx.report(
                &Self::META,
                lp.origin.span,
                &lp.origin.address,
                format!(
                    "{} has a console password, but no policy of the user or its groups denies \
                     requests without MFA (`{gap}` is not denied when \
                     `aws:MultiFactorAuthPresent` is false); attach a policy that denies all \
                     but MFA self-service without MFA",
                    inv.describe_principal(&lp.user)
                ),
            );
        }
    }
}
