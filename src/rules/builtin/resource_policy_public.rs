use crate::catalogue;
use crate::model::policy::{Condition, Effect, Items, PolicyDocument, Statement};
use crate::model::wildcard;
use crate::model::{Inventory, ResourcePolicyKind};
use crate::rules::builtin::is_restricting_key;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a statement of a resource policy (S3 bucket policy, SQS queue policy, SNS
    /// topic policy, KMS key policy, Lambda permission, ECR repository policy, Secrets
    /// Manager secret policy; Terraform, plans and CloudFormation) that allows
    /// `"Principal": "*"` or `{"AWS": "*"}` with no condition narrowing who the callers
    /// are. Narrowing keys: `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`,
    /// `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:SourceAccount`, `aws:SourceArn`,
    /// `aws:SourceOrgID`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceVpcArn`,
    /// `aws:VpceAccount`, `aws:VpceOrgID`, `aws:VpceOrgPaths`, `aws:SourceIp`,
    /// `aws:SourceOwner` (SNS), `aws:userid`, `aws:PrincipalServiceName`,
    /// `kms:CallerAccount`, `s3:DataAccessPointAccount`, `s3:DataAccessPointArn`,
    /// `sts:ExternalId`. A Lambda permission for `*` without `source_arn`,
    /// `source_account` or `principal_org_id` is the same case. Reported at the
    /// statement, with the actions it opens.
    ///
    /// Not reported: statements whose conditions are not fully known, or that have a
    /// condition key that is not known (it may narrow); statements a `Deny` of the same
    /// document for every principal may override (a `Deny` with a narrowing condition,
    /// such as "deny unless `aws:SourceVpce`", or with conditions that are not known);
    /// principals that are not `*`. A condition on `aws:SecureTransport` alone does not
    /// narrow the callers. The scan does not see S3 Block Public Access, which may stop
    /// a public bucket policy from taking effect (`aws_s3_bucket_public_access_block`).
    ///
    /// ## Why is this bad?
    /// A resource policy that allows `*` lets any AWS account, and for S3, SNS, SQS and
    /// Lambda function URLs any anonymous caller, use the resource: read the objects,
    /// send or read the messages, use the key, invoke the function, pull the images.
    /// Public access must be a deliberate, narrow exception.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
    ///   "Resource": "arn:aws:s3:::reports/*" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
    ///   "Resource": "arn:aws:s3:::reports/*",
    ///   "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html>
    /// - <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>
    /// - <https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html>
    pub ResourcePolicyPublic {
        id: "IAM701",
        name: "resource-policy-public",
        severity: Critical,
        precision: High,
        tags: ["resource-policy", "public-access"],
        summary: "Resource policy allows any principal without a restricting condition",
    }
}

/// Narrowing keys that [`is_restricting_key`] does not list, lower-cased.
const MORE_NARROWING_KEYS: &[&str] = &[
    "aws:sourceip",
    "aws:sourcevpcarn",
    "aws:vpceaccount",
    "aws:vpceorgid",
    "aws:vpceorgpaths",
    "aws:sourceowner",
    "aws:userid",
    "aws:principalservicename",
    "kms:calleraccount",
    "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
];

/// True when the condition may narrow who the caller is (an unknown key may).
fn narrows(c: &Condition) -> bool {
    match c.key_lower() {
        None => true,
        Some(k) => is_restricting_key(&k) || MORE_NARROWING_KEYS.contains(&k.as_str()),
    }
}

/// A resource type for messages.
fn describe(kind: ResourcePolicyKind) -> &'static str {
    match kind {
        ResourcePolicyKind::S3Bucket => "S3 bucket policy",
        ResourcePolicyKind::SqsQueue => "SQS queue policy",
        ResourcePolicyKind::SnsTopic => "SNS topic policy",
        ResourcePolicyKind::KmsKey => "KMS key policy",
        ResourcePolicyKind::LambdaPermission => "Lambda permission",
        ResourcePolicyKind::EcrRepository => "ECR repository policy",
        ResourcePolicyKind::SecretsManagerSecret => "Secrets Manager secret policy",
    }
}

/// True when two action lists may share an action: a pattern of one matches a pattern
/// of the other, some catalogue action matches both, or either is not fully known.
fn may_overlap(a: Option<&Items>, b: Option<&Items>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    if !a.fully_known() || !b.fully_known() {
        return true;
    }
    let cat = catalogue::get();
    a.known().any(|x| {
        b.known().any(|y| {
            wildcard::matches(x, y, true)
                || wildcard::matches(y, x, true)
                || cat
                    .expand(x)
                    .any(|act| wildcard::matches(y, act.full_name(), true))
        })
    })
}

/// True when a statement of the document may deny what `allow` grants to everyone.
fn overridden(doc: &PolicyDocument, allow: &Statement) -> bool {
    doc.statements.iter().any(|d| {
        let for_everyone = d.not_principal.is_some()
            || d.principal
                .as_ref()
                .is_none_or(|p| p.is_everyone() || p.incomplete);
        let narrowing =
            d.conditions.is_empty() || d.conditions_incomplete || d.conditions.iter().any(narrows);
        let denies = match d.effect {
            Effect::Deny => true,
            Effect::Unknown(_) => true,
            Effect::Allow => false,
        };
        denies
            && for_everyone
            && narrowing
            && (d.not_action.is_some() || may_overlap(allow.action.as_ref(), d.action.as_ref()))
    })
}

impl Rule for ResourcePolicyPublic {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        for rp in &inv.resource_policies {
            let Some(doc) = rp.document.parsed() else {
                continue;
            };
            for st in &doc.statements {
                let public = st.is_allow()
                    && st.principal.as_ref().is_some_and(|p| p.is_everyone())
                    && !st.conditions_incomplete
                    && !st.conditions.iter().any(narrows);
                if !public || overridden(doc, st) {
                    continue;
                }
                let actions = match (&st.action, &st.not_action) {
                    (Some(a), _) => {
                        let known: Vec<&str> = a.known().collect();
                        if known.is_empty() {
                            "its actions".to_string()
                        } else {
                            format!("`{}`", known.join("`, `"))
                        }
                    }
                    (None, Some(_)) => "every action but those in `NotAction`".to_string(),
                    (None, None) => "its actions".to_string(),
                };
                let how = if rp.kind == ResourcePolicyKind::LambdaPermission {
                    "; set `source_arn` / `SourceArn`, `source_account` or `principal_org_id`"
                } else {
                    "; name the principals, or add a condition such as `aws:PrincipalOrgID` \
                     or `aws:SourceArn`"
                };
                cx.report(
                    &Self::META,
                    st.span,
                    &rp.origin.address,
                    format!(
                        "{} lets any principal (`*`) use {actions} with no condition \
                         restricting who{how}",
                        describe(rp.kind)
                    ),
                );
            }
        }
    }
}
