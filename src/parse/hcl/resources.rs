//! Readers for the `aws_iam_*` resources and the `aws` provider block: one function per
//! resource type, each adding entities to the file's inventory fragment.

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Body};

use super::document::{self, Sink};
use super::eval::{is_string_like, Bind, Eval};
use super::module::Expansion;
use crate::model::{
    AccessAnalyzer, AccessKey, Attachment, CredentialKind, Document, InstanceProfile, Inventory,
    LoginProfile, Membership, OidcProvider, Organization, Origin, PasswordPolicy, PermissionSet,
    PermissionSetGrant, PermissionSetPolicy, Policy, PolicyKind, PolicyProblem, Principal,
    PrincipalKind, PrincipalRef, Ref, ResourcePolicy, ResourcePolicyKind, SamlProvider,
    ScpAttachment, SecretExposure, ServiceControlPolicy, Setting,
};
use crate::parse::lambda_permission;
use crate::parse::node::{Node, NodeKind};
use crate::parse::policy_doc;
use crate::source::Span;
use crate::value::{Piece, Value};

/// The access keys whose secret an expression's text reads: (resource name, attribute)
/// for every `aws_iam_access_key.NAME[...].secret` or `.ses_smtp_password_v4`.
pub fn access_key_secret_refs(text: &str) -> Vec<(String, String)> {
    static RE: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let Some(re) = RE
        .get_or_init(|| {
            regex::Regex::new(
                r"\baws_iam_access_key\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\]|\.\*)*\.(secret|ses_smtp_password_v4)\b",
            )
            .ok()
        })
        .as_ref()
    else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = re
        .captures_iter(text)
        .filter_map(|c| {
            Some((
                c.get(1)?.as_str().to_string(),
                c.get(2)?.as_str().to_string(),
            ))
        })
        .collect();
    // each key and attribute once, in the order they are first read
    let mut seen = std::collections::HashSet::new();
    out.retain(|r| seen.insert(r.clone()));
    out
}

/// Stands for a name Terraform generates (no `name`, or only `name_prefix`).
pub const GENERATED: &str = "<generated>";

/// The attributes of `aws_iam_account_password_policy` kept as settings.
pub const PASSWORD_SETTINGS: &[&str] = &[
    "minimum_password_length",
    "require_lowercase_characters",
    "require_uppercase_characters",
    "require_numbers",
    "require_symbols",
    "allow_users_to_change_password",
    "max_password_age",
    "password_reuse_prevention",
    "hard_expiry",
];

/// True for the resource types read per `count` / `for_each` instance and addressed
/// under their module (`module.ci.aws_iam_role.deploy[0]`): IAM, and the organization,
/// Identity Center and Access Analyzer types, whose attachments link by address.
pub fn is_expanded(kind: &str) -> bool {
    [
        "aws_iam_",
        "aws_organizations_",
        "aws_ssoadmin_",
        "aws_accessanalyzer_",
    ]
    .iter()
    .any(|p| kind.starts_with(p))
}

/// Fills one file's inventory fragment.
pub struct Reader<'a> {
    ev: Eval<'a>,
    scope: &'a str,
    inv: Inventory,
}

/// The resource block being read.
struct Res<'b> {
    body: &'b Body,
    span: Span,
    address: String,
}

impl<'a> Reader<'a> {
    /// A reader for one file.
    pub fn new(ev: Eval<'a>, scope: &'a str) -> Self {
        Reader {
            ev,
            scope,
            inv: Inventory::default(),
        }
    }

    /// The entities read.
    pub fn finish(self) -> Inventory {
        self.inv
    }

    /// Reads a `resource "<kind>" "<name>"` block; kinds not about IAM are ignored. A
    /// block with a known `count` or `for_each` is read once per instance
    /// (`kind.name[0]`, `kind.name["key"]`) with `count` / `each` bound; otherwise once,
    /// at its plain address.
    pub fn resource(&mut self, block: &Block, kind: &str, name: &str) {
        let local = format!("{kind}.{name}");
        let (expansion, address) = match self.ev.module() {
            Some(m) if is_expanded(kind) => (
                m.expansion(&local, &self.ev),
                format!("{}{local}", m.prefix()),
            ),
            _ => (std::rc::Rc::new(Expansion::Plain), local),
        };
        match &*expansion {
            Expansion::Instances(instances, _) => {
                for instance in instances {
                    let bind = Bind {
                        name: instance.bind.0.to_string(),
                        value: instance.bind.1.clone(),
                        parent: self.ev.binds(),
                    };
                    let mut one = Reader {
                        ev: self.ev.with_bind(&bind),
                        scope: self.scope,
                        inv: Inventory::default(),
                    };
                    one.read(block, kind, format!("{address}{}", instance.suffix));
                    self.inv.append(one.inv);
                }
            }
            Expansion::Plain => self.read(block, kind, address),
        }
    }

    /// Reads an `output "<name>"` block: each access key secret its value reads
    /// (`aws_iam_access_key.x.secret`, `...ses_smtp_password_v4`, an instance or a splat
    /// of them) becomes a [`SecretExposure`]. References are found in the expression's
    /// text and in the text of what it evaluates to but could not be known, so a secret
    /// passed through a local (`value = local.ci_secret`) is seen too.
    pub fn output(&mut self, block: &Block, name: &str) {
        let Some(value) = block.body.get_attribute("value") else {
            return;
        };
        let fallback = self.ev.span_or(block, Span::new(self.ev.file(), 0, 0));
        // the unresolved parts of the evaluated value render as `${…}` pieces
        let evaluated = self.ev.node(&value.value, fallback).json_text().render();
        let text = format!("{} {evaluated}", self.ev.source(&value.value));
        let sensitive = block
            .body
            .get_attribute("sensitive")
            .is_some_and(|a| self.ev.source(&a.value).trim() == "true");
        let span = self.ev.span_or(
            &value.value,
            self.ev.span_or(block, Span::new(self.ev.file(), 0, 0)),
        );
        let prefix = self.ev.module().map_or("", |m| m.prefix());
        for (key, attribute) in access_key_secret_refs(&text) {
            self.inv.secret_exposures.push(SecretExposure {
                span,
                key: format!("{prefix}aws_iam_access_key.{key}"),
                scope: self.scope.to_string(),
                attribute,
                place: match prefix.strip_suffix('.') {
                    Some(module) => format!("output \"{name}\" of {module}"),
                    None => format!("output \"{name}\""),
                },
                output: true,
                sensitive,
            });
        }
    }

    /// Reads one instance of a resource block.
    fn read(&mut self, block: &Block, kind: &str, address: String) {
        let res = Res {
            body: &block.body,
            span: self.ev.span_or(block, Span::new(self.ev.file(), 0, 0)),
            address,
        };
        match kind {
            "aws_iam_user" => {
                let user = self.principal(&res, PrincipalKind::User);
                self.inv.users.push(user);
            }
            "aws_iam_group" => {
                let group = self.principal(&res, PrincipalKind::Group);
                self.inv.groups.push(group);
            }
            "aws_iam_role" => self.role(&res),
            "aws_iam_policy" => self.managed_policy(&res),
            "aws_iam_role_policy" => self.inline_policy(&res, PrincipalKind::Role),
            "aws_iam_user_policy" => self.inline_policy(&res, PrincipalKind::User),
            "aws_iam_group_policy" => self.inline_policy(&res, PrincipalKind::Group),
            "aws_iam_role_policy_attachment" => self.attachment(&res, PrincipalKind::Role),
            "aws_iam_user_policy_attachment" => self.attachment(&res, PrincipalKind::User),
            "aws_iam_group_policy_attachment" => self.attachment(&res, PrincipalKind::Group),
            "aws_iam_policy_attachment" => self.policy_attachment(&res),
            "aws_iam_user_group_membership" => self.user_group_membership(&res),
            "aws_iam_group_membership" => self.group_membership(&res),
            "aws_iam_access_key" => self.access_key(&res),
            "aws_iam_user_login_profile" => self.login_profile(&res),
            "aws_iam_account_password_policy" => self.password_policy(&res),
            "aws_iam_openid_connect_provider" => self.oidc_provider(&res),
            "aws_iam_instance_profile" => self.instance_profile(&res),
            "aws_iam_saml_provider" => self.saml_provider(&res),
            "aws_organizations_policy" => self.organizations_policy(&res),
            "aws_organizations_policy_attachment" => self.scp_attachment(&res),
            "aws_ssoadmin_permission_set" => self.permission_set(&res),
            "aws_ssoadmin_permission_set_inline_policy" => self.permission_set_inline(&res),
            "aws_ssoadmin_managed_policy_attachment" => self.permission_set_managed(&res),
            "aws_ssoadmin_customer_managed_policy_attachment" => {
                self.permission_set_customer_managed(&res)
            }
            "aws_accessanalyzer_analyzer" => self.access_analyzer(&res),
            "aws_organizations_organization" => self.inv.organizations.push(Organization {
                origin: self.origin(&res, res.span),
            }),
            "aws_s3_bucket_policy" => {
                self.resource_policy(&res, ResourcePolicyKind::S3Bucket, "bucket")
            }
            "aws_sqs_queue_policy" => {
                self.resource_policy(&res, ResourcePolicyKind::SqsQueue, "queue_url")
            }
            "aws_sns_topic_policy" => {
                self.resource_policy(&res, ResourcePolicyKind::SnsTopic, "arn")
            }
            "aws_ecr_repository_policy" => {
                self.resource_policy(&res, ResourcePolicyKind::EcrRepository, "repository")
            }
            "aws_secretsmanager_secret_policy" => {
                self.resource_policy(&res, ResourcePolicyKind::SecretsManagerSecret, "secret_arn")
            }
            "aws_kms_key" => self.own_resource_policy(&res, ResourcePolicyKind::KmsKey),
            "aws_sqs_queue" => self.own_resource_policy(&res, ResourcePolicyKind::SqsQueue),
            "aws_sns_topic" => self.own_resource_policy(&res, ResourcePolicyKind::SnsTopic),
            "aws_s3_bucket" => self.own_resource_policy(&res, ResourcePolicyKind::S3Bucket),
            "aws_secretsmanager_secret" => {
                self.own_resource_policy(&res, ResourcePolicyKind::SecretsManagerSecret)
            }
            "aws_lambda_permission" => self.lambda_permission(&res),
            _ => {}
        }
    }

    /// Reads a `provider "aws"` block: literal `access_key` / `secret_key` values are
    /// credentials written in the code.
    pub fn provider(&mut self, block: &Block) {
        for (attr, kind) in [
            ("access_key", CredentialKind::AccessKeyId),
            ("secret_key", CredentialKind::SecretAccessKey),
        ] {
            let Some(a) = attribute(&block.body, attr) else {
                continue;
            };
            let Expression::String(s) = &a.value else {
                continue;
            };
            if is_placeholder(s.value()) {
                continue;
            }
            let block_span = self.ev.span_or(block, Span::new(self.ev.file(), 0, 0));
            let span = self.value_span(a, block_span);
            let context = format!("provider \"aws\" {attr}");
            self.inv
                .credentials
                .push(crate::secrets::credential(kind, s.value(), span, &context));
        }
    }

    // ---- entities -------------------------------------------------------------------

    fn principal(&self, res: &Res<'_>, kind: PrincipalKind) -> Principal {
        let body = res.body;
        Principal {
            origin: self.origin(res, res.span),
            kind,
            name: self.name(body).unwrap_or_else(|| Value::unknown(GENERATED)),
            path: self.value(body, "path"),
            permissions_boundary: match kind {
                PrincipalKind::Group => None,
                _ => self.setting(res, "permissions_boundary"),
            },
            max_session_duration: match kind {
                PrincipalKind::Role => self.setting(res, "max_session_duration"),
                _ => None,
            },
            trust_policy: None,
        }
    }

    fn role(&mut self, res: &Res<'_>) {
        let role = self.principal(res, PrincipalKind::Role);
        let trust = attribute(res.body, "assume_role_policy").map(|a| {
            let span = self.ev.span_or(a, res.span);
            let doc = self.document(&a.value, span, &res.address);
            (self.origin(res, span), doc)
        });
        self.inv.add_role(role, trust);

        for block in res.body.get_blocks("inline_policy") {
            let Some(policy) = attribute(&block.body, "policy") else {
                continue;
            };
            let span = self.ev.span_or(block, res.span);
            let document = self.document(&policy.value, span, &res.address);
            self.inv.policies.push(Policy {
                origin: self.origin(res, span),
                kind: PolicyKind::Inline {
                    principal: role_self_ref(res, span),
                },
                name: self.value(&block.body, "name"),
                document,
            });
        }

        if let Some(a) = attribute(res.body, "managed_policy_arns") {
            let span = self.ev.span_or(a, res.span);
            for (policy, policy_span) in self.refs(&a.value, span) {
                self.inv.attachments.push(Attachment {
                    origin: self.origin(res, span),
                    principal: role_self_ref(res, span),
                    policy,
                    policy_span,
                    policy_resolved: None,
                });
            }
        }
    }

    fn managed_policy(&mut self, res: &Res<'_>) {
        let document = self.required_document(res, "policy");
        self.inv.policies.push(Policy {
            origin: self.origin(res, res.span),
            kind: PolicyKind::Managed,
            name: self.name(res.body),
            document,
        });
    }

    fn inline_policy(&mut self, res: &Res<'_>, kind: PrincipalKind) {
        let principal = self.principal_ref(res, kind);
        let document = self.required_document(res, "policy");
        self.inv.policies.push(Policy {
            origin: self.origin(res, res.span),
            kind: PolicyKind::Inline { principal },
            name: self.name(res.body),
            document,
        });
    }

    fn attachment(&mut self, res: &Res<'_>, kind: PrincipalKind) {
        let principal = self.principal_ref(res, kind);
        let (policy, policy_span) = self.single_ref(res, "policy_arn");
        self.inv.attachments.push(Attachment {
            origin: self.origin(res, res.span),
            principal,
            policy,
            policy_span,
            policy_resolved: None,
        });
    }

    /// `aws_iam_policy_attachment`: one attachment per listed user, role and group.
    fn policy_attachment(&mut self, res: &Res<'_>) {
        let (policy, policy_span) = self.single_ref(res, "policy_arn");
        for (list, kind) in [
            ("users", PrincipalKind::User),
            ("roles", PrincipalKind::Role),
            ("groups", PrincipalKind::Group),
        ] {
            for principal in self.principal_refs(res, list, kind) {
                self.inv.attachments.push(Attachment {
                    origin: self.origin(res, res.span),
                    principal,
                    policy: policy.clone(),
                    policy_span,
                    policy_resolved: None,
                });
            }
        }
    }

    /// `aws_iam_user_group_membership`: one user, many groups.
    fn user_group_membership(&mut self, res: &Res<'_>) {
        let user = self.principal_ref(res, PrincipalKind::User);
        for group in self.principal_refs(res, "groups", PrincipalKind::Group) {
            self.inv.memberships.push(Membership {
                origin: self.origin(res, res.span),
                user: user.clone(),
                group,
            });
        }
    }

    /// `aws_iam_group_membership`: one group, many users.
    fn group_membership(&mut self, res: &Res<'_>) {
        let group = self.principal_ref(res, PrincipalKind::Group);
        for user in self.principal_refs(res, "users", PrincipalKind::User) {
            self.inv.memberships.push(Membership {
                origin: self.origin(res, res.span),
                user,
                group: group.clone(),
            });
        }
    }

    fn access_key(&mut self, res: &Res<'_>) {
        self.inv.access_keys.push(AccessKey {
            origin: self.origin(res, res.span),
            user: self.principal_ref(res, PrincipalKind::User),
            pgp_key: self.is_set(res.body, "pgp_key"),
            status: self.setting(res, "status"),
        });
    }

    fn login_profile(&mut self, res: &Res<'_>) {
        self.inv.login_profiles.push(LoginProfile {
            origin: self.origin(res, res.span),
            user: self.principal_ref(res, PrincipalKind::User),
            pgp_key: self.is_set(res.body, "pgp_key"),
            password_reset_required: self.setting(res, "password_reset_required"),
        });
    }

    fn password_policy(&mut self, res: &Res<'_>) {
        let settings = res
            .body
            .attributes()
            .filter(|a| PASSWORD_SETTINGS.contains(&a.key.as_str()) && !a.value.is_null())
            .map(|a| (a.key.as_str().to_string(), self.setting_of(a, res.span)))
            .collect();
        self.inv.password_policies.push(PasswordPolicy {
            origin: self.origin(res, res.span),
            settings,
        });
    }

    fn oidc_provider(&mut self, res: &Res<'_>) {
        let client_ids = match attribute(res.body, "client_id_list").map(|a| &a.value) {
            Some(Expression::Array(items)) => items.iter().map(|e| self.ev.value(e)).collect(),
            Some(other) => vec![self.ev.value(other)],
            None => Vec::new(),
        };
        self.inv.oidc_providers.push(OidcProvider {
            origin: self.origin(res, res.span),
            url: self
                .value(res.body, "url")
                .unwrap_or_else(|| Value::unknown("<missing url>")),
            client_ids,
        });
    }

    fn instance_profile(&mut self, res: &Res<'_>) {
        let role =
            attribute(res.body, "role").map(|_| self.principal_ref(res, PrincipalKind::Role));
        self.inv.instance_profiles.push(InstanceProfile {
            origin: self.origin(res, res.span),
            name: self.name(res.body),
            role,
        });
    }

    fn saml_provider(&mut self, res: &Res<'_>) {
        self.inv.saml_providers.push(SamlProvider {
            origin: self.origin(res, res.span),
            name: self.name(res.body),
        });
    }

    /// `aws_organizations_policy` of type `SERVICE_CONTROL_POLICY` (the default).
    fn organizations_policy(&mut self, res: &Res<'_>) {
        if self
            .value(res.body, "type")
            .is_some_and(|t| t.is_known() && !t.is("SERVICE_CONTROL_POLICY"))
        {
            return;
        }
        let document = self.required_document(res, "content");
        self.inv
            .service_control_policies
            .push(ServiceControlPolicy {
                origin: self.origin(res, res.span),
                name: self.name(res.body),
                document,
            });
    }

    fn scp_attachment(&mut self, res: &Res<'_>) {
        let (policy, _) = self.single_ref(res, "policy_id");
        let target = self.setting(res, "target_id").unwrap_or(Setting {
            value: Value::unknown("<missing target_id>"),
            span: res.span,
        });
        self.inv.scp_attachments.push(ScpAttachment {
            origin: self.origin(res, res.span),
            policy,
            target,
            policy_resolved: None,
        });
    }

    fn permission_set(&mut self, res: &Res<'_>) {
        self.inv.permission_sets.push(PermissionSet {
            origin: self.origin(res, res.span),
            name: self
                .name(res.body)
                .unwrap_or_else(|| Value::unknown(GENERATED)),
            session_duration: self.setting(res, "session_duration"),
        });
    }

    fn permission_set_inline(&mut self, res: &Res<'_>) {
        let (permission_set, _) = self.single_ref(res, "permission_set_arn");
        let document = self.required_document(res, "inline_policy");
        self.inv.permission_set_policies.push(PermissionSetPolicy {
            origin: self.origin(res, res.span),
            permission_set,
            grant: PermissionSetGrant::Inline(document),
            permission_set_resolved: None,
        });
    }

    fn permission_set_managed(&mut self, res: &Res<'_>) {
        let (permission_set, _) = self.single_ref(res, "permission_set_arn");
        let (policy, _) = self.single_ref(res, "managed_policy_arn");
        self.inv.permission_set_policies.push(PermissionSetPolicy {
            origin: self.origin(res, res.span),
            permission_set,
            grant: PermissionSetGrant::Managed(policy),
            permission_set_resolved: None,
        });
    }

    fn permission_set_customer_managed(&mut self, res: &Res<'_>) {
        let (permission_set, _) = self.single_ref(res, "permission_set_arn");
        let name = res
            .body
            .get_blocks("customer_managed_policy_reference")
            .next()
            .and_then(|b| self.value(&b.body, "name"))
            .unwrap_or_else(|| Value::unknown("<missing customer_managed_policy_reference>"));
        self.inv.permission_set_policies.push(PermissionSetPolicy {
            origin: self.origin(res, res.span),
            permission_set,
            grant: PermissionSetGrant::CustomerManaged(name),
            permission_set_resolved: None,
        });
    }

    fn access_analyzer(&mut self, res: &Res<'_>) {
        self.inv.access_analyzers.push(AccessAnalyzer {
            origin: self.origin(res, res.span),
            name: self.value(res.body, "analyzer_name"),
            analyzer_type: self.setting(res, "type"),
        });
    }

    /// A standalone resource policy: the resource in attribute `target`, the document
    /// in `policy`.
    fn resource_policy(&mut self, res: &Res<'_>, kind: ResourcePolicyKind, target: &str) {
        let (resource, _) = self.single_ref(res, target);
        let document = self.required_document(res, "policy");
        self.inv.resource_policies.push(ResourcePolicy {
            origin: self.origin(res, res.span),
            kind,
            resource,
            more_resources: Vec::new(),
            document,
        });
    }

    /// A resource with its own `policy` attribute (`aws_kms_key`, and the older inline
    /// form of `aws_sqs_queue`, `aws_sns_topic`, `aws_s3_bucket`,
    /// `aws_secretsmanager_secret`); without one there is no policy here (a KMS key gets
    /// AWS's default key policy).
    fn own_resource_policy(&mut self, res: &Res<'_>, kind: ResourcePolicyKind) {
        if attribute(res.body, "policy").is_none() {
            return;
        }
        let document = self.required_document(res, "policy");
        self.inv.resource_policies.push(ResourcePolicy {
            origin: self.origin(res, res.span),
            kind,
            resource: Ref::Address {
                address: res.address.clone(),
                attribute: "arn".into(),
            },
            more_resources: Vec::new(),
            document,
        });
    }

    /// `aws_lambda_permission`, as the one-statement policy AWS makes of it.
    fn lambda_permission(&mut self, res: &Res<'_>) {
        let (resource, _) = self.single_ref(res, "function_name");
        let node = |name: &str| {
            attribute(res.body, name).map(|a| {
                let span = self.value_span(a, res.span);
                match self.ev.value(&a.value) {
                    Value::Unknown(e) => Node::new(span, NodeKind::Unknown(e)),
                    v => Node::new(span, NodeKind::Str(v)),
                }
            })
        };
        let tree = lambda_permission::document(lambda_permission::Permission {
            span: res.span,
            principal: node("principal"),
            action: node("action"),
            function: node("function_name"),
            conditions: lambda_permission::CONDITIONS
                .iter()
                .filter_map(|(_, attr, op, key)| Some((*op, *key, node(attr)?)))
                .collect(),
        });
        let mut problems = Vec::new();
        let document = policy_doc::build(&tree, &mut problems);
        self.inv
            .policy_problems
            .extend(problems.into_iter().map(|p| PolicyProblem {
                span: p.span,
                address: res.address.clone(),
                message: p.message,
            }));
        self.inv.resource_policies.push(ResourcePolicy {
            origin: self.origin(res, res.span),
            kind: ResourcePolicyKind::LambdaPermission,
            resource,
            more_resources: Vec::new(),
            document,
        });
    }

    // ---- attribute helpers ----------------------------------------------------------

    fn origin(&self, res: &Res<'_>, span: Span) -> Origin {
        Origin {
            span,
            address: res.address.clone(),
            scope: self.scope.to_string(),
        }
    }

    fn value(&self, body: &Body, name: &str) -> Option<Value> {
        attribute(body, name).map(|a| self.ev.value(&a.value))
    }

    fn setting(&self, res: &Res<'_>, name: &str) -> Option<Setting> {
        attribute(res.body, name).map(|a| self.setting_of(a, res.span))
    }

    fn setting_of(&self, a: &Attribute, fallback: Span) -> Setting {
        Setting {
            value: self.ev.value(&a.value),
            span: self.value_span(a, fallback),
        }
    }

    /// The span of an attribute's value (of the attribute, or `fallback`, if it has none).
    fn value_span(&self, a: &Attribute, fallback: Span) -> Span {
        self.ev.span_or(&a.value, self.ev.span_or(a, fallback))
    }

    /// True when the attribute is set to something other than `null` or `""`.
    fn is_set(&self, body: &Body, name: &str) -> bool {
        self.value(body, name).is_some_and(|v| !v.is(""))
    }

    /// `name`, or `name_prefix` followed by a generated part.
    fn name(&self, body: &Body) -> Option<Value> {
        if let Some(a) = attribute(body, "name") {
            return Some(match self.ev.value(&a.value) {
                // an empty name evaluated from a module's placeholder (`default = ""`)
                Value::Known(s) if s.is_empty() && !is_string_like(&a.value) => {
                    Value::Unknown(self.ev.source(&a.value))
                }
                v => v,
            });
        }
        let mut pieces = match self.value(body, "name_prefix")? {
            Value::Known(s) => vec![Piece::Lit(s)],
            Value::Partial(p) => p,
            Value::Unknown(e) => vec![Piece::Expr(e)],
        };
        pieces.push(Piece::Expr(GENERATED.to_string()));
        Some(Value::from_pieces(pieces))
    }

    /// The policy document in attribute `name`, or an unknown one when it is missing.
    fn required_document(&mut self, res: &Res<'_>, name: &str) -> Document {
        match attribute(res.body, name) {
            Some(a) => {
                let span = self.ev.span_or(a, res.span);
                self.document(&a.value, span, &res.address)
            }
            None => Document::Unknown {
                expr: format!("<missing {name}>"),
                span: res.span,
            },
        }
    }

    fn document(&mut self, expr: &Expression, fallback: Span, address: &str) -> Document {
        let ev = self.ev;
        let mut sink = Sink {
            address,
            problems: &mut self.inv.policy_problems,
        };
        document::document(&ev, expr, fallback, &mut sink)
    }

    /// The principal named by attribute `role`, `user` or `group`.
    fn principal_ref(&self, res: &Res<'_>, kind: PrincipalKind) -> PrincipalRef {
        let (target, span) = self.single_ref(res, kind.as_str());
        PrincipalRef {
            kind,
            target,
            span,
            resolved: None,
        }
    }

    /// The principals listed in attribute `list`.
    fn principal_refs(&self, res: &Res<'_>, list: &str, kind: PrincipalKind) -> Vec<PrincipalRef> {
        let Some(a) = attribute(res.body, list) else {
            return Vec::new();
        };
        let fallback = self.ev.span_or(a, res.span);
        PrincipalRef::list(kind, self.refs(&a.value, fallback))
    }

    /// The reference in attribute `name` and its span; a missing attribute is an unknown
    /// reference at the block.
    fn single_ref(&self, res: &Res<'_>, name: &str) -> (Ref, Span) {
        match attribute(res.body, name) {
            Some(a) => (
                self.ev.reference(&a.value),
                self.ev.span_or(&a.value, res.span),
            ),
            None => (
                Ref::Unknown(Value::unknown(format!("<missing {name}>"))),
                res.span,
            ),
        }
    }

    /// The references of a list: one per element of a list literal, or one unknown (or
    /// splat address) for any other expression.
    fn refs(&self, expr: &Expression, fallback: Span) -> Vec<(Ref, Span)> {
        let items: Vec<&Expression> = match expr {
            Expression::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        items
            .into_iter()
            .map(|e| (self.ev.reference(e), self.ev.span_or(e, fallback)))
            .collect()
    }
}

/// A reference from a role's own attribute (inline policy, managed policy list) to it.
fn role_self_ref(res: &Res<'_>, span: Span) -> PrincipalRef {
    PrincipalRef {
        kind: PrincipalKind::Role,
        target: Ref::Address {
            address: res.address.clone(),
            attribute: "name".to_string(),
        },
        span,
        resolved: None,
    }
}

/// An attribute of a body, unless it is set to `null` (which means unset).
fn attribute<'b>(body: &'b Body, name: &str) -> Option<&'b Attribute> {
    body.get_attribute(name).filter(|a| !a.value.is_null())
}

/// Empty values, values made of one repeated character and `<...>` are placeholders, not
/// credentials. AWS's documentation examples (`AKIAIOSFODNN7EXAMPLE`) are *not* skipped
/// here: a literal key in a provider block configures static keys in code, whatever the
/// value.
fn is_placeholder(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        None => true,
        Some(first) => chars.all(|c| c == first) || (s.starts_with('<') && s.ends_with('>')),
    }
}

#[cfg(test)]
mod secret_ref_tests {
    use super::access_key_secret_refs;

    #[test]
    fn finds_secret_reads_of_access_keys() {
        let refs = access_key_secret_refs(
            "{ a = aws_iam_access_key.ci.secret, b = aws_iam_access_key.smtp[0].ses_smtp_password_v4, \
             c = aws_iam_access_key.batch[*].secret, d = aws_iam_access_key.x.id, \
             e = aws_iam_access_key.y.encrypted_secret, f = my_aws_iam_access_key.z.secret }",
        );
        let pairs: Vec<(&str, &str)> = refs.iter().map(|(k, a)| (k.as_str(), a.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("ci", "secret"),
                ("smtp", "ses_smtp_password_v4"),
                ("batch", "secret")
            ]
        );
    }
}
