use crate::model::policy::Statement;
use crate::model::Policy;
use crate::rules::builtin::decided_trust_allow;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a role trust policy statement that lets an OpenID Connect identity provider's
    /// tokens assume the role (`sts:AssumeRoleWithWebIdentity` with a `Federated`
    /// principal that is not a SAML provider) without a condition on the token's subject
    /// (`token.actions.githubusercontent.com:sub`, `gitlab.com:sub`,
    /// `app.terraform.io:sub`, `oidc.eks.<region>.amazonaws.com/id/<id>:sub`,
    /// Bitbucket's `…:sub`, …), or with one whose every value is a bare wildcard such as
    /// `*`, `repo:*` or `system:serviceaccount:*`. Reported at the statement.
    ///
    /// Not reported: statements whose conditions, condition keys or subject values are not
    /// fully known (a key written as `"${aws_iam_openid_connect_provider.x.url}:sub"`
    /// counts as a subject key),
    /// and subjects that pin an organisation, project or namespace (`repo:acme/*`).
    /// The audience (`…:aud`) is not checked, except for Amazon Cognito identity pools
    /// (`Federated: cognito-identity.amazonaws.com`), whose tokens' audience is the
    /// identity pool: there a condition on `cognito-identity.amazonaws.com:aud` naming
    /// the pool (as AWS documents the trust policy of a pool's roles) is enough, and only
    /// a statement without one, or with a bare `*`, is reported.
    ///
    /// ## Why is this bad?
    /// A CI provider issues tokens to every one of its customers: without a subject
    /// condition, any GitHub repository (or GitLab project, Terraform Cloud workspace,
    /// Kubernetes service account of the cluster) can assume the role.
    ///
    /// ## Example
    /// ```json
    /// { "Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
    ///   "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
    ///   "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// "Condition": { "StringEquals": {
    ///   "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
    ///   "token.actions.githubusercontent.com:sub": "repo:acme/infra:ref:refs/heads/main" } }
    /// ```
    ///
    /// ## References
    /// - <https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html>
    pub OidcTrustWithoutSubject {
        id: "IAM308",
        name: "oidc-trust-without-subject",
        severity: High,
        precision: High,
        tags: ["trust", "oidc", "ci-cd"],
        summary: "OIDC trust without a condition on the token subject",
    }
}

/// Subject prefixes that pin nothing when followed only by `*`: GitHub (`repo:`), EKS
/// (`system:serviceaccount:`), GitLab (`project_path:`), Terraform Cloud
/// (`organization:`).
const BARE_PREFIXES: &[&str] = &[
    "",
    "repo:",
    "system:serviceaccount:",
    "project_path:",
    "organization:",
];

/// True for `*` and for a bare prefix followed by `*` (`repo:*`,
/// `system:serviceaccount:*`): a subject pattern that pins nothing.
fn wildcard_only(value: &str) -> bool {
    value
        .strip_suffix('*')
        .is_some_and(|head| BARE_PREFIXES.contains(&head))
}

impl Rule for OidcTrustWithoutSubject {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        if !decided_trust_allow(st, policy, Some("sts:AssumeRoleWithWebIdentity")) {
            return;
        }
        let federated = st.principal.as_ref().is_some_and(|p| {
            p.entries.iter().any(|e| {
                e.kind == "Federated" && !e.values.known().any(|v| v.contains(":saml-provider/"))
            })
        });
        if !federated {
            return;
        }
        if st.conditions.iter().any(|c| c.key.known_suffix().is_none()) {
            return;
        }
        if cognito_only(st) {
            self.check_cognito(st, policy, cx);
            return;
        }
        // A key written with an expression (`"${aws_iam_openid_connect_provider.x.url}:sub"`)
        // still names the subject when its known end is `:sub`; a key not known at all
        // might be the subject.
        let is_sub = |c: &&crate::model::policy::Condition| {
            c.key
                .known_suffix()
                .is_some_and(|k| k.to_ascii_lowercase().ends_with(":sub"))
        };
        let subjects: Vec<_> = st.conditions.iter().filter(is_sub).collect();
        if subjects.iter().any(|c| !c.values.fully_known()) {
            return;
        }
        let message = if subjects.is_empty() {
            "tokens of any subject of this identity provider may assume the role; add a \
             condition on its `sub` claim"
                .to_string()
        } else if subjects.iter().all(|c| c.values.known().all(wildcard_only)) {
            let values: Vec<&str> = subjects.iter().flat_map(|c| c.values.known()).collect();
            format!(
                "the `sub` condition (`{}`) admits any subject of this identity provider; \
                 name the repository, project or service account",
                values.join("`, `")
            )
        } else {
            return;
        };
        cx.report(&Self::META, st.span, &policy.origin.address, message);
    }
}

/// Cognito identity pools' token issuer, as a trust policy's `Federated` principal.
const COGNITO: &str = "cognito-identity.amazonaws.com";

/// True when every federated principal of the statement is known and is Cognito
/// identity pools.
fn cognito_only(st: &Statement) -> bool {
    let Some(p) = st.principal.as_ref() else {
        return false;
    };
    let federated: Vec<_> = p.entries.iter().filter(|e| e.kind == "Federated").collect();
    !federated.is_empty()
        && federated.iter().all(|e| {
            e.values.fully_known() && e.values.known().all(|v| v.eq_ignore_ascii_case(COGNITO))
        })
}

impl OidcTrustWithoutSubject {
    /// A Cognito identity pool role: the pool (`…:aud`) or the identity (`…:sub`) must
    /// be pinned to a value that is not a bare `*`.
    fn check_cognito(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        let pins: Vec<_> = st
            .conditions
            .iter()
            .filter(|c| {
                c.key.known_suffix().is_some_and(|k| {
                    let k = k.to_ascii_lowercase();
                    k == format!("{COGNITO}:aud") || k == format!("{COGNITO}:sub")
                })
            })
            .collect();
        if pins.iter().any(|c| !c.values.fully_known()) {
            return;
        }
        if pins
            .iter()
            .any(|c| c.values.known().any(|v| !v.chars().all(|ch| ch == '*')))
        {
            return;
        }
        cx.report(
            &Self::META,
            st.span,
            &policy.origin.address,
            "tokens of any Cognito identity pool may assume the role; add a condition on \
             `cognito-identity.amazonaws.com:aud` naming the identity pool"
                .to_string(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::wildcard_only;

    #[test]
    fn wildcard_subjects() {
        for v in ["*", "repo:*", "system:serviceaccount:*", "project_path:*"] {
            assert!(wildcard_only(v), "{v}");
        }
        for v in [
            "repo:acme/*",
            "repo:acme/infra:*",
            "system:serviceaccount:ci:*",
            "x",
        ] {
            assert!(!wildcard_only(v), "{v}");
        }
    }
}
