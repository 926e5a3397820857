//! The IAM inventory: one model of the IAM that the scanned code would create.
//!
//! Nothing here is specific to Terraform or CloudFormation: every parser fills the same
//! entities, each with an [`Origin`] (file span and logical address). References between
//! entities are kept as written ([`Ref`]) and resolved by [`crate::link`] once every file
//! is parsed.

pub mod plan;
pub mod policy;
pub mod semantics;
pub mod wildcard;

use serde::Serialize;

use crate::source::Span;
use crate::value::Value;
pub use policy::Document;

/// Where an entity was declared.
#[derive(Clone, Debug, Serialize)]
pub struct Origin {
    /// The whole declaration (a resource block, a template resource).
    #[serde(skip)]
    pub span: Span,
    /// Logical address: `aws_iam_role.app`, `module.ci.aws_iam_role.deploy[0]`,
    /// `template.yaml#Resources/DeployRole`.
    pub address: String,
    /// The scope references are resolved in: a Terraform module directory, a template file.
    #[serde(skip)]
    pub scope: String,
}

/// How an entity refers to another one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "by", content = "value", rename_all = "snake_case")]
pub enum Ref {
    /// By literal name or ARN.
    Literal(String),
    /// By address in the same scope, with the attribute used (`aws_iam_role.app` + `name`).
    Address {
        /// The referenced entity's address.
        address: String,
        /// The attribute read from it (`name`, `arn`, `id`).
        attribute: String,
    },
    /// By an expression that could not be resolved.
    Unknown(Value),
}

impl Ref {
    /// The literal text, if the reference is a literal.
    pub fn literal(&self) -> Option<&str> {
        match self {
            Ref::Literal(s) => Some(s),
            _ => None,
        }
    }

    /// Text for messages.
    pub fn describe(&self) -> String {
        match self {
            Ref::Literal(s) => s.clone(),
            Ref::Address { address, attribute } => format!("{address}.{attribute}"),
            Ref::Unknown(v) => v.render(),
        }
    }
}

/// The kinds of principal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    /// An IAM user.
    User,
    /// An IAM group.
    Group,
    /// An IAM role.
    Role,
}

impl PrincipalKind {
    /// `user`, `group`, `role`.
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::User => "user",
            PrincipalKind::Group => "group",
            PrincipalKind::Role => "role",
        }
    }
}

/// A reference to a principal, and the principal it resolved to.
#[derive(Clone, Debug, Serialize)]
pub struct PrincipalRef {
    /// User, group or role.
    pub kind: PrincipalKind,
    /// As written.
    pub target: Ref,
    /// Where it was written.
    #[serde(skip)]
    pub span: Span,
    /// Index into the inventory's list for `kind`, once linked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<usize>,
}

impl PrincipalRef {
    /// The principals of a list attribute (`users = [...]`, `Users: [...]`), unlinked. An
    /// empty name (`users = [""]`) names no principal and is dropped: nothing is attached.
    pub fn list(kind: PrincipalKind, refs: Vec<(Ref, Span)>) -> Vec<PrincipalRef> {
        refs.into_iter()
            .filter(|(target, _)| !target.literal().is_some_and(|s| s.trim().is_empty()))
            .map(|(target, span)| PrincipalRef {
                kind,
                target,
                span,
                resolved: None,
            })
            .collect()
    }

    /// True when both refer to the same principal: resolved to the same entity, or
    /// written the same way (an unresolved expression is never the same as anything).
    pub fn same_as(&self, other: &PrincipalRef) -> bool {
        if self.kind != other.kind {
            return false;
        }
        match (self.resolved, other.resolved) {
            (Some(a), Some(b)) => a == b,
            _ => self.target == other.target && !matches!(self.target, Ref::Unknown(_)),
        }
    }
}

/// A value with its span, for settings such as `max_session_duration`.
#[derive(Clone, Debug, Serialize)]
pub struct Setting {
    /// The value.
    pub value: Value,
    /// Where it was written.
    #[serde(skip)]
    pub span: Span,
}

/// An IAM user, group or role.
#[derive(Clone, Debug, Serialize)]
pub struct Principal {
    /// Where it was declared.
    pub origin: Origin,
    /// User, group or role.
    pub kind: PrincipalKind,
    /// Its name.
    pub name: Value,
    /// Its path, if set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Value>,
    /// Permission boundary policy ARN (users and roles).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<Setting>,
    /// Maximum session duration in seconds (roles).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_session_duration: Option<Setting>,
    /// Index of the role's trust policy in [`Inventory::policies`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_policy: Option<usize>,
}

/// What a policy document is for, and whom it belongs to.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PolicyKind {
    /// A customer managed policy (attached through [`Attachment`]s).
    Managed,
    /// An inline policy of one principal.
    Inline {
        /// The owner.
        principal: PrincipalRef,
    },
    /// A role's trust (assume-role) policy.
    Trust {
        /// Index of the role in [`Inventory::roles`].
        role: usize,
    },
}

/// A policy document and what it belongs to.
#[derive(Clone, Debug, Serialize)]
pub struct Policy {
    /// Where it was declared (the resource, or the attribute for a role's trust policy).
    pub origin: Origin,
    /// What it is for.
    pub kind: PolicyKind,
    /// Its name, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Value>,
    /// The document.
    pub document: Document,
}

impl Policy {
    /// True for identity policies (managed or inline): those that grant a principal
    /// permissions, as opposed to trust policies.
    pub fn is_identity(&self) -> bool {
        matches!(self.kind, PolicyKind::Managed | PolicyKind::Inline { .. })
    }
}

/// A managed policy attached to a principal.
#[derive(Clone, Debug, Serialize)]
pub struct Attachment {
    /// Where it was declared.
    pub origin: Origin,
    /// The principal.
    pub principal: PrincipalRef,
    /// The policy, by ARN or reference.
    pub policy: Ref,
    /// Where the policy reference was written.
    #[serde(skip)]
    pub policy_span: Span,
    /// Index into [`Inventory::policies`] when the policy is declared in the scan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_resolved: Option<usize>,
}

impl Attachment {
    /// The AWS managed policy name when the policy is `arn:<partition>:iam::aws:policy/[path/]Name`
    /// (the partition may be unresolved).
    pub fn aws_managed_name(&self) -> Option<&str> {
        aws_managed_policy_name(&self.policy)
    }
}

/// The AWS managed policy name of an ARN reference, if it is one.
pub fn aws_managed_policy_name(r: &Ref) -> Option<&str> {
    let text = match r {
        Ref::Literal(s) => s.as_str(),
        Ref::Unknown(v) => v.known_suffix()?,
        Ref::Address { .. } => return None,
    };
    let idx = text.find(":iam::aws:policy/")?;
    let rest = &text[idx + ":iam::aws:policy/".len()..];
    let name = rest.rsplit('/').next()?;
    (!name.is_empty() && !name.contains("${")).then_some(name)
}

/// A user's membership of a group.
#[derive(Clone, Debug, Serialize)]
pub struct Membership {
    /// Where it was declared.
    pub origin: Origin,
    /// The user.
    pub user: PrincipalRef,
    /// The group.
    pub group: PrincipalRef,
}

/// A long-lived access key of a user.
#[derive(Clone, Debug, Serialize)]
pub struct AccessKey {
    /// Where it was declared.
    pub origin: Origin,
    /// The user.
    pub user: PrincipalRef,
    /// `pgp_key` was set (the secret is encrypted in state).
    pub pgp_key: bool,
    /// `Active` / `Inactive`, if set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Setting>,
}

/// A place an access key's secret is copied to, where more people can read it than the
/// key's owner: a Terraform `output`, a CloudFormation output or resource property.
#[derive(Clone, Debug, Serialize)]
pub struct SecretExposure {
    /// The expression that reads the secret.
    #[serde(skip)]
    pub span: Span,
    /// The access key's address in `scope`, without an instance key
    /// (`module.ci.aws_iam_access_key.deploy`, the logical id `DeployKey`).
    pub key: String,
    /// The scope the address is resolved in.
    #[serde(skip)]
    pub scope: String,
    /// The attribute read: `secret`, `ses_smtp_password_v4`, `SecretAccessKey`.
    pub attribute: String,
    /// Where it lands, for messages: `output "ci_secret"`, `property of resource KeyParam`.
    pub place: String,
    /// It lands in an output (`terraform output`, the stack's outputs) rather than in a
    /// resource property.
    pub output: bool,
    /// The output is marked `sensitive = true` (hidden on screen, still in the state).
    pub sensitive: bool,
}

/// A console password of a user.
#[derive(Clone, Debug, Serialize)]
pub struct LoginProfile {
    /// Where it was declared.
    pub origin: Origin,
    /// The user.
    pub user: PrincipalRef,
    /// `pgp_key` was set.
    pub pgp_key: bool,
    /// `password_reset_required`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_reset_required: Option<Setting>,
}

/// The account password policy.
#[derive(Clone, Debug, Serialize)]
pub struct PasswordPolicy {
    /// Where it was declared.
    pub origin: Origin,
    /// Settings by their canonical snake_case name (`minimum_password_length`,
    /// `require_symbols`, `password_reuse_prevention`, `max_password_age`, …).
    pub settings: Vec<(String, Setting)>,
}

impl PasswordPolicy {
    /// A setting by name.
    pub fn get(&self, name: &str) -> Option<&Setting> {
        self.settings
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, s)| s)
    }
}

/// An instance profile and its role.
#[derive(Clone, Debug, Serialize)]
pub struct InstanceProfile {
    /// Where it was declared.
    pub origin: Origin,
    /// Its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Value>,
    /// The role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<PrincipalRef>,
}

/// An OpenID Connect identity provider.
#[derive(Clone, Debug, Serialize)]
pub struct OidcProvider {
    /// Where it was declared.
    pub origin: Origin,
    /// Issuer URL.
    pub url: Value,
    /// Audiences.
    pub client_ids: Vec<Value>,
}

/// What kind of secret a [`Credential`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// An access key id (`AKIA…`, `ASIA…`).
    AccessKeyId,
    /// A secret access key.
    SecretAccessKey,
}

/// An AWS credential written in the code. Only the redacted form is kept.
#[derive(Clone, Debug, Serialize)]
pub struct Credential {
    /// Where it was written.
    #[serde(skip)]
    pub span: Span,
    /// Key id or secret.
    pub kind: CredentialKind,
    /// The first four characters and a mask: `AKIA****************`.
    pub redacted: String,
    /// Where it sits, for the message: `provider "aws" secret_key`, `string literal`.
    pub context: String,
    /// A hash of the full value, so the same key found twice is recognised without keeping it.
    #[serde(skip)]
    pub digest: u64,
}

/// Everything the scan found, from every file.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Inventory {
    /// IAM users.
    pub users: Vec<Principal>,
    /// IAM groups.
    pub groups: Vec<Principal>,
    /// IAM roles.
    pub roles: Vec<Principal>,
    /// Managed, inline and trust policies.
    pub policies: Vec<Policy>,
    /// Managed policy attachments.
    pub attachments: Vec<Attachment>,
    /// Group memberships.
    pub memberships: Vec<Membership>,
    /// Access keys.
    pub access_keys: Vec<AccessKey>,
    /// Where access key secrets are copied to (outputs, resource properties).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secret_exposures: Vec<SecretExposure>,
    /// Login profiles.
    pub login_profiles: Vec<LoginProfile>,
    /// Account password policies.
    pub password_policies: Vec<PasswordPolicy>,
    /// Instance profiles.
    pub instance_profiles: Vec<InstanceProfile>,
    /// OIDC providers.
    pub oidc_providers: Vec<OidcProvider>,
    /// Credentials written in code.
    pub credentials: Vec<Credential>,
    /// Policy documents that are malformed (bad JSON, unknown elements, wrong shapes).
    pub policy_problems: Vec<PolicyProblem>,
    /// Files, or parts of files, that could not be parsed.
    pub parse_errors: Vec<ParseError>,
    /// What evaluation could not resolve, and why (`--show-unknown`).
    pub notes: Vec<Note>,
    /// Terraform plans read: changes, prior values, source mapping.
    #[serde(skip)]
    pub plans: Vec<plan::Plan>,
    /// Resource-based policies (bucket, queue, topic, key, function, repository, secret).
    pub resource_policies: Vec<ResourcePolicy>,
    /// AWS Organizations service control policies.
    pub service_control_policies: Vec<ServiceControlPolicy>,
    /// Attachments of service control policies to roots, OUs and accounts.
    pub scp_attachments: Vec<ScpAttachment>,
    /// IAM Identity Center permission sets.
    pub permission_sets: Vec<PermissionSet>,
    /// Policies of permission sets (inline documents and managed policy attachments).
    pub permission_set_policies: Vec<PermissionSetPolicy>,
    /// SAML identity providers.
    pub saml_providers: Vec<SamlProvider>,
    /// IAM Access Analyzer analyzers.
    pub access_analyzers: Vec<AccessAnalyzer>,
    /// AWS Organizations organizations.
    pub organizations: Vec<Organization>,
    /// Suppression entries written in the code (CloudFormation `Metadata`), kept raw; the
    /// suppression stage reads them.
    #[serde(skip)]
    pub suppressions: Vec<SuppressionEntry>,
}

/// Something evaluation could not resolve, and why: a module whose source is not in
/// the scan, a module calling itself, a limit reached.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Note {
    /// Where (the call, the expression).
    #[serde(skip)]
    pub span: Span,
    /// What stayed unresolved (`module.ci`, `var.name`).
    pub subject: String,
    /// Why.
    pub cause: String,
}

/// The kind of resource a [`ResourcePolicy`] governs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourcePolicyKind {
    /// An S3 bucket policy.
    S3Bucket,
    /// An SQS queue policy.
    SqsQueue,
    /// An SNS topic policy.
    SnsTopic,
    /// A KMS key policy.
    KmsKey,
    /// A Lambda function permission (one statement of the function's policy).
    LambdaPermission,
    /// An ECR repository policy.
    EcrRepository,
    /// A Secrets Manager secret's resource policy.
    SecretsManagerSecret,
}

impl ResourcePolicyKind {
    /// Short name for listings: `s3_bucket`, `kms_key`, …
    pub fn as_str(self) -> &'static str {
        match self {
            ResourcePolicyKind::S3Bucket => "s3_bucket",
            ResourcePolicyKind::SqsQueue => "sqs_queue",
            ResourcePolicyKind::SnsTopic => "sns_topic",
            ResourcePolicyKind::KmsKey => "kms_key",
            ResourcePolicyKind::LambdaPermission => "lambda_permission",
            ResourcePolicyKind::EcrRepository => "ecr_repository",
            ResourcePolicyKind::SecretsManagerSecret => "secretsmanager_secret",
        }
    }
}

/// A resource-based policy. A Lambda permission is kept as the one-statement policy AWS
/// makes of it (`Principal`, `Action`, the function as `Resource`, `SourceArn` /
/// `SourceAccount` as conditions).
#[derive(Clone, Debug, Serialize)]
pub struct ResourcePolicy {
    /// Where it was declared.
    pub origin: Origin,
    /// What kind of resource it governs.
    pub kind: ResourcePolicyKind,
    /// The resource (bucket, queue URLs, topic ARNs, function…), as written; a policy
    /// for several resources (an SQS queue policy) lists the first and keeps the others
    /// in `more_resources`.
    pub resource: Ref,
    /// Further resources the same policy applies to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub more_resources: Vec<Ref>,
    /// The document.
    pub document: Document,
}

/// An AWS Organizations service control policy.
#[derive(Clone, Debug, Serialize)]
pub struct ServiceControlPolicy {
    /// Where it was declared.
    pub origin: Origin,
    /// Its name, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Value>,
    /// The document.
    pub document: Document,
}

/// A service control policy attached to a root, organizational unit or account.
#[derive(Clone, Debug, Serialize)]
pub struct ScpAttachment {
    /// Where it was declared.
    pub origin: Origin,
    /// The policy, by id or reference.
    pub policy: Ref,
    /// The target id (`r-…`, `ou-…`, an account id), as written.
    pub target: Setting,
    /// Index into [`Inventory::service_control_policies`] once linked (the policy is
    /// declared in the scan and referenced by address).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_resolved: Option<usize>,
}

/// An IAM Identity Center permission set.
#[derive(Clone, Debug, Serialize)]
pub struct PermissionSet {
    /// Where it was declared.
    pub origin: Origin,
    /// Its name.
    pub name: Value,
    /// Session duration (ISO 8601, `PT8H`), if set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration: Option<Setting>,
}

/// What a [`PermissionSetPolicy`] gives a permission set.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", content = "policy", rename_all = "snake_case")]
pub enum PermissionSetGrant {
    /// Its inline policy.
    Inline(Document),
    /// An AWS managed policy, by ARN.
    Managed(Ref),
    /// A customer managed policy, by name (and path) in each account.
    CustomerManaged(Value),
}

/// One policy of a permission set.
#[derive(Clone, Debug, Serialize)]
pub struct PermissionSetPolicy {
    /// Where it was declared.
    pub origin: Origin,
    /// The permission set.
    pub permission_set: Ref,
    /// What it grants.
    pub grant: PermissionSetGrant,
    /// Index into [`Inventory::permission_sets`] once linked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permission_set_resolved: Option<usize>,
}

/// An IAM Access Analyzer analyzer (`aws_accessanalyzer_analyzer`,
/// `AWS::AccessAnalyzer::Analyzer`).
#[derive(Clone, Debug, Serialize)]
pub struct AccessAnalyzer {
    /// Where it was declared.
    pub origin: Origin,
    /// Its name, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Value>,
    /// `ACCOUNT`, `ORGANIZATION`, the unused-access types…, if set (AWS defaults to
    /// `ACCOUNT`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analyzer_type: Option<Setting>,
}

/// An AWS Organizations organization (`aws_organizations_organization`,
/// `AWS::Organizations::Organization`): the scan sets up an organization.
#[derive(Clone, Debug, Serialize)]
pub struct Organization {
    /// Where it was declared.
    pub origin: Origin,
}

/// A SAML identity provider.
#[derive(Clone, Debug, Serialize)]
pub struct SamlProvider {
    /// Where it was declared.
    pub origin: Origin,
    /// Its name, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Value>,
}

/// A suppression entry as written in the code, not yet interpreted.
#[derive(Clone, Debug)]
pub struct SuppressionEntry {
    /// The entity it sits on (a template resource's logical id, or the template itself
    /// for template-level `Metadata`).
    pub origin: Origin,
    /// The metadata key it was found under (`leastpriv`).
    pub key: String,
    /// The entry, with its spans.
    pub entry: crate::parse::node::Node,
}

/// A problem in a policy document, at its location.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyProblem {
    /// Where.
    #[serde(skip)]
    pub span: Span,
    /// Address of the entity holding the document.
    pub address: String,
    /// What is wrong.
    pub message: String,
}

/// An input that could not be parsed (a syntax error), at its location.
#[derive(Clone, Debug, Serialize)]
pub struct ParseError {
    /// Where (the whole file when no better position is known).
    #[serde(skip)]
    pub span: Span,
    /// What the parser said.
    pub message: String,
}

impl Inventory {
    /// The list of principals of one kind.
    pub fn principals(&self, kind: PrincipalKind) -> &[Principal] {
        match kind {
            PrincipalKind::User => &self.users,
            PrincipalKind::Group => &self.groups,
            PrincipalKind::Role => &self.roles,
        }
    }

    /// Appends another inventory, shifting its internal indices.
    pub fn append(&mut self, mut other: Inventory) {
        let role_base = self.roles.len();
        let policy_base = self.policies.len();
        for r in &mut other.roles {
            if let Some(t) = r.trust_policy.as_mut() {
                *t += policy_base;
            }
        }
        for p in &mut other.policies {
            if let PolicyKind::Trust { role } = &mut p.kind {
                *role += role_base;
            }
        }
        self.users.append(&mut other.users);
        self.groups.append(&mut other.groups);
        self.roles.append(&mut other.roles);
        self.policies.append(&mut other.policies);
        self.attachments.append(&mut other.attachments);
        self.memberships.append(&mut other.memberships);
        self.access_keys.append(&mut other.access_keys);
        self.secret_exposures.append(&mut other.secret_exposures);
        self.login_profiles.append(&mut other.login_profiles);
        self.password_policies.append(&mut other.password_policies);
        self.instance_profiles.append(&mut other.instance_profiles);
        self.oidc_providers.append(&mut other.oidc_providers);
        self.credentials.append(&mut other.credentials);
        self.policy_problems.append(&mut other.policy_problems);
        self.parse_errors.append(&mut other.parse_errors);
        self.notes.append(&mut other.notes);
        self.plans.append(&mut other.plans);
        self.resource_policies.append(&mut other.resource_policies);
        self.service_control_policies
            .append(&mut other.service_control_policies);
        self.scp_attachments.append(&mut other.scp_attachments);
        self.permission_sets.append(&mut other.permission_sets);
        self.permission_set_policies
            .append(&mut other.permission_set_policies);
        self.saml_providers.append(&mut other.saml_providers);
        self.access_analyzers.append(&mut other.access_analyzers);
        self.organizations.append(&mut other.organizations);
        self.suppressions.append(&mut other.suppressions);
    }

    /// Removes what was recorded twice because a file was read more than once (a module
    /// called from several root modules): identical parse errors and notes, and
    /// credentials inside the span of another credential (the format parser's record,
    /// with better context, wins over the text search's).
    pub fn dedup_file_facts(&mut self) {
        let key = |s: &Span| (s.file, s.start, std::cmp::Reverse(s.end));
        self.parse_errors
            .sort_by(|a, b| (key(&a.span), &a.message).cmp(&(key(&b.span), &b.message)));
        self.parse_errors
            .dedup_by(|a, b| a.span == b.span && a.message == b.message);
        self.notes.sort_by(|a, b| {
            (key(&a.span), &a.subject, &a.cause).cmp(&(key(&b.span), &b.subject, &b.cause))
        });
        self.notes
            .dedup_by(|a, b| a.span == b.span && a.subject == b.subject && a.cause == b.cause);
        self.credentials.sort_by_key(|c| key(&c.span));
        let mut kept: Vec<Credential> = Vec::with_capacity(self.credentials.len());
        for c in std::mem::take(&mut self.credentials) {
            let inside = kept.last().is_some_and(|k| {
                k.span.file == c.span.file
                    && k.span.start <= c.span.start
                    && c.span.end <= k.span.end
            });
            if !inside {
                kept.push(c);
            }
        }
        self.credentials = kept;
    }

    /// Adds a role with its trust policy, linking the two; returns the role's index.
    pub fn add_role(&mut self, mut role: Principal, trust: Option<(Origin, Document)>) -> usize {
        let idx = self.roles.len();
        if let Some((origin, document)) = trust {
            role.trust_policy = Some(self.policies.len());
            self.policies.push(Policy {
                origin,
                kind: PolicyKind::Trust { role: idx },
                name: None,
                document,
            });
        }
        self.roles.push(role);
        idx
    }

    /// The service control policies attached to a target (`r-…`, `ou-…`, an account id)
    /// by attachments linked to a policy of the scan. Targets compare as written: a known
    /// id equals the same id; an unresolved one (`aws_organizations_organizational_unit.x.id`)
    /// equals the same expression written in the same `scope`. A policy CloudFormation
    /// reads in several variants (both branches of an `Fn::If`) is listed once per variant.
    pub fn scps_attached_to(&self, target: &Value, scope: &str) -> Vec<&ServiceControlPolicy> {
        let same = |a: &ScpAttachment| match (target, &a.target.value) {
            (Value::Known(x), Value::Known(y)) => x == y,
            (x, y) if !x.is_known() && !y.is_known() => {
                a.origin.scope == scope && x.render() == y.render()
            }
            _ => false,
        };
        let mut out: Vec<usize> = Vec::new();
        for a in self.scp_attachments.iter().filter(|a| same(a)) {
            if let Some(i) = a.policy_resolved {
                out.extend(self.scp_variants(i));
            }
        }
        out.sort_unstable();
        out.dedup();
        out.into_iter()
            .filter_map(|i| self.service_control_policies.get(i))
            .collect()
    }

    /// The attachments linked to the service control policy at `index` (or to another
    /// variant of the same declaration).
    pub fn attachments_of_scp(&self, index: usize) -> Vec<&ScpAttachment> {
        let variants = self.scp_variants(index);
        self.scp_attachments
            .iter()
            .filter(|a| a.policy_resolved.is_some_and(|i| variants.contains(&i)))
            .collect()
    }

    /// Indices of the policies declared by the same resource as the one at `index`.
    fn scp_variants(&self, index: usize) -> Vec<usize> {
        let Some(p) = self.service_control_policies.get(index) else {
            return Vec::new();
        };
        self.service_control_policies
            .iter()
            .enumerate()
            .filter(|(_, q)| {
                q.origin.scope == p.origin.scope && q.origin.address == p.origin.address
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// What the permission set at `index` grants: the permission set policies linked to it.
    pub fn permission_set_grants(&self, index: usize) -> Vec<&PermissionSetPolicy> {
        self.permission_set_policies
            .iter()
            .filter(|p| p.permission_set_resolved == Some(index))
            .collect()
    }

    /// A principal reference for messages: `user "alice"` when it is linked to an entity
    /// with a known name, else the kind and the reference as written.
    pub fn describe_principal(&self, r: &PrincipalRef) -> String {
        let linked = r
            .resolved
            .and_then(|i| self.principals(r.kind).get(i))
            .and_then(|p| p.name.as_known());
        match linked {
            Some(name) => format!("{} \"{name}\"", r.kind.as_str()),
            None => format!("{} {}", r.kind.as_str(), r.target.describe()),
        }
    }

    /// Number of entities of every kind, for summaries.
    pub fn entity_count(&self) -> usize {
        self.users.len()
            + self.groups.len()
            + self.roles.len()
            + self.policies.len()
            + self.attachments.len()
            + self.memberships.len()
            + self.access_keys.len()
            + self.login_profiles.len()
            + self.password_policies.len()
            + self.instance_profiles.len()
            + self.oidc_providers.len()
            + self.resource_policies.len()
            + self.service_control_policies.len()
            + self.scp_attachments.len()
            + self.permission_sets.len()
            + self.permission_set_policies.len()
            + self.saml_providers.len()
            + self.access_analyzers.len()
            + self.organizations.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_managed_names() {
        let lit = Ref::Literal("arn:aws:iam::aws:policy/AdministratorAccess".into());
        assert_eq!(aws_managed_policy_name(&lit), Some("AdministratorAccess"));
        let path = Ref::Literal("arn:aws:iam::aws:policy/job-function/Billing".into());
        assert_eq!(aws_managed_policy_name(&path), Some("Billing"));
        let partial = Ref::Unknown(Value::from_template_text(
            "arn:${data.aws_partition.current.partition}:iam::aws:policy/IAMFullAccess",
        ));
        assert_eq!(aws_managed_policy_name(&partial), Some("IAMFullAccess"));
        let customer = Ref::Literal("arn:aws:iam::123456789012:policy/AdministratorAccess".into());
        assert_eq!(aws_managed_policy_name(&customer), None);
        let unknown = Ref::Unknown(Value::from_template_text(
            "arn:aws:iam::aws:policy/${var.p}",
        ));
        assert_eq!(aws_managed_policy_name(&unknown), None);
    }
}
