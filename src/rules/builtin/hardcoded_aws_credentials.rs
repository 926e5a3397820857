use crate::model::{CredentialKind, Inventory};
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags AWS credentials written in code: access key ids (`AKIA…`, `ASIA…`) anywhere
    /// in a scanned file, 40-character secret access keys assigned to a name such as
    /// `secret_key` or `aws_secret_access_key`, and literal `access_key` / `secret_key`
    /// values in a Terraform `provider "aws"` block. Outside provider blocks, the values
    /// AWS publishes in its own documentation (containing `EXAMPLE`) are ignored, since
    /// they appear in comments and docs; inside one they are reported, because a literal
    /// key there configures static credentials in code whatever its value. Findings show
    /// keys redacted: nothing leastpriv writes contains a full key.
    ///
    /// ## Why is this bad?
    /// A key in a repository is a key in every clone, fork, CI cache and backup of it,
    /// and automated scrapers find pushed keys within minutes. Rotating the key is the
    /// only remedy once it is committed: removing the line does not remove it from
    /// history.
    ///
    /// ## Example
    /// ```hcl
    /// provider "aws" {
    ///   region     = "eu-west-1"
    ///   access_key = "AKIA…"   # a real key id
    ///   secret_key = "…"       # its secret
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// provider "aws" {
    ///   region = "eu-west-1"
    ///   # credentials come from the environment: SSO, an assumed role, or OIDC in CI
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles>
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration>
    pub HardcodedAwsCredentials {
        id: "IAM501",
        name: "hardcoded-aws-credentials",
        severity: Critical,
        precision: High,
        tags: ["secrets", "credentials"],
        summary: "AWS access key or secret written in code",
    }
}

impl Rule for HardcodedAwsCredentials {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        for c in &inv.credentials {
            let what = match c.kind {
                CredentialKind::AccessKeyId => "access key id",
                CredentialKind::SecretAccessKey => "secret access key",
            };
            cx.report(
                &Self::META,
                c.span,
                "",
                format!(
                    "AWS {what} in code ({}: {}); rotate it and load credentials from the environment",
                    c.context, c.redacted
                ),
            );
        }
    }
}
