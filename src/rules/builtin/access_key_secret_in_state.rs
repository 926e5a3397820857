use crate::model::{AccessKey, Inventory, SecretExposure};
use crate::rules::{Ctx, RawFinding, Related, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags the secret of an IAM access key landing where others can read it:
    ///
    /// - Terraform: an `aws_iam_access_key` without `pgp_key` keeps its `secret` (and
    ///   `ses_smtp_password_v4`) in the state in plain text. An `output` whose value reads
    ///   `aws_iam_access_key.NAME.secret` or `.ses_smtp_password_v4` is reported at the
    ///   output (`sensitive = true` hides it on screen, not in the state); a key whose
    ///   secret no output reads is reported at the key.
    /// - CloudFormation: `!GetAtt Key.SecretAccessKey` of an `AWS::IAM::AccessKey` in the
    ///   template's `Outputs`, or in a property of any resource other than an
    ///   `AWS::SecretsManager::Secret` (an SSM parameter, a Lambda environment variable).
    ///   A key whose secret the template does not read is not reported: CloudFormation
    ///   keeps it nowhere.
    ///
    /// IAM402 (access-key-for-user) reports the key itself; this rule is about where its
    /// secret ends up. A plan's root module outputs are read from its `configuration`
    /// (the references each output's expression makes). An output's value is followed
    /// through `local`s (objects and lists of them included). Not seen: a secret passed
    /// through a module output before it reaches an `output`, a plan's outputs built from
    /// locals, and Terraform resources other than outputs that copy the secret (it is in
    /// the state anyway).
    ///
    /// ## Why is this bad?
    /// The state file and a stack's outputs are read by far more people and systems than
    /// the key's owner: every engineer with access to the state bucket, every CI job that
    /// runs `terraform output` or `terraform show`, everyone allowed
    /// `cloudformation:DescribeStacks`. A secret access key there is a working
    /// credential for anyone who looks, for as long as the key lives.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_access_key" "smtp" {
    ///   user = aws_iam_user.smtp.name
    /// }
    ///
    /// output "smtp_password" {
    ///   value     = aws_iam_access_key.smtp.ses_smtp_password_v4
    ///   sensitive = true
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// resource "aws_iam_access_key" "smtp" {
    ///   user    = aws_iam_user.smtp.name
    ///   pgp_key = "keybase:mail-admins"
    /// }
    ///
    /// output "smtp_password_encrypted" {
    ///   value = aws_iam_access_key.smtp.encrypted_ses_smtp_password_v4
    /// }
    /// ```
    /// In CloudFormation, write the secret into an `AWS::SecretsManager::Secret` and
    /// export only the secret's ARN.
    ///
    /// ## References
    /// - <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_access_key>
    /// - <https://developer.hashicorp.com/terraform/language/state/sensitive-data>
    /// - <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-accesskey.html>
    pub AccessKeySecretInState {
        id: "IAM502",
        name: "access-key-secret-in-state",
        severity: High,
        precision: High,
        tags: ["credentials", "secrets"],
        summary: "Access key secret stored in plain text in state or outputs",
    }
}

/// True for keys written in Terraform (HCL or a plan): their address names the type.
fn is_terraform(k: &AccessKey) -> bool {
    k.origin.address.contains("aws_iam_access_key.")
}

/// The exposures of key `k`'s secret: same scope, same address (any instance).
fn exposures_of<'a>(inv: &'a Inventory, k: &AccessKey) -> Vec<&'a SecretExposure> {
    let address = k.origin.address.as_str();
    inv.secret_exposures
        .iter()
        .filter(|e| e.scope == k.origin.scope)
        .filter(|e| {
            address == e.key
                || address
                    .strip_prefix(e.key.as_str())
                    .is_some_and(|rest| rest.starts_with('['))
        })
        .collect()
}

impl Rule for AccessKeySecretInState {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        let mut seen: Vec<(crate::source::Span, &str)> = Vec::new();
        for k in &inv.access_keys {
            let terraform = is_terraform(k);
            if terraform && k.pgp_key {
                continue;
            }
            let user = inv.describe_principal(&k.user);
            let exposures = exposures_of(inv, k);
            if terraform && exposures.is_empty() {
                cx.report(
                    &Self::META,
                    k.origin.span,
                    &k.origin.address,
                    format!(
                        "the secret of the access key of {user} is written to the Terraform \
                         state in plain text (no `pgp_key`); encrypt it with `pgp_key`, or \
                         better, replace the key with a role"
                    ),
                );
                continue;
            }
            for e in exposures {
                // one finding per place, even when a splat reads every instance
                if seen.contains(&(e.span, e.key.as_str())) {
                    continue;
                }
                seen.push((e.span, e.key.as_str()));
                let message = match (terraform, e.output) {
                    (true, _) => format!(
                        "{} exposes the `{}` of the access key of {user} in plain text: it \
                         is stored in the state and read by whoever reads the output \
                         (`terraform output`, `terraform_remote_state`){}",
                        e.place,
                        e.attribute,
                        if e.sensitive {
                            " (`sensitive = true` only hides it on screen)"
                        } else {
                            ""
                        }
                    ),
                    (false, true) => format!(
                        "{} exposes the secret access key of {user} to everyone allowed to \
                         describe the stack; keep it in an AWS::SecretsManager::Secret and \
                         output its ARN",
                        e.place
                    ),
                    (false, false) => format!(
                        "the secret access key of {user} is written in plain text into {}; \
                         keep it in an AWS::SecretsManager::Secret",
                        e.place
                    ),
                };
                cx.push(RawFinding {
                    rule: &Self::META,
                    span: e.span,
                    address: k.origin.address.clone(),
                    message,
                    related: vec![Related {
                        span: k.origin.span,
                        message: "the access key".into(),
                    }],
                    steps: Vec::new(),
                });
            }
        }
    }
}
