//! Readers for the CloudFormation resource types about IAM: one function per type, each
//! adding entities to the template's inventory fragment. Addresses are logical ids
//! (under the nested stack's logical id in a nested template, [`super::nested`]),
//! scopes the root template's path, so `!Ref AdminRole` links to the role declared as
//! `AdminRole` in the same template.

use super::intrinsics::{Eval, ResourceFacts};
use crate::model::{
    AccessAnalyzer, AccessKey, Attachment, Document, InstanceProfile, Inventory, LoginProfile,
    Membership, OidcProvider, Organization, Origin, PermissionSet, PermissionSetGrant,
    PermissionSetPolicy, Policy, PolicyKind, PolicyProblem, Principal, PrincipalKind, PrincipalRef,
    Ref, ResourcePolicy, ResourcePolicyKind, SamlProvider, ScpAttachment, ServiceControlPolicy,
    Setting,
};
/// Stands for a name CloudFormation generates (`stack-LogicalId-RANDOM`); the same text
/// Terraform entities use for generated names.
pub const GENERATED: &str = "<generated>";
use crate::parse::json;
use crate::parse::lambda_permission;
use crate::parse::node::{Node, NodeKind};
use crate::parse::policy_doc;
use crate::source::Span;
use crate::value::{Piece, Value};

/// One resource being read.
pub struct Res<'n> {
    /// Logical id.
    pub id: &'n str,
    /// The whole declaration (logical id to the end of its body).
    pub span: Span,
    /// `Properties`, evaluated; an empty object when absent.
    pub props: Node,
}

impl Res<'_> {
    /// An evaluated property.
    pub fn get(&self, name: &str) -> Option<&Node> {
        self.props
            .get(name)
            .filter(|n| !matches!(n.kind, NodeKind::Null))
    }
}

/// Fills one template's inventory fragment.
pub struct Reader<'e, 't> {
    /// The template's evaluation context.
    pub ev: &'e Eval<'t>,
    /// The root template's path.
    pub scope: String,
    /// What was read.
    pub inv: Inventory,
}

impl Reader<'_, '_> {
    /// Reads one resource of a type about IAM; other types are ignored. `raw` is the
    /// unevaluated `Properties` (references to other resources are read from it).
    pub fn resource(&mut self, kind: &str, res: &Res<'_>, raw: Option<&Node>) {
        match kind {
            "AWS::IAM::User" => self.principal_with_policies(res, raw, PrincipalKind::User),
            "AWS::IAM::Group" => self.principal_with_policies(res, raw, PrincipalKind::Group),
            "AWS::IAM::Role" => self.principal_with_policies(res, raw, PrincipalKind::Role),
            "AWS::IAM::Policy" => self.policy(res, raw),
            "AWS::IAM::ManagedPolicy" => self.managed_policy(res, raw),
            "AWS::IAM::RolePolicy" => self.inline_policy(res, raw, PrincipalKind::Role),
            "AWS::IAM::UserPolicy" => self.inline_policy(res, raw, PrincipalKind::User),
            "AWS::IAM::GroupPolicy" => self.inline_policy(res, raw, PrincipalKind::Group),
            "AWS::IAM::AccessKey" => self.access_key(res, raw),
            "AWS::IAM::UserToGroupAddition" => self.group_addition(res, raw),
            "AWS::IAM::InstanceProfile" => self.instance_profile(res, raw),
            "AWS::IAM::OIDCProvider" => self.oidc_provider(res),
            "AWS::IAM::SAMLProvider" => self.saml_provider(res),
            "AWS::IAM::ServiceLinkedRole" => self.service_linked_role(res),
            "AWS::Organizations::Policy" => self.organizations_policy(res),
            "AWS::SSO::PermissionSet" => self.permission_set(res),
            "AWS::AccessAnalyzer::Analyzer" => {
                let analyzer = AccessAnalyzer {
                    origin: self.origin(res, res.span),
                    name: self.value(res, "AnalyzerName"),
                    analyzer_type: self.setting(res, "Type"),
                };
                self.inv.access_analyzers.push(analyzer);
            }
            "AWS::Organizations::Organization" => {
                let origin = self.origin(res, res.span);
                self.inv.organizations.push(Organization { origin });
            }
            "AWS::S3::BucketPolicy" => self.resource_policy(
                res,
                raw,
                ResourcePolicyKind::S3Bucket,
                "Bucket",
                "PolicyDocument",
            ),
            "AWS::SQS::QueuePolicy" => self.resource_policy(
                res,
                raw,
                ResourcePolicyKind::SqsQueue,
                "Queues",
                "PolicyDocument",
            ),
            "AWS::SNS::TopicPolicy" => self.resource_policy(
                res,
                raw,
                ResourcePolicyKind::SnsTopic,
                "Topics",
                "PolicyDocument",
            ),
            "AWS::KMS::Key" | "AWS::KMS::ReplicaKey" => {
                self.own_resource_policy(res, ResourcePolicyKind::KmsKey, "KeyPolicy")
            }
            "AWS::ECR::Repository" => self.own_resource_policy(
                res,
                ResourcePolicyKind::EcrRepository,
                "RepositoryPolicyText",
            ),
            "AWS::SecretsManager::ResourcePolicy" => self.resource_policy(
                res,
                raw,
                ResourcePolicyKind::SecretsManagerSecret,
                "SecretId",
                "ResourcePolicy",
            ),
            "AWS::Lambda::Permission" => self.lambda_permission(res, raw),
            _ => {}
        }
    }

    // ---- entities -------------------------------------------------------------------

    /// A user, group or role with its inline `Policies`, `ManagedPolicyArns`, and for
    /// users `Groups` and `LoginProfile`, for roles the trust policy.
    pub fn principal_with_policies(
        &mut self,
        res: &Res<'_>,
        raw: Option<&Node>,
        kind: PrincipalKind,
    ) {
        let name_key = match kind {
            PrincipalKind::User => "UserName",
            PrincipalKind::Group => "GroupName",
            PrincipalKind::Role => "RoleName",
        };
        let principal = Principal {
            origin: self.origin(res, res.span),
            kind,
            name: self.name(res, name_key),
            path: self.value(res, "Path"),
            permissions_boundary: match kind {
                PrincipalKind::Group => None,
                _ => self.setting(res, "PermissionsBoundary"),
            },
            max_session_duration: match kind {
                PrincipalKind::Role => self.setting(res, "MaxSessionDuration"),
                _ => None,
            },
            trust_policy: None,
        };
        match kind {
            PrincipalKind::User => self.inv.users.push(principal),
            PrincipalKind::Group => self.inv.groups.push(principal),
            PrincipalKind::Role => {
                let trust = res.get("AssumeRolePolicyDocument");
                let docs = trust.map(|doc| self.document(doc, res.id));
                self.add_role(res, principal, trust.map(|d| d.span), docs);
            }
        }
        self.inline_policies(res, kind);
        self.managed_policy_arns(res, raw, kind);
        if kind == PrincipalKind::User {
            if let Some(groups) = res.get("Groups") {
                let raw_groups = raw.and_then(|r| r.get("Groups"));
                for group in self.principal_refs(groups, raw_groups, PrincipalKind::Group) {
                    self.inv.memberships.push(Membership {
                        origin: self.origin(res, group.span),
                        user: self_ref(res, kind, group.span),
                        group,
                    });
                }
            }
            if let Some(lp) = res.get("LoginProfile") {
                self.inv.login_profiles.push(LoginProfile {
                    origin: self.origin(res, lp.span),
                    user: self_ref(res, kind, lp.span),
                    // CloudFormation has no PGP key: the password is protected when it is
                    // a dynamic reference to a secret (resolved at deployment, never in
                    // the template or the stack), not when it is written or passed in
                    pgp_key: lp
                        .get("Password")
                        .and_then(Node::scalar)
                        .is_some_and(|v| is_secret_reference(&v)),
                    password_reset_required: lp.get("PasswordResetRequired").map(setting),
                });
            }
        }
    }

    /// Adds a role with its trust policy; an undecided `Fn::If` around the trust policy
    /// gives one trust policy per branch, all of them the role's.
    pub fn add_role(
        &mut self,
        res: &Res<'_>,
        role: Principal,
        trust_span: Option<Span>,
        trust: Option<Vec<Document>>,
    ) {
        let span = trust_span.unwrap_or(res.span);
        let mut docs = trust.unwrap_or_default().into_iter();
        let first = docs.next().map(|d| (self.origin(res, span), d));
        let idx = self.inv.add_role(role, first);
        for document in docs {
            self.inv.policies.push(Policy {
                origin: self.origin(res, span),
                kind: PolicyKind::Trust { role: idx },
                name: None,
                document,
            });
        }
    }

    /// `Policies: [{PolicyName, PolicyDocument}]` of a user, group, role (or SAM
    /// function's role).
    pub fn inline_policies(&mut self, res: &Res<'_>, kind: PrincipalKind) {
        let Some(list) = res.get("Policies").and_then(Node::as_array) else {
            return;
        };
        for entry in list {
            let Some(doc) = entry.get("PolicyDocument") else {
                continue;
            };
            let name = entry.get("PolicyName").and_then(Node::scalar);
            for document in self.document(doc, res.id) {
                self.inv.policies.push(Policy {
                    origin: self.origin(res, entry.span),
                    kind: PolicyKind::Inline {
                        principal: self_ref(res, kind, entry.span),
                    },
                    name: name.clone(),
                    document,
                });
            }
        }
    }

    /// `ManagedPolicyArns` of a user, group or role: one attachment each.
    pub fn managed_policy_arns(&mut self, res: &Res<'_>, raw: Option<&Node>, kind: PrincipalKind) {
        let Some(list) = res.get("ManagedPolicyArns") else {
            return;
        };
        let raw_list = raw.and_then(|r| r.get("ManagedPolicyArns"));
        for (policy, span) in self.refs(list, raw_list) {
            self.inv.attachments.push(Attachment {
                origin: self.origin(res, span),
                principal: self_ref(res, kind, span),
                policy,
                policy_span: span,
                policy_resolved: None,
            });
        }
    }

    /// `AWS::IAM::Policy`: an inline policy of each role, user and group it lists.
    fn policy(&mut self, res: &Res<'_>, raw: Option<&Node>) {
        let name = self.value(res, "PolicyName");
        let documents = match res.get("PolicyDocument") {
            Some(doc) => self.document(doc, res.id),
            None => vec![missing(res, "PolicyDocument")],
        };
        let mut owners = Vec::new();
        for (list, kind) in [
            ("Roles", PrincipalKind::Role),
            ("Users", PrincipalKind::User),
            ("Groups", PrincipalKind::Group),
        ] {
            if let Some(n) = res.get(list) {
                owners.extend(self.principal_refs(n, raw.and_then(|r| r.get(list)), kind));
            }
        }
        for principal in owners {
            for document in &documents {
                self.inv.policies.push(Policy {
                    origin: self.origin(res, res.span),
                    kind: PolicyKind::Inline {
                        principal: principal.clone(),
                    },
                    name: name.clone(),
                    document: document.clone(),
                });
            }
        }
    }

    /// `AWS::IAM::ManagedPolicy` and its attachments to the principals it lists.
    fn managed_policy(&mut self, res: &Res<'_>, raw: Option<&Node>) {
        let documents = match res.get("PolicyDocument") {
            Some(doc) => self.document(doc, res.id),
            None => vec![missing(res, "PolicyDocument")],
        };
        for document in documents {
            self.inv.policies.push(Policy {
                origin: self.origin(res, res.span),
                kind: PolicyKind::Managed,
                name: self.value(res, "ManagedPolicyName"),
                document,
            });
        }
        for (list, kind) in [
            ("Roles", PrincipalKind::Role),
            ("Users", PrincipalKind::User),
            ("Groups", PrincipalKind::Group),
        ] {
            let Some(n) = res.get(list) else { continue };
            for principal in self.principal_refs(n, raw.and_then(|r| r.get(list)), kind) {
                self.inv.attachments.push(Attachment {
                    origin: self.origin(res, principal.span),
                    policy: Ref::Address {
                        address: res.id.to_string(),
                        attribute: "arn".to_string(),
                    },
                    policy_span: principal.span,
                    principal,
                    policy_resolved: None,
                });
            }
        }
    }

    /// `AWS::IAM::RolePolicy` / `UserPolicy` / `GroupPolicy`.
    fn inline_policy(&mut self, res: &Res<'_>, raw: Option<&Node>, kind: PrincipalKind) {
        let key = match kind {
            PrincipalKind::User => "UserName",
            PrincipalKind::Group => "GroupName",
            PrincipalKind::Role => "RoleName",
        };
        let principal = self.principal_ref(res, raw, key, kind);
        let documents = match res.get("PolicyDocument") {
            Some(doc) => self.document(doc, res.id),
            None => vec![missing(res, "PolicyDocument")],
        };
        for document in documents {
            self.inv.policies.push(Policy {
                origin: self.origin(res, res.span),
                kind: PolicyKind::Inline {
                    principal: principal.clone(),
                },
                name: self.value(res, "PolicyName"),
                document,
            });
        }
    }

    fn access_key(&mut self, res: &Res<'_>, raw: Option<&Node>) {
        self.inv.access_keys.push(AccessKey {
            origin: self.origin(res, res.span),
            user: self.principal_ref(res, raw, "UserName", PrincipalKind::User),
            pgp_key: false,
            status: self.setting(res, "Status"),
        });
    }

    /// `AWS::IAM::UserToGroupAddition`: one group, many users.
    fn group_addition(&mut self, res: &Res<'_>, raw: Option<&Node>) {
        let group = self.principal_ref(res, raw, "GroupName", PrincipalKind::Group);
        let Some(users) = res.get("Users") else {
            return;
        };
        let raw_users = raw.and_then(|r| r.get("Users"));
        for user in self.principal_refs(users, raw_users, PrincipalKind::User) {
            self.inv.memberships.push(Membership {
                origin: self.origin(res, res.span),
                user,
                group: group.clone(),
            });
        }
    }

    fn instance_profile(&mut self, res: &Res<'_>, raw: Option<&Node>) {
        let role = res.get("Roles").and_then(|roles| {
            self.principal_refs(roles, raw.and_then(|r| r.get("Roles")), PrincipalKind::Role)
                .into_iter()
                .next()
        });
        self.inv.instance_profiles.push(InstanceProfile {
            origin: self.origin(res, res.span),
            name: self.value(res, "InstanceProfileName"),
            role,
        });
    }

    fn oidc_provider(&mut self, res: &Res<'_>) {
        let client_ids = match res.get("ClientIdList") {
            Some(n) => match n.as_array() {
                Some(items) => items.iter().filter_map(Node::scalar).collect(),
                None => n.scalar().into_iter().collect(),
            },
            None => Vec::new(),
        };
        self.inv.oidc_providers.push(OidcProvider {
            origin: self.origin(res, res.span),
            url: self
                .value(res, "Url")
                .unwrap_or_else(|| Value::unknown("<missing Url>")),
            client_ids,
        });
    }

    fn saml_provider(&mut self, res: &Res<'_>) {
        self.inv.saml_providers.push(SamlProvider {
            origin: self.origin(res, res.span),
            name: self.value(res, "Name"),
        });
    }

    /// A service-linked role: a role whose name and policies AWS defines.
    fn service_linked_role(&mut self, res: &Res<'_>) {
        let name = match self.value(res, "AWSServiceName") {
            Some(Value::Known(service)) => {
                let suffix = self
                    .value(res, "CustomSuffix")
                    .and_then(|v| v.as_known().map(|s| format!("_{s}")))
                    .unwrap_or_default();
                let short = service.split('.').next().unwrap_or(&service).to_string();
                Value::Partial(vec![
                    Piece::Lit("AWSServiceRoleFor".into()),
                    Piece::Expr(format!("service name of {short}")),
                    Piece::Lit(suffix),
                ])
            }
            _ => Value::unknown(GENERATED),
        };
        let role = Principal {
            origin: self.origin(res, res.span),
            kind: PrincipalKind::Role,
            name: Value::from_pieces(match name {
                Value::Partial(p) => p,
                other => vec![Piece::Expr(other.render())],
            }),
            path: Some(Value::known("/aws-service-role/")),
            permissions_boundary: None,
            max_session_duration: None,
            trust_policy: None,
        };
        self.inv.add_role(role, None);
    }

    /// `AWS::Organizations::Policy` of type `SERVICE_CONTROL_POLICY` and its targets.
    fn organizations_policy(&mut self, res: &Res<'_>) {
        let kind = self.value(res, "Type");
        if kind
            .as_ref()
            .is_some_and(|k| k.is_known() && !k.is("SERVICE_CONTROL_POLICY"))
        {
            return;
        }
        let documents = match res.get("Content") {
            Some(doc) => self.document(doc, res.id),
            None => vec![missing(res, "Content")],
        };
        for document in documents {
            self.inv
                .service_control_policies
                .push(ServiceControlPolicy {
                    origin: self.origin(res, res.span),
                    name: self.value(res, "Name"),
                    document,
                });
        }
        if let Some(targets) = res.get("TargetIds").and_then(Node::as_array) {
            for t in targets {
                self.inv.scp_attachments.push(ScpAttachment {
                    origin: self.origin(res, t.span),
                    policy: Ref::Address {
                        address: res.id.to_string(),
                        attribute: "id".into(),
                    },
                    target: setting(t),
                    policy_resolved: None,
                });
            }
        }
    }

    /// `AWS::SSO::PermissionSet` with its inline policy and managed policies.
    fn permission_set(&mut self, res: &Res<'_>) {
        self.inv.permission_sets.push(PermissionSet {
            origin: self.origin(res, res.span),
            name: self.name(res, "Name"),
            session_duration: self.setting(res, "SessionDuration"),
        });
        let this = Ref::Address {
            address: res.id.to_string(),
            attribute: "arn".into(),
        };
        if let Some(doc) = res.get("InlinePolicy") {
            for document in self.document(doc, res.id) {
                self.inv.permission_set_policies.push(PermissionSetPolicy {
                    origin: self.origin(res, doc.span),
                    permission_set: this.clone(),
                    grant: PermissionSetGrant::Inline(document),
                    permission_set_resolved: None,
                });
            }
        }
        if let Some(list) = res.get("ManagedPolicies") {
            for (policy, span) in self.refs(list, None) {
                self.inv.permission_set_policies.push(PermissionSetPolicy {
                    origin: self.origin(res, span),
                    permission_set: this.clone(),
                    grant: PermissionSetGrant::Managed(policy),
                    permission_set_resolved: None,
                });
            }
        }
        if let Some(list) = res
            .get("CustomerManagedPolicyReferences")
            .and_then(Node::as_array)
        {
            for entry in list {
                let name = entry
                    .get("Name")
                    .and_then(Node::scalar)
                    .unwrap_or_else(|| Value::unknown("<missing Name>"));
                self.inv.permission_set_policies.push(PermissionSetPolicy {
                    origin: self.origin(res, entry.span),
                    permission_set: this.clone(),
                    grant: PermissionSetGrant::CustomerManaged(name),
                    permission_set_resolved: None,
                });
            }
        }
    }

    /// A standalone resource policy naming its resource(s) in `target` and its document
    /// in `doc`.
    fn resource_policy(
        &mut self,
        res: &Res<'_>,
        raw: Option<&Node>,
        kind: ResourcePolicyKind,
        target: &str,
        doc: &str,
    ) {
        let mut targets = match res.get(target) {
            Some(n) => self.refs(n, raw.and_then(|r| r.get(target))),
            None => Vec::new(),
        }
        .into_iter()
        .map(|(r, _)| r);
        let resource = targets
            .next()
            .unwrap_or_else(|| Ref::Unknown(Value::unknown(format!("<missing {target}>"))));
        let more_resources: Vec<Ref> = targets.collect();
        let documents = match res.get(doc) {
            Some(d) => self.document(d, res.id),
            None => vec![missing(res, doc)],
        };
        for document in documents {
            self.inv.resource_policies.push(ResourcePolicy {
                origin: self.origin(res, res.span),
                kind,
                resource: resource.clone(),
                more_resources: more_resources.clone(),
                document,
            });
        }
    }

    /// A resource that carries its own policy (a KMS key, an ECR repository).
    fn own_resource_policy(&mut self, res: &Res<'_>, kind: ResourcePolicyKind, doc: &str) {
        let Some(d) = res.get(doc) else { return };
        for document in self.document(d, res.id) {
            self.inv.resource_policies.push(ResourcePolicy {
                origin: self.origin(res, res.span),
                kind,
                resource: Ref::Address {
                    address: res.id.to_string(),
                    attribute: "arn".into(),
                },
                more_resources: Vec::new(),
                document,
            });
        }
    }

    /// `AWS::Lambda::Permission`, as the one-statement policy AWS makes of it.
    fn lambda_permission(&mut self, res: &Res<'_>, raw: Option<&Node>) {
        let function = match res.get("FunctionName") {
            Some(n) => self
                .refs(n, raw.and_then(|r| r.get("FunctionName")))
                .into_iter()
                .next()
                .map(|(r, _)| r),
            None => None,
        }
        .unwrap_or_else(|| Ref::Unknown(Value::unknown("<missing FunctionName>")));
        let doc = lambda_permission::document(lambda_permission::Permission {
            span: res.span,
            principal: res.get("Principal").cloned(),
            action: res.get("Action").cloned(),
            function: res.get("FunctionName").cloned(),
            conditions: lambda_permission::CONDITIONS
                .iter()
                .filter_map(|(prop, _, op, key)| Some((*op, *key, res.get(prop)?.clone())))
                .collect(),
        });
        let mut problems = Vec::new();
        let document = policy_doc::build(&doc, &mut problems);
        self.record_problems(res.id, problems);
        self.inv.resource_policies.push(ResourcePolicy {
            origin: self.origin(res, res.span),
            kind: ResourcePolicyKind::LambdaPermission,
            resource: function,
            more_resources: Vec::new(),
            document,
        });
    }

    // ---- helpers --------------------------------------------------------------------

    /// The origin of an entity of `res` at `span`.
    pub fn origin(&self, res: &Res<'_>, span: Span) -> Origin {
        Origin {
            span,
            address: res.id.to_string(),
            scope: self.scope.clone(),
        }
    }

    fn value(&self, res: &Res<'_>, name: &str) -> Option<Value> {
        res.get(name).and_then(Node::scalar)
    }

    /// A name property, or a generated name.
    pub fn name(&self, res: &Res<'_>, name: &str) -> Value {
        self.value(res, name)
            .unwrap_or_else(|| Value::unknown(GENERATED))
    }

    fn setting(&self, res: &Res<'_>, name: &str) -> Option<Setting> {
        res.get(name).map(setting)
    }

    /// The documents a property holds: one, or one per branch of an undecided `Fn::If`
    /// around the whole document. A string holding JSON is parsed.
    pub fn document(&mut self, node: &Node, address: &str) -> Vec<Document> {
        let mut out = Vec::new();
        let mut problems = Vec::new();
        for alt in document_alternatives(node) {
            let tree = match &alt.kind {
                NodeKind::Str(Value::Known(s)) => {
                    match json::parse(s, alt.span.file, 0, json::Options::default()) {
                        Ok(mut tree) => {
                            let at = alt.span;
                            tree.map_spans(&|_| at);
                            tree
                        }
                        Err(e) => {
                            let message = format!("policy text is not valid JSON: {}", e.message);
                            problems.push(policy_doc::Problem {
                                span: alt.span,
                                message: message.clone(),
                            });
                            out.push(Document::Invalid {
                                message,
                                span: alt.span,
                            });
                            continue;
                        }
                    }
                }
                // JSON text with unknown pieces (`!Sub '{"Resource": "arn:${AWS::Partition}:…"}'`):
                // the pieces stay unknown inside the parsed tree; text that does not
                // parse may be broken only by what the pieces stand for
                NodeKind::Str(v @ Value::Partial(_)) => {
                    let opts = json::Options {
                        interpolation: true,
                    };
                    match json::parse(&v.render(), alt.span.file, 0, opts) {
                        Ok(mut tree) => {
                            let at = alt.span;
                            tree.map_spans(&|_| at);
                            tree
                        }
                        Err(_) => alt.clone(),
                    }
                }
                NodeKind::Json(inner) => (**inner).clone(),
                _ => alt.clone(),
            };
            out.push(policy_doc::build(&tree, &mut problems));
        }
        self.record_problems(address, problems);
        if out.is_empty() {
            out.push(Document::Unknown {
                expr: "AWS::NoValue".into(),
                span: node.span,
            });
        }
        out
    }

    fn record_problems(&mut self, address: &str, problems: Vec<policy_doc::Problem>) {
        self.inv
            .policy_problems
            .extend(problems.into_iter().map(|p| PolicyProblem {
                span: p.span,
                address: address.to_string(),
                message: p.message,
            }));
    }

    /// The principal a property (`RoleName`, `UserName`, `GroupName`) names.
    fn principal_ref(
        &self,
        res: &Res<'_>,
        raw: Option<&Node>,
        key: &str,
        kind: PrincipalKind,
    ) -> PrincipalRef {
        match res.get(key) {
            Some(n) => {
                let (target, span) = self.reference(n, raw.and_then(|r| r.get(key)));
                PrincipalRef {
                    kind,
                    target,
                    span,
                    resolved: None,
                }
            }
            None => PrincipalRef {
                kind,
                target: Ref::Unknown(Value::unknown(format!("<missing {key}>"))),
                span: res.span,
                resolved: None,
            },
        }
    }

    /// The principals a list property names.
    pub fn principal_refs(
        &self,
        list: &Node,
        raw: Option<&Node>,
        kind: PrincipalKind,
    ) -> Vec<PrincipalRef> {
        PrincipalRef::list(kind, self.refs(list, raw))
    }

    /// The references of a list (or of one value): each element as an address when the
    /// raw element is a `Ref` / `Fn::GetAtt` of a resource of the template, else as a
    /// literal or unknown value. Raw and evaluated lists are paired by position only
    /// when they have the same length (an undecided `Fn::If` changes the length).
    pub fn refs(&self, list: &Node, raw: Option<&Node>) -> Vec<(Ref, Span)> {
        let items: Vec<&Node> = match list.as_array() {
            Some(items) => items.iter().collect(),
            None => vec![list],
        };
        let raws: Vec<&Node> = match raw {
            Some(r) => match r.as_array() {
                Some(items) => items.iter().collect(),
                None => vec![r],
            },
            None => Vec::new(),
        };
        let paired = raws.len() == items.len();
        items
            .iter()
            .enumerate()
            .map(|(i, n)| self.reference(n, if paired { raws.get(i).copied() } else { None }))
            .collect()
    }

    fn reference(&self, n: &Node, raw: Option<&Node>) -> (Ref, Span) {
        if let Some((address, attribute)) = raw.and_then(|r| self.ev.resource_ref(r)) {
            let attribute = match attribute.as_str() {
                "ref" => match self.ev.resources.get(&address) {
                    Some(ResourceFacts { kind, .. }) if kind == "AWS::IAM::ManagedPolicy" => "arn",
                    _ => "name",
                },
                "Arn" | "PolicyArn" => "arn",
                other => other,
            }
            .to_string();
            let address = format!("{}{address}", self.ev.prefix);
            return (Ref::Address { address, attribute }, n.span);
        }
        let target = match n.scalar() {
            Some(Value::Known(s)) => Ref::Literal(s),
            Some(v) => Ref::Unknown(v),
            None => Ref::Unknown(Value::unknown(n.type_name())),
        };
        (target, n.span)
    }
}

/// A reference from an entity's own property (inline policy, managed policy list) to it.
pub fn self_ref(res: &Res<'_>, kind: PrincipalKind, span: Span) -> PrincipalRef {
    PrincipalRef {
        kind,
        target: Ref::Address {
            address: res.id.to_string(),
            attribute: "name".to_string(),
        },
        span,
        resolved: None,
    }
}

/// A setting from an evaluated node.
/// A dynamic reference to a secret (`{{resolve:secretsmanager:…}}`,
/// `{{resolve:ssm-secure:…}}`), which CloudFormation resolves at deployment.
fn is_secret_reference(v: &Value) -> bool {
    v.known_prefix().is_some_and(|s| {
        s.starts_with("{{resolve:secretsmanager:") || s.starts_with("{{resolve:ssm-secure:")
    })
}

fn setting(n: &Node) -> Setting {
    Setting {
        value: n.scalar().unwrap_or_else(|| Value::unknown(n.type_name())),
        span: n.span,
    }
}

fn missing(res: &Res<'_>, name: &str) -> Document {
    Document::Unknown {
        expr: format!("<missing {name}>"),
        span: res.span,
    }
}

/// The alternative documents a property holds: a list stands for the branches of an
/// undecided `Fn::If` ([`super::intrinsics::DOCUMENT_KEYS`]).
fn document_alternatives(n: &Node) -> Vec<Node> {
    match &n.kind {
        NodeKind::Array(items) => items.clone(),
        _ => vec![n.clone()],
    }
}
