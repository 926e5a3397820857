use crate::catalogue::{self, Action, ActionId, Catalogue};
use crate::model::policy::{Condition, Document, Effect, Statement};
use crate::model::semantics::Tri;
use crate::model::wildcard::has_wildcard;
use crate::model::{Inventory, PermissionSetGrant, Policy};
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a condition whose key none of the statement's actions ever carries, by the
    /// AWS action catalogue: the key is neither among the condition keys of any of the
    /// actions nor among those of their resource types. The classic case is a `Deny` of
    /// `s3:PutBucketPolicy` conditioned on `s3:x-amz-server-side-encryption`, a header
    /// only object uploads send. Wildcard actions are expanded (`s3:Put*` carries the
    /// encryption key through `s3:PutObject`). Applies to identity, trust, resource and
    /// service control policies and permission set inline policies. Reported at the
    /// condition, saying what the missing key does to the statement: a positive
    /// operator (`StringEquals`, `Bool`, `ForAnyValue:…`, `Null: false`) never holds, so
    /// the statement never applies; a negated one (`StringNotEquals`, `…IfExists`,
    /// `ForAllValues:…`, `Null: true`) always holds, so the condition does nothing.
    ///
    /// Not reported, so as never to be wrong on incomplete data:
    /// - global `aws:` keys, which every request may carry;
    /// - keys whose prefix is no service in the catalogue (identity provider keys such
    ///   as `token.actions.githubusercontent.com:sub`, `SAML:aud`);
    /// - keys the catalogue lists for no action or resource type of their service at all:
    ///   a typo or a key newer than the catalogue, which the scan cannot tell apart, and
    ///   keys it lists for the service but links to none of its actions, where the data
    ///   is incomplete (`states:HTTPEndpoint` with `states:InvokeHTTPEndpoint`);
    /// - keys AWS adds to requests of every service made with a service's credentials
    ///   (`ec2:SourceInstanceARN`, `ec2:RoleDelivery`, `lambda:SourceFunctionArn`,
    ///   `glue:RoleAssumedBy`, `glue:CredentialIssuingService`, `ssm:SourceInstanceARN`);
    /// - statements with `NotAction`, with an action that is not fully known or matches
    ///   no catalogue action (`unknown-action` reports those), or with a wildcard in
    ///   the service part (`*`, `*:Get*`);
    /// - condition keys or operators that are not known.
    ///
    /// ## Why is this bad?
    /// IAM does not reject a condition on a key the request never carries; it evaluates
    /// it against a missing value. A guardrail such as "deny unless encrypted" then
    /// silently denies nothing, or an `Allow` meant to be narrowed grants nothing or
    /// everything, and the policy reads as stricter than it is.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Deny", "Action": "s3:PutBucketPolicy", "Resource": "*",
    ///   "Condition": { "StringEquals": { "s3:x-amz-server-side-encryption": "AES256" } } }
    /// ```
    ///
    /// Use instead: condition the actions that carry the key.
    /// ```json
    /// { "Effect": "Deny", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs/*",
    ///   "Condition": { "StringNotEquals": { "s3:x-amz-server-side-encryption": "aws:kms" } } }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html>
    pub ConditionKeyNotApplicable {
        id: "IAM805",
        name: "condition-key-not-applicable",
        severity: Medium,
        precision: High,
        tags: ["validity"],
        summary: "Condition key that none of the statement's actions carries",
    }
}

/// Service keys AWS adds to every request made with a service's credentials, whatever
/// the action, lower-cased.
const CROSS_SERVICE_KEYS: &[&str] = &[
    "ec2:sourceinstancearn",
    "ec2:sourceinstanceprivateipv4",
    "ec2:roledelivery",
    "lambda:sourcefunctionarn",
    "glue:roleassumedby",
    "glue:credentialissuingservice",
    "ssm:sourceinstancearn",
];

/// Most actions a statement may expand to before it is left alone (a larger set almost
/// always carries any key of its services, and is costly to ask).
const MAX_ACTIONS: usize = 4_000;

/// The catalogue actions of a statement, or `None` when they cannot all be named.
fn statement_actions<'c>(cat: &'c Catalogue, st: &Statement) -> Option<Vec<&'c Action>> {
    let items = st.action.as_ref()?;
    if st.not_action.is_some() || !items.fully_known() {
        return None;
    }
    let mut out: Vec<ActionId> = Vec::new();
    for pattern in items.known() {
        let service = pattern.split_once(':').map(|(s, _)| s)?;
        if has_wildcard(service) {
            return None;
        }
        let before = out.len();
        out.extend(cat.expand(pattern).map(Action::id));
        if out.len() == before || out.len() > MAX_ACTIONS {
            return None;
        }
    }
    Some(out.into_iter().filter_map(|id| cat.action(id)).collect())
}

/// Whether the condition holds when its key is absent from the request.
fn holds_when_absent(c: &Condition) -> Option<bool> {
    let op = c.operator.as_known()?;
    let (set, rest) = match op.split_once(':') {
        Some((q, r)) => (Some(q), r),
        None => (None, op),
    };
    if rest == "Null" {
        let v = match c.values.items.as_slice() {
            [one] => one.value.as_known()?,
            _ => return None,
        };
        return Some(v.eq_ignore_ascii_case("true"));
    }
    Some(match set {
        Some(q) if q.eq_ignore_ascii_case("ForAllValues") => true,
        Some(q) if q.eq_ignore_ascii_case("ForAnyValue") => false,
        Some(_) => return None,
        None => rest.ends_with("IfExists") || rest.contains("Not"),
    })
}

/// The key of the condition when the rule may judge it (see [`judged`]).
fn judged_key<'k>(cat: &Catalogue, c: &'k Condition) -> Option<&'k str> {
    c.key.as_known().filter(|k| judged(cat, k))
}

/// True when the rule may judge a key: not global, of a known service that links it to
/// some action or resource type, and not added across services.
fn judged(cat: &Catalogue, key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    let Some((prefix, _)) = lower.split_once(':') else {
        return false;
    };
    if prefix == "aws" || CROSS_SERVICE_KEYS.contains(&lower.as_str()) {
        return false;
    }
    let Some(service) = cat.service(prefix) else {
        return false;
    };
    if !service.condition_keys().iter().any(|k| k.matches(key)) {
        return false;
    }
    // a key the service lists but links to none of its actions or resource types is a
    // gap in the data (`states:HTTPEndpoint`), not a key no action carries
    service
        .action_ids()
        .filter_map(|id| cat.action(id))
        .any(|a| cat.condition_key_applies(a, key) == Tri::Yes)
}

fn check(st: &Statement, address: &str, cx: &mut Ctx<'_>) {
    if st.conditions.is_empty() {
        return;
    }
    let cat = catalogue::get();
    let judged: Vec<(&Condition, &str)> = st
        .conditions
        .iter()
        .filter_map(|c| judged_key(cat, c).map(|k| (c, k)))
        .collect();
    if judged.is_empty() {
        return;
    }
    let Some(actions) = statement_actions(cat, st) else {
        return;
    };
    for (c, key) in judged {
        let carried = actions
            .iter()
            .any(|a| cat.condition_key_applies(a, key) != Tri::No);
        if carried {
            continue;
        }
        let named: Vec<&str> = st.action.iter().flat_map(|a| a.known()).collect();
        let effect = match (holds_when_absent(c), &st.effect) {
            (Some(true), _) => "the condition always holds and restricts nothing",
            (Some(false), Effect::Deny) => {
                "the condition never holds and this `Deny` never applies"
            }
            (Some(false), _) => "the condition never holds and this statement never applies",
            (None, _) => "the condition is evaluated against a missing value",
        };
        cx.report(
            &ConditionKeyNotApplicable::META,
            c.span,
            address,
            format!(
                "condition key `{key}` is never sent with `{}`: {effect}",
                named.join("`, `")
            ),
        );
    }
}

fn check_document(doc: &Document, address: &str, cx: &mut Ctx<'_>) {
    if let Some(pd) = doc.parsed() {
        for st in &pd.statements {
            check(st, address, cx);
        }
    }
}

impl Rule for ConditionKeyNotApplicable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        check(st, &policy.origin.address, cx);
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        for rp in &inv.resource_policies {
            check_document(&rp.document, &rp.origin.address, cx);
        }
        for scp in &inv.service_control_policies {
            check_document(&scp.document, &scp.origin.address, cx);
        }
        for psp in &inv.permission_set_policies {
            if let PermissionSetGrant::Inline(doc) = &psp.grant {
                check_document(doc, &psp.origin.address, cx);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_service_keys_are_lower_case() {
        assert!(CROSS_SERVICE_KEYS
            .iter()
            .all(|k| k.to_ascii_lowercase() == *k));
    }

    #[test]
    fn seed_example_is_not_carried() {
        let cat = catalogue::get();
        let put_policy = cat.lookup("s3:PutBucketPolicy").expect("action");
        assert_eq!(
            cat.condition_key_applies(put_policy, "s3:x-amz-server-side-encryption"),
            Tri::No
        );
        let s3 = cat.service("s3").expect("s3");
        assert!(s3
            .condition_keys()
            .iter()
            .any(|k| k.matches("s3:x-amz-server-side-encryption")));
        assert!(!s3
            .condition_keys()
            .iter()
            .any(|k| k.matches("s3:NoSuchKeyYet")));
    }

    #[test]
    fn common_pairs_are_carried() {
        // keys real policies use with these actions: the rule must stay quiet on them
        let cat = catalogue::get();
        let pairs = [
            ("sts:AssumeRole", "sts:ExternalId"),
            ("sts:AssumeRole", "sts:RoleSessionName"),
            ("sts:AssumeRoleWithSAML", "SAML:aud"),
            ("iam:CreateRole", "iam:PermissionsBoundary"),
            ("iam:PutRolePolicy", "iam:PermissionsBoundary"),
            ("iam:AttachRolePolicy", "iam:PolicyARN"),
            ("iam:PassRole", "iam:PassedToService"),
            ("iam:CreateServiceLinkedRole", "iam:AWSServiceName"),
            ("s3:PutObject", "s3:x-amz-acl"),
            ("s3:ListBucket", "s3:prefix"),
            ("s3:GetObject", "s3:ExistingObjectTag/classification"),
            ("kms:Decrypt", "kms:ViaService"),
            ("kms:Decrypt", "kms:EncryptionContext:aws:s3:arn"),
            ("kms:CreateGrant", "kms:GrantIsForAWSResource"),
            ("dynamodb:GetItem", "dynamodb:LeadingKeys"),
            ("ec2:RunInstances", "ec2:InstanceType"),
            ("ec2:TerminateInstances", "ec2:ResourceTag/team"),
            (
                "secretsmanager:GetSecretValue",
                "secretsmanager:ResourceTag/team",
            ),
            ("ssm:StartSession", "ssm:SessionDocumentAccessCheck"),
            ("lambda:CreateEventSourceMapping", "lambda:FunctionArn"),
        ];
        for (action, key) in pairs {
            let a = cat.lookup(action).expect(action);
            let quiet = !judged(cat, key) || cat.condition_key_applies(a, key) != Tri::No;
            assert!(quiet, "{action} {key}");
        }
        // the seed is judged, and flagged
        assert!(judged(cat, "s3:x-amz-server-side-encryption"));
        assert!(!judged(cat, "aws:SourceIp"));
        assert!(!judged(cat, "token.actions.githubusercontent.com:sub"));
        assert!(!judged(cat, "states:HTTPEndpoint"));
    }
}
