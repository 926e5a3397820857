//! Readers for the `aws_iam_*` resources of a plan (and the organization, Identity
//! Center and Access Analyzer ones): one function per resource type, the
//! same types and the same model as the HCL reader (`parse::hcl::resources`), read from
//! a resource's values instead of its expressions.
//!
//! A value in `after_unknown` is [`Value::Unknown`] (its expression is the reference the
//! configuration makes, when there is one). An unknown value the configuration does not
//! set is a default the provider computes, and is read as not set, as it is in HCL.

use crate::model::{
    AccessAnalyzer, AccessKey, Attachment, Document, InstanceProfile, Inventory, LoginProfile,
    Membership, OidcProvider, Organization, Origin, PasswordPolicy, PermissionSet,
    PermissionSetGrant, PermissionSetPolicy, Policy, PolicyKind, PolicyProblem, Principal,
    PrincipalKind, PrincipalRef, Ref, ScpAttachment, ServiceControlPolicy, Setting,
};
use crate::parse::hcl::resources::{GENERATED, PASSWORD_SETTINGS};
use crate::parse::json::{self, Options};
use crate::parse::policy_doc;
use crate::source::{FileId, Span};
use crate::value::{Piece, Value};

use super::config;
use super::policy_document::{self, Deferred};
use super::skim::Raw;

/// Stands for a value known only after apply that no reference explains.
pub const AFTER_APPLY: &str = "(known after apply)";

/// One resource instance's values, as the plan gives them.
pub struct Res<'a, 'r> {
    /// The plan file.
    pub file: FileId,
    /// The plan's report path: the scope of its entities.
    pub scope: &'a str,
    /// Full address.
    pub address: String,
    /// `module.a[0].` or `""`: prefixed to the addresses references name.
    pub module_prefix: String,
    /// The resource's entry in the plan.
    pub span: Span,
    /// The values (`after`, `before`, `values`); an object.
    pub values: Raw<'a>,
    /// `after_unknown`, when reading planned values.
    pub unknown: Option<Raw<'a>>,
    /// The configuration's `expressions` for the resource.
    pub expressions: Option<Raw<'a>>,
    /// True when the plan has a configuration (so a missing expression means unset).
    pub configured: bool,
    /// The policy documents only apply will render, by full address.
    pub deferred: &'r Deferred<'a>,
}

/// Reads one resource into `inv`; kinds not about IAM are ignored.
pub fn read(kind: &str, res: &Res<'_, '_>, inv: &mut Inventory) {
    match kind {
        "aws_iam_user" => inv.users.push(principal(res, PrincipalKind::User)),
        "aws_iam_group" => inv.groups.push(principal(res, PrincipalKind::Group)),
        "aws_iam_role" => role(res, inv),
        "aws_iam_policy" => {
            let document = required_document(res, "policy", inv);
            inv.policies.push(Policy {
                origin: res.origin(res.span),
                kind: PolicyKind::Managed,
                name: res.name(),
                document,
            });
        }
        "aws_iam_role_policy" => inline_policy(res, PrincipalKind::Role, inv),
        "aws_iam_user_policy" => inline_policy(res, PrincipalKind::User, inv),
        "aws_iam_group_policy" => inline_policy(res, PrincipalKind::Group, inv),
        "aws_iam_role_policy_attachment" => attachment(res, PrincipalKind::Role, inv),
        "aws_iam_user_policy_attachment" => attachment(res, PrincipalKind::User, inv),
        "aws_iam_group_policy_attachment" => attachment(res, PrincipalKind::Group, inv),
        "aws_iam_policy_attachment" => policy_attachment(res, inv),
        "aws_iam_user_group_membership" => {
            let user = res.principal_ref(PrincipalKind::User);
            for group in res.principal_refs("groups", PrincipalKind::Group) {
                inv.memberships.push(Membership {
                    origin: res.origin(res.span),
                    user: user.clone(),
                    group,
                });
            }
        }
        "aws_iam_group_membership" => {
            let group = res.principal_ref(PrincipalKind::Group);
            for user in res.principal_refs("users", PrincipalKind::User) {
                inv.memberships.push(Membership {
                    origin: res.origin(res.span),
                    user,
                    group: group.clone(),
                });
            }
        }
        "aws_iam_access_key" => inv.access_keys.push(AccessKey {
            origin: res.origin(res.span),
            user: res.principal_ref(PrincipalKind::User),
            pgp_key: res.is_set("pgp_key"),
            status: res.setting("status"),
        }),
        "aws_iam_user_login_profile" => inv.login_profiles.push(LoginProfile {
            origin: res.origin(res.span),
            user: res.principal_ref(PrincipalKind::User),
            pgp_key: res.is_set("pgp_key"),
            password_reset_required: res.setting("password_reset_required"),
        }),
        "aws_iam_account_password_policy" => inv.password_policies.push(PasswordPolicy {
            origin: res.origin(res.span),
            settings: PASSWORD_SETTINGS
                .iter()
                .filter_map(|name| Some((name.to_string(), res.setting(name)?)))
                .collect(),
        }),
        "aws_iam_openid_connect_provider" => inv.oidc_providers.push(OidcProvider {
            origin: res.origin(res.span),
            url: res
                .value("url")
                .unwrap_or_else(|| Value::unknown("<missing url>")),
            client_ids: res.list_values("client_id_list"),
        }),
        "aws_iam_instance_profile" => inv.instance_profiles.push(InstanceProfile {
            origin: res.origin(res.span),
            name: res.name(),
            role: res
                .value("role")
                .map(|_| res.principal_ref(PrincipalKind::Role)),
        }),
        _ => organization(kind, res, inv),
    }
}

/// The AWS Organizations, IAM Identity Center and Access Analyzer resources, read as
/// the HCL reader reads them.
fn organization(kind: &str, res: &Res<'_, '_>, inv: &mut Inventory) {
    match kind {
        "aws_organizations_policy" => {
            if res
                .value("type")
                .is_some_and(|t| t.is_known() && !t.is("SERVICE_CONTROL_POLICY"))
            {
                return;
            }
            let document = required_document(res, "content", inv);
            inv.service_control_policies.push(ServiceControlPolicy {
                origin: res.origin(res.span),
                name: res.name(),
                document,
            });
        }
        "aws_organizations_policy_attachment" => inv.scp_attachments.push(ScpAttachment {
            origin: res.origin(res.span),
            policy: res.linked_ref("policy_id").0,
            target: res.setting("target_id").unwrap_or(Setting {
                value: Value::unknown("<missing target_id>"),
                span: res.span,
            }),
            policy_resolved: None,
        }),
        "aws_organizations_organization" => inv.organizations.push(Organization {
            origin: res.origin(res.span),
        }),
        "aws_ssoadmin_permission_set" => inv.permission_sets.push(PermissionSet {
            origin: res.origin(res.span),
            name: res.name().unwrap_or_else(|| Value::unknown(GENERATED)),
            session_duration: res.setting("session_duration"),
        }),
        "aws_ssoadmin_permission_set_inline_policy" => {
            let document = required_document(res, "inline_policy", inv);
            permission_set_policy(res, PermissionSetGrant::Inline(document), inv);
        }
        "aws_ssoadmin_managed_policy_attachment" => {
            let (policy, _) = res.single_ref("managed_policy_arn");
            permission_set_policy(res, PermissionSetGrant::Managed(policy), inv);
        }
        "aws_ssoadmin_customer_managed_policy_attachment" => {
            let name = res
                .attr("customer_managed_policy_reference")
                .and_then(|b| b.items().into_iter().next())
                .and_then(|b| b.get("name"))
                .and_then(scalar)
                .unwrap_or_else(|| Value::unknown("<missing customer_managed_policy_reference>"));
            permission_set_policy(res, PermissionSetGrant::CustomerManaged(name), inv);
        }
        "aws_accessanalyzer_analyzer" => inv.access_analyzers.push(AccessAnalyzer {
            origin: res.origin(res.span),
            name: res.value("analyzer_name"),
            analyzer_type: res.setting("type"),
        }),
        _ => {}
    }
}

fn permission_set_policy(res: &Res<'_, '_>, grant: PermissionSetGrant, inv: &mut Inventory) {
    inv.permission_set_policies.push(PermissionSetPolicy {
        origin: res.origin(res.span),
        permission_set: res.linked_ref("permission_set_arn").0,
        grant,
        permission_set_resolved: None,
    });
}

fn principal(res: &Res<'_, '_>, kind: PrincipalKind) -> Principal {
    Principal {
        origin: res.origin(res.span),
        kind,
        name: res.name().unwrap_or_else(|| Value::unknown(GENERATED)),
        path: res.value("path"),
        permissions_boundary: match kind {
            PrincipalKind::Group => None,
            _ => res.setting("permissions_boundary"),
        },
        max_session_duration: match kind {
            PrincipalKind::Role => res.setting("max_session_duration"),
            _ => None,
        },
        trust_policy: None,
    }
}

fn role(res: &Res<'_, '_>, inv: &mut Inventory) {
    let role = principal(res, PrincipalKind::Role);
    let trust = res.value("assume_role_policy").map(|_| {
        let span = res.span_of("assume_role_policy");
        let doc = document(
            res,
            res.values.get("assume_role_policy"),
            "assume_role_policy",
            inv,
        );
        (res.origin(span), doc)
    });
    inv.add_role(role, trust);

    let self_ref = |span| PrincipalRef {
        kind: PrincipalKind::Role,
        target: Ref::Address {
            address: res.address.clone(),
            attribute: "name".to_string(),
        },
        span,
        resolved: None,
    };
    if res.is_unknown("inline_policy") {
        if res.expression("inline_policy").is_some() {
            inv.policies.push(Policy {
                origin: res.origin(res.span),
                kind: PolicyKind::Inline {
                    principal: self_ref(res.span),
                },
                name: None,
                document: Document::Unknown {
                    expr: AFTER_APPLY.to_string(),
                    span: res.span,
                },
            });
        }
    } else {
        let masks = res
            .unknown
            .and_then(|u| u.get("inline_policy"))
            .map(|m| m.items())
            .unwrap_or_default();
        let configured = res
            .expression("inline_policy")
            .map(|e| e.items())
            .unwrap_or_default();
        let blocks = res
            .attr("inline_policy")
            .map(|b| b.items())
            .unwrap_or_default();
        for (i, block) in blocks.into_iter().enumerate() {
            let span = Span::new(res.file, block.start, block.end);
            let name = block.get("name").and_then(|n| n.as_str()).map(Value::Known);
            let unknown = masks
                .get(i)
                .and_then(|m| m.get("policy"))
                .is_some_and(|p| p.is_true());
            if unknown {
                // known only after apply: a deferred policy document, or unknown
                let refs = config::references(configured.get(i).and_then(|c| c.get("policy")));
                let document = match res.deferred_document(&refs) {
                    Some(node) => build(res, &node, inv),
                    None => Document::Unknown {
                        expr: refs
                            .into_iter()
                            .next()
                            .unwrap_or_else(|| AFTER_APPLY.to_string()),
                        span,
                    },
                };
                inv.policies.push(Policy {
                    origin: res.origin(span),
                    kind: PolicyKind::Inline {
                        principal: self_ref(span),
                    },
                    name,
                    document,
                });
                continue;
            }
            let Some(policy) = block.get("policy").filter(|p| !p.is_null()) else {
                continue;
            };
            // the provider lists an empty block for a role without inline policies
            if policy.as_str().is_some_and(|p| p.is_empty()) {
                continue;
            }
            let document = document(res, Some(policy), "inline_policy", inv);
            inv.policies.push(Policy {
                origin: res.origin(span),
                kind: PolicyKind::Inline {
                    principal: self_ref(span),
                },
                name,
                document,
            });
        }
    }

    if res.value_set("managed_policy_arns") {
        let span = res.span_of("managed_policy_arns");
        for (policy, policy_span) in res.refs("managed_policy_arns") {
            inv.attachments.push(Attachment {
                origin: res.origin(span),
                principal: self_ref(span),
                policy,
                policy_span,
                policy_resolved: None,
            });
        }
    }
}

fn inline_policy(res: &Res<'_, '_>, kind: PrincipalKind, inv: &mut Inventory) {
    let principal = res.principal_ref(kind);
    let document = required_document(res, "policy", inv);
    inv.policies.push(Policy {
        origin: res.origin(res.span),
        kind: PolicyKind::Inline { principal },
        name: res.name(),
        document,
    });
}

fn attachment(res: &Res<'_, '_>, kind: PrincipalKind, inv: &mut Inventory) {
    let principal = res.principal_ref(kind);
    let (policy, policy_span) = res.single_ref("policy_arn");
    inv.attachments.push(Attachment {
        origin: res.origin(res.span),
        principal,
        policy,
        policy_span,
        policy_resolved: None,
    });
}

/// `aws_iam_policy_attachment`: one attachment per listed user, role and group.
fn policy_attachment(res: &Res<'_, '_>, inv: &mut Inventory) {
    let (policy, policy_span) = res.single_ref("policy_arn");
    for (list, kind) in [
        ("users", PrincipalKind::User),
        ("roles", PrincipalKind::Role),
        ("groups", PrincipalKind::Group),
    ] {
        for principal in res.principal_refs(list, kind) {
            inv.attachments.push(Attachment {
                origin: res.origin(res.span),
                principal,
                policy: policy.clone(),
                policy_span,
                policy_resolved: None,
            });
        }
    }
}

/// The policy document in attribute `name`, or an unknown one when it is not set.
fn required_document(res: &Res<'_, '_>, name: &str, inv: &mut Inventory) -> Document {
    if res.value(name).is_none() {
        return Document::Unknown {
            expr: format!("<missing {name}>"),
            span: res.span,
        };
    }
    document(res, res.values.get(name), name, inv)
}

/// The policy document a string value holds, parsed where it is written in the plan so
/// statements point at their own bytes. Unknown after apply: [`Document::Unknown`].
fn document(res: &Res<'_, '_>, raw: Option<Raw<'_>>, name: &str, inv: &mut Inventory) -> Document {
    let span = res.span_of(name);
    let decoded = match raw {
        Some(raw) if !res.is_unknown(name) => raw.decoded(),
        _ => None,
    };
    let Some((text, map)) = decoded else {
        if let Some(node) = res.deferred_document(&config::references(res.expression(name))) {
            return build(res, &node, inv);
        }
        return Document::Unknown {
            expr: res.unknown_expr(name),
            span,
        };
    };
    let file = res.file;
    let at = |i: usize| map.get(i).or(map.last()).copied().unwrap_or(0);
    match json::parse(&text, file, 0, Options::default()) {
        Ok(mut node) => {
            node.map_spans(&|s: Span| {
                Span::new(
                    file,
                    at(s.start as usize),
                    at(s.end as usize).max(at(s.start as usize) + 1),
                )
            });
            build(res, &node, inv)
        }
        Err(e) => {
            let message = format!("policy is not valid JSON: {}", e.message);
            let span = Span::new(file, at(e.offset), at(e.offset) + 1);
            inv.policy_problems.push(PolicyProblem {
                span,
                address: res.address.clone(),
                message: message.clone(),
            });
            Document::Invalid { message, span }
        }
    }
}

/// The document a tree holds, its problems reported at the resource.
fn build(res: &Res<'_, '_>, node: &crate::parse::node::Node, inv: &mut Inventory) -> Document {
    let mut problems = Vec::new();
    let doc = policy_doc::build(node, &mut problems);
    inv.policy_problems
        .extend(problems.into_iter().map(|p| PolicyProblem {
            span: p.span,
            address: res.address.clone(),
            message: p.message,
        }));
    doc
}

impl<'a> Res<'a, '_> {
    /// The document of a policy document data source read during apply that an unknown
    /// value takes its value from (the references of its expression).
    fn deferred_document(&self, refs: &[String]) -> Option<crate::parse::node::Node> {
        let source = refs.iter().find_map(|r| {
            let rest = r.strip_prefix("data.aws_iam_policy_document.")?;
            let data_name = rest.split('.').next()?;
            Some(format!(
                "{}data.aws_iam_policy_document.{data_name}",
                self.module_prefix
            ))
        })?;
        let (after, unknown) = self.deferred.get(&source)?;
        policy_document::rebuild(self.file, *after, *unknown)
    }

    fn origin(&self, span: Span) -> Origin {
        Origin {
            span,
            address: self.address.clone(),
            scope: self.scope.to_string(),
        }
    }

    fn span_of_raw(&self, raw: Raw<'_>) -> Span {
        Span::new(self.file, raw.start, raw.end)
    }

    /// The span of an attribute's value, or of the resource's entry.
    fn span_of(&self, name: &str) -> Span {
        self.attr(name)
            .map(|r| self.span_of_raw(r))
            .unwrap_or(self.span)
    }

    /// An attribute's value, unless null or missing.
    fn attr(&self, name: &str) -> Option<Raw<'a>> {
        self.values.get(name).filter(|v| !v.is_null())
    }

    fn expression(&self, name: &str) -> Option<Raw<'a>> {
        self.expressions.and_then(|e| e.get(name))
    }

    /// True when the attribute is known only after apply.
    fn is_unknown(&self, name: &str) -> bool {
        self.unknown
            .and_then(|u| u.get(name))
            .is_some_and(|u| u.is_true())
    }

    /// True when the attribute has a value or is set by the configuration to one known
    /// only after apply (an unknown value nobody set is a provider default).
    fn value_set(&self, name: &str) -> bool {
        if self.is_unknown(name) {
            !self.configured || self.expression(name).is_some()
        } else {
            self.attr(name).is_some()
        }
    }

    /// What an unknown attribute is written as: the reference it reads, if any.
    fn unknown_expr(&self, name: &str) -> String {
        config::references(self.expression(name))
            .into_iter()
            .next()
            .unwrap_or_else(|| AFTER_APPLY.to_string())
    }

    /// A scalar attribute; `None` when not set.
    fn value(&self, name: &str) -> Option<Value> {
        if !self.value_set(name) {
            return None;
        }
        if self.is_unknown(name) {
            return Some(Value::Unknown(self.unknown_expr(name)));
        }
        scalar(self.attr(name)?)
    }

    fn setting(&self, name: &str) -> Option<Setting> {
        Some(Setting {
            value: self.value(name)?,
            span: self.span_of(name),
        })
    }

    /// True when the attribute is set to something other than `""`.
    fn is_set(&self, name: &str) -> bool {
        self.value(name).is_some_and(|v| !v.is(""))
    }

    /// `name`; when it is generated (`name_prefix`), the prefix and a generated part.
    fn name(&self) -> Option<Value> {
        if !self.is_unknown("name") {
            return self.value("name");
        }
        if let Some(Value::Known(prefix)) = self.value("name_prefix") {
            return Some(Value::from_pieces(vec![
                Piece::Lit(prefix),
                Piece::Expr(GENERATED.to_string()),
            ]));
        }
        if self.expression("name").is_some() {
            return self.value("name");
        }
        Some(Value::unknown(GENERATED))
    }

    /// The scalar values of a list attribute (an unknown list: one unknown value).
    fn list_values(&self, name: &str) -> Vec<Value> {
        if self.is_unknown(name) {
            return self.value(name).into_iter().collect();
        }
        self.attr(name)
            .map(|l| l.items().into_iter().filter_map(scalar).collect())
            .unwrap_or_default()
    }

    /// The reference an unknown attribute makes, from the configuration.
    fn configured_ref(&self, name: &str) -> Ref {
        let refs = config::references(self.expression(name));
        // the attribute an older plan leaves out: what such an argument takes
        let default = if name.contains("policy_arn") {
            "arn"
        } else {
            "name"
        };
        match config::resource_reference(&refs, default) {
            Some((address, attribute)) => Ref::Address {
                address: format!("{}{address}", self.module_prefix),
                attribute,
            },
            None => Ref::Unknown(Value::Unknown(
                refs.into_iter()
                    .next()
                    .unwrap_or_else(|| AFTER_APPLY.to_string()),
            )),
        }
    }

    /// The reference in attribute `name` and its span; a missing attribute is an unknown
    /// reference at the resource.
    fn single_ref(&self, name: &str) -> (Ref, Span) {
        if self.is_unknown(name) {
            return (self.configured_ref(name), self.span);
        }
        match self.attr(name).and_then(|a| Some((a.as_str()?, a))) {
            Some((s, a)) => (Ref::Literal(s), self.span_of_raw(a)),
            None => (
                Ref::Unknown(Value::unknown(format!("<missing {name}>"))),
                self.span,
            ),
        }
    }

    /// The resource the configuration names in attribute `name`
    /// (`aws_organizations_policy.p.id`), known or not: the ids and ARNs AWS assigns
    /// cannot be linked by value. Without a configured reference, the value.
    fn linked_ref(&self, name: &str) -> (Ref, Span) {
        let refs = config::references(self.expression(name));
        match config::resource_reference(&refs, "id") {
            Some((address, attribute)) => (
                Ref::Address {
                    address: format!("{}{address}", self.module_prefix),
                    attribute,
                },
                self.span_of(name),
            ),
            None => self.single_ref(name),
        }
    }

    /// The references of a list attribute: one per element; an unknown list or element
    /// is the configuration's reference.
    fn refs(&self, name: &str) -> Vec<(Ref, Span)> {
        if self.is_unknown(name) {
            return vec![(self.configured_ref(name), self.span)];
        }
        let mask: Vec<bool> = self
            .unknown
            .and_then(|u| u.get(name))
            .map(|u| u.items().iter().map(|i| i.is_true()).collect())
            .unwrap_or_default();
        let items = self.attr(name).map(|l| l.items()).unwrap_or_default();
        // an unknown element is null (or missing) in the values, `true` in the mask
        (0..items.len().max(mask.len()))
            .filter_map(|i| {
                let span = items
                    .get(i)
                    .map(|item| self.span_of_raw(*item))
                    .unwrap_or_else(|| self.span_of(name));
                if mask.get(i).copied().unwrap_or(false) {
                    return Some((self.configured_ref(name), span));
                }
                let item = items.get(i).filter(|item| !item.is_null())?;
                Some(match item.as_str() {
                    Some(s) => (Ref::Literal(s), span),
                    None => (Ref::Unknown(Value::unknown(AFTER_APPLY)), span),
                })
            })
            .collect()
    }

    /// The principal named by attribute `role`, `user` or `group`.
    fn principal_ref(&self, kind: PrincipalKind) -> PrincipalRef {
        let (target, span) = self.single_ref(kind.as_str());
        PrincipalRef {
            kind,
            target,
            span,
            resolved: None,
        }
    }

    /// The principals listed in attribute `list`.
    fn principal_refs(&self, list: &str, kind: PrincipalKind) -> Vec<PrincipalRef> {
        if !self.value_set(list) {
            return Vec::new();
        }
        PrincipalRef::list(kind, self.refs(list))
    }
}

/// A string, number or boolean as a known value; `None` for anything else.
fn scalar(raw: Raw<'_>) -> Option<Value> {
    raw.as_str()
        .or_else(|| raw.scalar_text().map(str::to_string))
        .map(Value::Known)
}
