use crate::model::policy::Statement;
use crate::model::Policy;
use crate::rules::builtin::credentials_exposure::report_open_grants;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an `Allow` statement of an identity policy (managed or inline) that grants,
    /// on every resource and with no condition, an action that reads data in bulk:
    ///
    /// - `s3:GetObject`, `s3:GetObjectVersion` (every object of every bucket);
    /// - `secretsmanager:GetSecretValue`; `ssm:GetParameter`, `ssm:GetParameters`,
    ///   `ssm:GetParametersByPath`, `ssm:GetParameterHistory` (every secret and
    ///   parameter, `SecureString`s included when the key allows);
    /// - `kms:Decrypt` (every key whose key policy delegates to IAM);
    /// - `dynamodb:Scan`, `dynamodb:Query`, `dynamodb:GetItem`, `dynamodb:BatchGetItem`,
    ///   `dynamodb:ExportTableToPointInTime` (every table, or a full export to a bucket
    ///   of the caller's choosing);
    /// - `ebs:GetSnapshotBlock` (the blocks of every EBS snapshot).
    ///
    /// Wildcards count (`s3:Get*`, `ssm:GetParameter*`, `dynamodb:*`). "Every resource"
    /// is `*` or a pattern that matches every resource of the action's type
    /// (`arn:aws:s3:::*`, `arn:aws:ssm:*:*:parameter/*`). One finding per statement,
    /// listing the actions. A condition on `aws:SecureTransport` alone does not
    /// constrain anything; any other condition (`kms:ViaService`, `s3:prefix`,
    /// `aws:ResourceTag/…`) does.
    ///
    /// Reported per statement, as `credentials-exposure` (IAM309) is, with the same
    /// handling of denies: a `Deny` in the same document that applies or may apply, or
    /// effective permissions that refuse the action to every principal the policy
    /// reaches in the scan, remove it; a managed policy used only as a permission
    /// boundary is not reported.
    ///
    /// Not reported: `"Action": "*"` (`full-admin-statement`, `wildcard-action`),
    /// `NotAction` (`allow-with-not-action`), values or resources that are not fully
    /// known (`arn:aws:s3:::${var.bucket}/*`), policies of permission sets and AWS
    /// managed policies such as `ReadOnlyAccess` (their statements are not in the
    /// scan). Left out of the list: image pulls (`ecr:BatchGetImage`: base images are
    /// shared by design), logs and metrics reads, and `lambda:GetFunction`.
    /// `wildcard-resource-on-restrictable-action` (IAM107) also reports these
    /// statements as hygiene; this rule names the data at stake.
    ///
    /// ## Why is this bad?
    /// A workload that needs one bucket, table or secret but may read all of them turns
    /// any compromise of it (a leaked key, an SSRF to the instance metadata service)
    /// into a copy of the account's data and secrets. Least privilege means naming the
    /// data.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Allow", "Action": ["s3:GetObject", "secretsmanager:GetSecretValue"],
    ///   "Resource": "*" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" },
    /// { "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
    ///   "Resource": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db-*" }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>
    /// - <https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html>
    /// - <https://docs.aws.amazon.com/kms/latest/developerguide/iam-policies-best-practices.html>
    pub DataExfiltration {
        id: "IAM310",
        name: "data-exfiltration",
        severity: High,
        precision: High,
        tags: ["least-privilege", "data"],
        summary: "Statement lets the caller read data in bulk on every resource without a condition",
    }
}

/// Actions that read data in bulk (see the docs for what is left out).
pub const BULK_READ_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:GetObjectVersion",
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "ssm:GetParameterHistory",
    "kms:Decrypt",
    "dynamodb:Scan",
    "dynamodb:Query",
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:ExportTableToPointInTime",
    "ebs:GetSnapshotBlock",
];

impl Rule for DataExfiltration {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        report_open_grants(
            &Self::META,
            BULK_READ_ACTIONS,
            "every object, secret, parameter, key or table of the account can be read",
            (st, policy),
            cx,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_action_is_in_the_catalogue() {
        let cat = crate::catalogue::get();
        for a in BULK_READ_ACTIONS {
            assert!(cat.lookup(a).is_some(), "{a}");
        }
    }
}
