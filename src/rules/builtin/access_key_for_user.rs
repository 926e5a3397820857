use crate::model::Inventory;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags every long-lived access key created for an IAM user (`aws_iam_access_key`,
    /// CloudFormation `AWS::IAM::AccessKey`). The message says when the user also has a
    /// console password (a human with programmatic keys). Where the key's secret ends up
    /// (the Terraform state, a stack output) is the concern of `access-key-secret-in-state`
    /// (IAM502). It does not see keys created outside the code (the console, the CLI).
    ///
    /// ## Why is this bad?
    /// Access keys never expire on their own. They leak through laptops, CI logs and
    /// repositories, and a leaked key works from anywhere until someone notices. Created
    /// by Terraform, the secret is also written to the state file; created by
    /// CloudFormation, it is often passed on in an output or a parameter. Workloads should use
    /// roles (instance profiles, IRSA, OIDC federation from CI) and people should use
    /// IAM Identity Center, so that every credential is temporary.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_access_key" "ci" {
    ///   user = aws_iam_user.ci.name
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// # let the pipeline assume a role through OIDC federation instead of holding a key
    /// resource "aws_iam_role" "ci" {
    ///   assume_role_policy = data.aws_iam_policy_document.github_oidc.json
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html>
    pub AccessKeyForUser {
        id: "IAM402",
        name: "access-key-for-user",
        severity: Medium,
        precision: VeryHigh,
        tags: ["credentials", "users"],
        summary: "Long-lived access key created for an IAM user",
    }
}

impl Rule for AccessKeyForUser {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        for k in &inv.access_keys {
            let user = inv.describe_principal(&k.user);
            let console = inv.login_profiles.iter().any(|l| l.user.same_as(&k.user));
            let mut msg = format!("long-lived access key for {user}");
            if console {
                msg.push_str(", who also has a console password (a human user with keys)");
            }
            msg.push_str("; use roles and temporary credentials instead");
            cx.report(&Self::META, k.origin.span, &k.origin.address, msg);
        }
    }
}
