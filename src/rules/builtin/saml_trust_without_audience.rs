use crate::model::policy::{PrincipalEntry, Statement};
use crate::model::Policy;
use crate::rules::builtin::decided_trust_allow;
use crate::rules::{Ctx, Rule, RuleMeta};
use crate::value::Value;

declare_rule! {
    /// ## What it does
    /// Flags a role trust policy statement that lets a SAML identity provider's users
    /// assume the role (`sts:AssumeRoleWithSAML` with a `Federated` principal) without a
    /// condition on `SAML:aud`, or with one whose every value is `*`. Reported at the
    /// statement.
    ///
    /// Not reported: a `Deny`; statements whose conditions or condition keys are not
    /// fully known (one of them might be `SAML:aud`); `Federated` principals that are all
    /// known and none of them a SAML provider (`…:saml-provider/…`), which are OIDC or
    /// Cognito trusts (see `oidc-trust-without-subject`). The values of `SAML:aud` are
    /// not compared with AWS's sign-in endpoint: any specific value counts. Other SAML
    /// keys (`SAML:sub`, `SAML:iss`, …) narrow further and are not required.
    ///
    /// ## Why is this bad?
    /// `SAML:aud` is the endpoint the assertion was issued for. AWS's console flow pins it
    /// to `https://signin.aws.amazon.com/saml`; without the condition, the role accepts any
    /// assertion the identity provider signs, including ones meant for another
    /// application or another AWS sign-in endpoint, which widens what a leaked or
    /// replayed assertion can be used for. Federation should trust exactly the flow it
    /// was set up for.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Allow", "Action": "sts:AssumeRoleWithSAML",
    ///   "Principal": { "Federated": "arn:aws:iam::111122223333:saml-provider/okta" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Effect": "Allow", "Action": "sts:AssumeRoleWithSAML",
    ///   "Principal": { "Federated": "arn:aws:iam::111122223333:saml-provider/okta" },
    ///   "Condition": { "StringEquals": { "SAML:aud": "https://signin.aws.amazon.com/saml" } } }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml>
    pub SamlTrustWithoutAudience {
        id: "IAM202",
        name: "saml-trust-without-audience",
        severity: Medium,
        precision: High,
        tags: ["trust", "federation", "saml"],
        summary: "SAML trust without a condition on the assertion's audience (SAML:aud)",
    }
}

/// True when a `Federated` entry may name a SAML provider: some value is, or is not
/// known well enough to say it is not.
fn may_be_saml(entry: &PrincipalEntry) -> bool {
    if entry.values.incomplete {
        return true;
    }
    entry.values.items.iter().any(|i| match &i.value {
        Value::Known(s) => s.contains(":saml-provider/"),
        // `aws_iam_saml_provider.okta.arn`, `arn:aws:iam::${acct}:saml-provider/okta`
        other => !other.render().contains(":oidc-provider/"),
    })
}

impl Rule for SamlTrustWithoutAudience {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        if !decided_trust_allow(st, policy, Some("sts:AssumeRoleWithSAML")) {
            return;
        }
        let saml = st.principal.as_ref().is_some_and(|p| {
            p.entries
                .iter()
                .any(|e| e.kind == "Federated" && may_be_saml(e))
        });
        if !saml || st.conditions.iter().any(|c| !c.key.is_known()) {
            return;
        }
        let audiences: Vec<_> = st
            .conditions
            .iter()
            .filter(|c| c.key_lower().as_deref() == Some("saml:aud"))
            .collect();
        if audiences.iter().any(|c| !c.values.fully_known()) {
            return;
        }
        let message = if audiences.is_empty() {
            "the role accepts SAML assertions issued for any audience; add a `SAML:aud` \
             condition (`https://signin.aws.amazon.com/saml` for console sign-in)"
        } else if audiences
            .iter()
            .all(|c| c.values.known().all(|v| v.chars().all(|ch| ch == '*')))
        {
            "the `SAML:aud` condition only matches `*`, so it accepts assertions for any \
             audience; name the sign-in endpoint"
        } else {
            return;
        };
        cx.report(&Self::META, st.span, &policy.origin.address, message);
    }
}
