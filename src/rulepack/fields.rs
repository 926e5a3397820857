//! The entity kinds a pack rule can run on, the fields each kind offers, and how a field
//! is read from the model.
//!
//! [`KINDS`] is the one table of kinds and fields: the loader checks clauses against it,
//! `docs/rule-language.md` is generated from it, and [`get`] reads every field it lists.

use std::borrow::Cow;

use crate::model::policy::{Effect, Items, Statement};
use crate::model::{
    aws_managed_policy_name, AccessKey, Attachment, Inventory, LoginProfile, OidcProvider,
    PasswordPolicy, Policy, PolicyKind, Principal, PrincipalKind, Ref, Setting,
};
use crate::source::Span;
use crate::value::Value;

/// The entity kind a rule runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An IAM user.
    User,
    /// An IAM group.
    Group,
    /// An IAM role.
    Role,
    /// A managed or inline (identity) policy.
    Policy,
    /// A statement of an identity policy.
    Statement,
    /// A statement of a role's trust policy.
    TrustStatement,
    /// A managed policy attached to a user, group or role.
    Attachment,
    /// A user, group, role or managed policy, for rules about names.
    IamEntity,
    /// A user's access key.
    AccessKey,
    /// A user's console password.
    LoginProfile,
    /// The account password policy.
    PasswordPolicy,
    /// An OpenID Connect identity provider.
    OidcProvider,
    /// A service control policy (not in the model yet: matches nothing).
    Scp,
    /// A resource-based policy (not in the model yet: matches nothing).
    ResourcePolicy,
    /// An Identity Center permission set (not in the model yet: matches nothing).
    PermissionSet,
}

/// The type of a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// Text.
    Str,
    /// A number.
    Num,
    /// `true` / `false`.
    Bool,
    /// A list of texts.
    List,
}

impl Ty {
    /// The name used in docs and errors.
    pub fn as_str(self) -> &'static str {
        match self {
            Ty::Str => "string",
            Ty::Num => "number",
            Ty::Bool => "bool",
            Ty::List => "list of strings",
        }
    }
}

/// One field of a kind.
#[derive(Debug)]
pub struct FieldDef {
    /// Name used in clauses.
    pub name: &'static str,
    /// Type.
    pub ty: Ty,
    /// What it holds.
    pub doc: &'static str,
}

/// One kind with its name in packs and its fields.
#[derive(Debug)]
pub struct KindDef {
    /// The kind.
    pub kind: Kind,
    /// Name after `on:`.
    pub name: &'static str,
    /// What it is.
    pub doc: &'static str,
    /// Its fields.
    pub fields: &'static [FieldDef],
    /// Whether `allows_action(...)` applies.
    pub has_actions: bool,
}

macro_rules! fields {
    ($($name:literal : $ty:ident = $doc:literal),* $(,)?) => {
        &[$(FieldDef { name: $name, ty: Ty::$ty, doc: $doc }),*]
    };
}

const PRINCIPAL_COMMON: &[FieldDef] = fields! {
    "address": Str = "Logical address (`aws_iam_user.alice`, `template.yaml#Resources/Alice`).",
    "name": Str = "Its name.",
    "path": Str = "Its IAM path, absent when not set.",
};

/// Every kind, in the order the docs list them.
pub const KINDS: &[KindDef] = &[
    KindDef {
        kind: Kind::User,
        name: "user",
        doc: "An IAM user.",
        fields: fields! {
            "address": Str = "Logical address (`aws_iam_user.alice`).",
            "name": Str = "The user name.",
            "path": Str = "Its IAM path, absent when not set.",
            "permissions_boundary": Str = "ARN of the permissions boundary, absent when not set.",
            "groups": List = "Names of the groups the user is a member of (through memberships in the scan).",
            "managed_policies": List = "ARNs (or references) of the managed policies attached to the user.",
            "has_login_profile": Bool = "The scan gives the user a console password.",
            "has_access_key": Bool = "The scan gives the user an access key.",
        },
        has_actions: false,
    },
    KindDef {
        kind: Kind::Group,
        name: "group",
        doc: "An IAM group.",
        fields: PRINCIPAL_COMMON,
        has_actions: false,
    },
    KindDef {
        kind: Kind::Role,
        name: "role",
        doc: "An IAM role.",
        fields: fields! {
            "address": Str = "Logical address (`aws_iam_role.app`).",
            "name": Str = "The role name.",
            "path": Str = "Its IAM path, absent when not set.",
            "permissions_boundary": Str = "ARN of the permissions boundary, absent when not set.",
            "max_session_duration": Num = "Maximum session duration in seconds, absent when not set (AWS default: 3600).",
            "managed_policies": List = "ARNs (or references) of the managed policies attached to the role.",
            "trusted_principals": List = "Every principal identifier its trust policy names (`AWS`, `Service`, `Federated`).",
        },
        has_actions: false,
    },
    KindDef {
        kind: Kind::Policy,
        name: "policy",
        doc: "A managed or inline identity policy (trust policies are not policies here).",
        fields: fields! {
            "address": Str = "Logical address of the policy (or of its owner for inline policies).",
            "name": Str = "The policy name, absent when not set.",
            "type": Str = "`managed` or `inline`.",
            "statement_count": Num = "Number of statements; unknown when the document is not known.",
        },
        has_actions: true,
    },
    KindDef {
        kind: Kind::IamEntity,
        name: "iam-entity",
        doc: "A user, group, role or customer managed policy: one rule can check the names of all four.",
        fields: fields! {
            "address": Str = "Logical address (`aws_iam_role.app`, `template.yaml#Resources/App`).",
            "entity_type": Str = "`user`, `group`, `role` or `policy`.",
            "name": Str = "Its name (unknown when generated, as with `name_prefix`).",
            "path": Str = "Its IAM path, absent when not set (policies: not read).",
        },
        has_actions: false,
    },
    KindDef {
        kind: Kind::Statement,
        name: "statement",
        doc: "One statement of a managed or inline identity policy.",
        fields: STATEMENT_FIELDS,
        has_actions: true,
    },
    KindDef {
        kind: Kind::TrustStatement,
        name: "trust-statement",
        doc: "One statement of a role's trust (assume-role) policy.",
        fields: STATEMENT_FIELDS,
        has_actions: true,
    },
    KindDef {
        kind: Kind::Attachment,
        name: "attachment",
        doc: "A managed policy attached to a user, group or role (an attachment resource or a role's `managed_policy_arns`).",
        fields: fields! {
            "address": Str = "Logical address of the attachment.",
            "principal": Str = "The principal, as messages name it (`role \"ci\"`).",
            "principal_type": Str = "`user`, `group` or `role`.",
            "policy": Str = "The policy ARN or reference, as written.",
            "aws_managed_name": Str = "The policy name when the policy is an AWS managed policy (`arn:*:iam::aws:policy/...`), absent otherwise.",
        },
        has_actions: false,
    },
    KindDef {
        kind: Kind::AccessKey,
        name: "access-key",
        doc: "A long-lived access key of a user.",
        fields: fields! {
            "address": Str = "Logical address of the key.",
            "user": Str = "The user, as messages name it.",
            "pgp_key": Bool = "A PGP key encrypts the secret.",
            "status": Str = "`Active` / `Inactive`, absent when not set.",
        },
        has_actions: false,
    },
    KindDef {
        kind: Kind::LoginProfile,
        name: "login-profile",
        doc: "A user's console password.",
        fields: fields! {
            "address": Str = "Logical address of the login profile.",
            "user": Str = "The user, as messages name it.",
            "pgp_key": Bool = "A PGP key encrypts the generated password.",
            "password_reset_required": Bool = "The user must change the password at first sign-in; absent when not set.",
        },
        has_actions: false,
    },
    KindDef {
        kind: Kind::PasswordPolicy,
        name: "password-policy",
        doc: "The account password policy. A setting that is not written is absent (AWS applies its default).",
        fields: fields! {
            "address": Str = "Logical address of the password policy.",
            "minimum_password_length": Num = "Minimum length.",
            "require_lowercase_characters": Bool = "Lower-case letters required.",
            "require_uppercase_characters": Bool = "Upper-case letters required.",
            "require_numbers": Bool = "Digits required.",
            "require_symbols": Bool = "Symbols required.",
            "allow_users_to_change_password": Bool = "Users may change their own password.",
            "max_password_age": Num = "Days until a password expires.",
            "password_reuse_prevention": Num = "Number of previous passwords remembered.",
            "hard_expiry": Bool = "Expired passwords need an administrator reset.",
        },
        has_actions: false,
    },
    KindDef {
        kind: Kind::OidcProvider,
        name: "oidc-provider",
        doc: "An OpenID Connect identity provider.",
        fields: fields! {
            "address": Str = "Logical address of the provider.",
            "url": Str = "Issuer URL.",
            "client_ids": List = "Audiences.",
        },
        has_actions: false,
    },
    KindDef {
        kind: Kind::Scp,
        name: "scp",
        doc: "A service control policy. Not in the model yet: a rule on it matches nothing.",
        fields: PLACEHOLDER_FIELDS,
        has_actions: true,
    },
    KindDef {
        kind: Kind::ResourcePolicy,
        name: "resource-policy",
        doc: "A resource-based policy (S3, KMS, SQS, ...). Not in the model yet: a rule on it matches nothing.",
        fields: PLACEHOLDER_FIELDS,
        has_actions: true,
    },
    KindDef {
        kind: Kind::PermissionSet,
        name: "permission-set",
        doc: "An Identity Center permission set. Not in the model yet: a rule on it matches nothing.",
        fields: PLACEHOLDER_FIELDS,
        has_actions: false,
    },
];

const PLACEHOLDER_FIELDS: &[FieldDef] = fields! {
    "address": Str = "Logical address.",
    "name": Str = "Its name, absent when not set.",
};

const STATEMENT_FIELDS: &[FieldDef] = fields! {
    "address": Str = "Logical address of the policy holding the statement.",
    "policy_name": Str = "Name of the policy holding the statement, absent when not set.",
    "sid": Str = "`Sid`, absent when not set.",
    "effect": Str = "`Allow` or `Deny`.",
    "actions": List = "`Action` items as written (absent when the statement has `NotAction`).",
    "not_actions": List = "`NotAction` items as written.",
    "resources": List = "`Resource` items as written.",
    "not_resources": List = "`NotResource` items as written.",
    "principals": List = "Every identifier under `Principal` (`*` for `\"Principal\": \"*\"`).",
    "principal_types": List = "The principal types under `Principal` (`AWS`, `Service`, `Federated`, `CanonicalUser`).",
    "principal_is_everyone": Bool = "`Principal` is `*` or `{\"AWS\": \"*\"}`.",
    "condition_keys": List = "Condition keys (`aws:MultiFactorAuthPresent`), as written.",
    "condition_operators": List = "Condition operators (`StringEquals`, `Bool`), as written.",
};

impl KindDef {
    /// A kind by its name in packs.
    pub fn by_name(name: &str) -> Option<&'static KindDef> {
        KINDS.iter().find(|k| k.name == name)
    }

    /// A kind's definition.
    pub fn of(kind: Kind) -> &'static KindDef {
        KINDS.iter().find(|k| k.kind == kind).unwrap_or(&KINDS[0])
    }

    /// A field by name.
    pub fn field(&self, name: &str) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A field's value as clauses see it.
#[derive(Clone, Debug, PartialEq)]
pub enum Val<'a> {
    /// Text.
    Str(Cow<'a, str>),
    /// A number.
    Num(f64),
    /// A boolean.
    Bool(bool),
    /// A list; `true` when it may hold more items than listed (an unresolved part).
    List(Vec<Val<'a>>, bool),
    /// A value the scan could not resolve.
    Unknown,
    /// Not set.
    Absent,
}

impl Val<'_> {
    /// The value for a message.
    pub fn render(&self) -> String {
        match self {
            Val::Str(s) => s.to_string(),
            Val::Num(n) => render_num(*n),
            Val::Bool(b) => b.to_string(),
            Val::List(items, _) => items.iter().map(Val::render).collect::<Vec<_>>().join(", "),
            Val::Unknown => "(unknown)".into(),
            Val::Absent => "(not set)".into(),
        }
    }
}

/// A number as written: integers without a fraction.
pub fn render_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// One entity of the inventory, as a rule sees it.
#[derive(Clone, Copy, Debug)]
pub enum Entity<'a> {
    /// A user, group or role, with its index in its list.
    Principal(&'a Principal, usize),
    /// An identity policy.
    Policy(&'a Policy),
    /// A statement and its policy.
    Statement(&'a Statement, &'a Policy),
    /// A managed policy attachment.
    Attachment(&'a Attachment),
    /// An access key.
    AccessKey(&'a AccessKey),
    /// A login profile.
    LoginProfile(&'a LoginProfile),
    /// A password policy.
    PasswordPolicy(&'a PasswordPolicy),
    /// An OIDC provider.
    OidcProvider(&'a OidcProvider),
}

impl<'a> Entity<'a> {
    /// Where a finding on the entity points by default.
    pub fn span(&self) -> Span {
        match self {
            Entity::Principal(p, _) => p.origin.span,
            Entity::Policy(p) => p.origin.span,
            Entity::Statement(s, _) => s.span,
            Entity::Attachment(a) => a.origin.span,
            Entity::AccessKey(a) => a.origin.span,
            Entity::LoginProfile(l) => l.origin.span,
            Entity::PasswordPolicy(p) => p.origin.span,
            Entity::OidcProvider(o) => o.origin.span,
        }
    }

    /// The entity's logical address.
    pub fn address(&self) -> &'a str {
        match self {
            Entity::Principal(p, _) => &p.origin.address,
            Entity::Policy(p) | Entity::Statement(_, p) => &p.origin.address,
            Entity::Attachment(a) => &a.origin.address,
            Entity::AccessKey(a) => &a.origin.address,
            Entity::LoginProfile(l) => &l.origin.address,
            Entity::PasswordPolicy(p) => &p.origin.address,
            Entity::OidcProvider(o) => &o.origin.address,
        }
    }
}

/// Every entity of a kind in the inventory.
pub fn entities(kind: Kind, inv: &Inventory) -> Vec<Entity<'_>> {
    fn principals(list: &[Principal]) -> Vec<Entity<'_>> {
        list.iter()
            .enumerate()
            .map(|(i, p)| Entity::Principal(p, i))
            .collect()
    }
    let statements = |trust: bool| -> Vec<Entity<'_>> {
        inv.policies
            .iter()
            .filter(|p| p.is_identity() != trust)
            .filter_map(|p| p.document.parsed().map(|d| (p, d)))
            .flat_map(|(p, d)| d.statements.iter().map(move |s| Entity::Statement(s, p)))
            .collect()
    };
    match kind {
        Kind::User => principals(&inv.users),
        Kind::Group => principals(&inv.groups),
        Kind::Role => principals(&inv.roles),
        Kind::Policy => inv
            .policies
            .iter()
            .filter(|p| p.is_identity())
            .map(Entity::Policy)
            .collect(),
        Kind::IamEntity => {
            let mut out = principals(&inv.users);
            out.extend(principals(&inv.groups));
            out.extend(principals(&inv.roles));
            out.extend(
                inv.policies
                    .iter()
                    .filter(|p| matches!(p.kind, PolicyKind::Managed))
                    .map(Entity::Policy),
            );
            out
        }
        Kind::Statement => statements(false),
        Kind::TrustStatement => statements(true),
        Kind::Attachment => inv.attachments.iter().map(Entity::Attachment).collect(),
        Kind::AccessKey => inv.access_keys.iter().map(Entity::AccessKey).collect(),
        Kind::LoginProfile => inv
            .login_profiles
            .iter()
            .map(Entity::LoginProfile)
            .collect(),
        Kind::PasswordPolicy => inv
            .password_policies
            .iter()
            .map(Entity::PasswordPolicy)
            .collect(),
        Kind::OidcProvider => inv
            .oidc_providers
            .iter()
            .map(Entity::OidcProvider)
            .collect(),
        Kind::Scp | Kind::ResourcePolicy | Kind::PermissionSet => Vec::new(),
    }
}

/// A model value as a clause value: known text, else unknown.
fn text(v: &Value) -> Val<'_> {
    match v.as_known() {
        Some(s) => Val::Str(Cow::Borrowed(s)),
        None => Val::Unknown,
    }
}

/// A setting read as a number, a boolean or text, by the type the field declares.
fn setting(s: Option<&Setting>, ty: Ty) -> (Val<'_>, Option<Span>) {
    let Some(s) = s else {
        return (Val::Absent, None);
    };
    let v = match (s.value.as_known(), ty) {
        (None, _) => Val::Unknown,
        (Some(t), Ty::Num) => t.trim().parse::<f64>().map_or(Val::Unknown, Val::Num),
        (Some(t), Ty::Bool) => match t.trim() {
            "true" => Val::Bool(true),
            "false" => Val::Bool(false),
            _ => Val::Unknown,
        },
        (Some(t), _) => Val::Str(Cow::Borrowed(t)),
    };
    (v, Some(s.span))
}

fn items(i: Option<&Items>) -> (Val<'_>, Option<Span>) {
    match i {
        None => (Val::Absent, None),
        Some(i) => (
            Val::List(
                i.items.iter().map(|x| text(&x.value)).collect(),
                i.incomplete,
            ),
            Some(i.span),
        ),
    }
}

fn reference(r: &Ref) -> Val<'_> {
    match r {
        Ref::Literal(s) => Val::Str(Cow::Borrowed(s)),
        Ref::Address { .. } => Val::Str(Cow::Owned(r.describe())),
        Ref::Unknown(_) => Val::Unknown,
    }
}

/// Managed policies attached to one principal: complete unless some attachment's
/// principal is not resolved (it may be this one).
fn attached<'a>(inv: &'a Inventory, kind: PrincipalKind, idx: usize) -> Val<'a> {
    let mut out = Vec::new();
    let mut incomplete = false;
    for a in &inv.attachments {
        if a.principal.kind != kind {
            continue;
        }
        match a.principal.resolved {
            Some(i) if i == idx => out.push(reference(&a.policy)),
            Some(_) => {}
            None => incomplete |= matches!(a.principal.target, Ref::Unknown(_)),
        }
    }
    Val::List(out, incomplete)
}

/// Reads one field of an entity, with the span it was written at when it has one.
/// `None` when the kind has no such field (the loader rejects those).
pub fn get<'a>(e: &Entity<'a>, inv: &'a Inventory, field: &str) -> Option<(Val<'a>, Option<Span>)> {
    if field == "address" {
        return Some((Val::Str(Cow::Borrowed(e.address())), None));
    }
    if field == "entity_type" {
        let t = match e {
            Entity::Principal(p, _) => p.kind.as_str(),
            Entity::Policy(_) => "policy",
            _ => return None,
        };
        return Some((Val::Str(Cow::Borrowed(t)), None));
    }
    Some(match e {
        Entity::Principal(p, idx) => principal_field(p, *idx, inv, field)?,
        Entity::Policy(p) => match field {
            "name" => (p.name.as_ref().map_or(Val::Absent, text), None),
            "path" => (Val::Absent, None),
            "type" => (
                Val::Str(Cow::Borrowed(match p.kind {
                    PolicyKind::Managed => "managed",
                    PolicyKind::Inline { .. } => "inline",
                    PolicyKind::Trust { .. } => "trust",
                })),
                None,
            ),
            "statement_count" => (
                match p.document.parsed() {
                    Some(d) if !d.statements_incomplete => Val::Num(d.statements.len() as f64),
                    _ => Val::Unknown,
                },
                None,
            ),
            _ => return None,
        },
        Entity::Statement(s, p) => statement_field(s, p, field)?,
        Entity::Attachment(a) => match field {
            "principal" => (
                Val::Str(Cow::Owned(inv.describe_principal(&a.principal))),
                Some(a.principal.span),
            ),
            "principal_type" => (Val::Str(Cow::Borrowed(a.principal.kind.as_str())), None),
            "policy" => (reference(&a.policy), Some(a.policy_span)),
            "aws_managed_name" => (
                match (aws_managed_policy_name(&a.policy), &a.policy) {
                    (Some(n), _) => Val::Str(Cow::Borrowed(n)),
                    (None, Ref::Unknown(_)) => Val::Unknown,
                    (None, _) => Val::Absent,
                },
                Some(a.policy_span),
            ),
            _ => return None,
        },
        Entity::AccessKey(k) => match field {
            "user" => (
                Val::Str(Cow::Owned(inv.describe_principal(&k.user))),
                Some(k.user.span),
            ),
            "pgp_key" => (Val::Bool(k.pgp_key), None),
            "status" => setting(k.status.as_ref(), Ty::Str),
            _ => return None,
        },
        Entity::LoginProfile(l) => match field {
            "user" => (
                Val::Str(Cow::Owned(inv.describe_principal(&l.user))),
                Some(l.user.span),
            ),
            "pgp_key" => (Val::Bool(l.pgp_key), None),
            "password_reset_required" => setting(l.password_reset_required.as_ref(), Ty::Bool),
            _ => return None,
        },
        Entity::PasswordPolicy(p) => {
            let def = KindDef::of(Kind::PasswordPolicy).field(field)?;
            setting(p.get(field), def.ty)
        }
        Entity::OidcProvider(o) => match field {
            "url" => (text(&o.url), None),
            "client_ids" => (
                Val::List(o.client_ids.iter().map(text).collect(), false),
                None,
            ),
            _ => return None,
        },
    })
}

fn principal_field<'a>(
    p: &'a Principal,
    idx: usize,
    inv: &'a Inventory,
    field: &str,
) -> Option<(Val<'a>, Option<Span>)> {
    let user = p.kind == PrincipalKind::User;
    let role = p.kind == PrincipalKind::Role;
    Some(match field {
        "name" => (text(&p.name), None),
        "path" => (p.path.as_ref().map_or(Val::Absent, text), None),
        "permissions_boundary" if user || role => setting(p.permissions_boundary.as_ref(), Ty::Str),
        "max_session_duration" if role => setting(p.max_session_duration.as_ref(), Ty::Num),
        "managed_policies" if user || role => (attached(inv, p.kind, idx), None),
        "trusted_principals" if role => {
            let doc = p
                .trust_policy
                .and_then(|t| inv.policies.get(t))
                .map(|t| &t.document);
            match doc {
                None => (Val::List(Vec::new(), false), None),
                Some(d) => match d.parsed() {
                    None => (Val::Unknown, None),
                    Some(d) => {
                        let mut out = Vec::new();
                        let mut incomplete = d.statements_incomplete;
                        for s in &d.statements {
                            if let Some(pr) = &s.principal {
                                if let (Val::List(v, inc), _) = principals(pr) {
                                    out.extend(v);
                                    incomplete |= inc;
                                }
                            }
                        }
                        (Val::List(out, incomplete), None)
                    }
                },
            }
        }
        "groups" if user => {
            let mut out = Vec::new();
            let mut incomplete = false;
            for m in &inv.memberships {
                match m.user.resolved {
                    Some(i) if i == idx => {}
                    Some(_) => continue,
                    None => {
                        incomplete |= matches!(m.user.target, Ref::Unknown(_));
                        continue;
                    }
                }
                let name = m
                    .group
                    .resolved
                    .and_then(|g| inv.groups.get(g))
                    .map(|g| text(&g.name));
                out.push(match (name, &m.group.target) {
                    (Some(v), _) => v,
                    (None, Ref::Literal(s)) => Val::Str(Cow::Borrowed(s)),
                    (None, _) => Val::Unknown,
                });
            }
            (Val::List(out, incomplete), None)
        }
        "has_login_profile" if user => owned_by(inv.login_profiles.iter().map(|l| &l.user), idx),
        "has_access_key" if user => owned_by(inv.access_keys.iter().map(|k| &k.user), idx),
        _ => return None,
    })
}

/// True when one of the references resolves to user `idx`; unknown when none does but
/// an unresolved expression might.
fn owned_by<'a>(
    refs: impl Iterator<Item = &'a crate::model::PrincipalRef>,
    idx: usize,
) -> (Val<'a>, Option<Span>) {
    let mut maybe = false;
    for r in refs {
        match r.resolved {
            Some(i) if i == idx => return (Val::Bool(true), Some(r.span)),
            Some(_) => {}
            None => maybe |= matches!(r.target, Ref::Unknown(_)),
        }
    }
    (
        if maybe {
            Val::Unknown
        } else {
            Val::Bool(false)
        },
        None,
    )
}

fn principals(p: &crate::model::policy::Principals) -> (Val<'_>, Option<Span>) {
    let mut out = Vec::new();
    if p.any {
        out.push(Val::Str(Cow::Borrowed("*")));
    }
    let mut incomplete = p.incomplete;
    for e in &p.entries {
        out.extend(e.values.items.iter().map(|i| text(&i.value)));
        incomplete |= e.values.incomplete;
    }
    (Val::List(out, incomplete), Some(p.span))
}

fn statement_field<'a>(
    s: &'a Statement,
    p: &'a Policy,
    field: &str,
) -> Option<(Val<'a>, Option<Span>)> {
    Some(match field {
        "policy_name" => (p.name.as_ref().map_or(Val::Absent, text), None),
        "sid" => (s.sid.as_ref().map_or(Val::Absent, text), None),
        "effect" => (
            match &s.effect {
                Effect::Allow => Val::Str(Cow::Borrowed("Allow")),
                Effect::Deny => Val::Str(Cow::Borrowed("Deny")),
                Effect::Unknown(_) => Val::Unknown,
            },
            None,
        ),
        "actions" => items(s.action.as_ref()),
        "not_actions" => items(s.not_action.as_ref()),
        "resources" => items(s.resource.as_ref()),
        "not_resources" => items(s.not_resource.as_ref()),
        "principals" => match &s.principal {
            None => (Val::Absent, None),
            Some(pr) => principals(pr),
        },
        "principal_types" => match &s.principal {
            None => (Val::Absent, None),
            Some(pr) => (
                Val::List(
                    pr.entries
                        .iter()
                        .map(|e| Val::Str(Cow::Borrowed(e.kind.as_str())))
                        .collect(),
                    pr.incomplete,
                ),
                Some(pr.span),
            ),
        },
        "principal_is_everyone" => match &s.principal {
            None => (Val::Bool(false), None),
            Some(pr) if pr.is_everyone() => (Val::Bool(true), Some(pr.everyone_span())),
            Some(pr) if pr.incomplete => (Val::Unknown, Some(pr.span)),
            Some(pr) => (Val::Bool(false), Some(pr.span)),
        },
        "condition_keys" => (
            Val::List(
                s.conditions.iter().map(|c| text(&c.key)).collect(),
                s.conditions_incomplete,
            ),
            None,
        ),
        "condition_operators" => (
            Val::List(
                s.conditions.iter().map(|c| text(&c.operator)).collect(),
                s.conditions_incomplete,
            ),
            None,
        ),
        _ => return None,
    })
}

/// Whether a statement allows `action` (IAM wildcards, case-insensitive): `Some(true)` when
/// it definitely does, `Some(false)` when it definitely does not, `None` when unresolved
/// parts leave it open.
pub fn statement_allows(s: &Statement, action: &str) -> Option<bool> {
    use crate::model::wildcard::action_matches;
    match &s.effect {
        Effect::Allow => {}
        Effect::Deny => return Some(false),
        Effect::Unknown(_) => return None,
    }
    let any_match = |i: &Items| i.known().any(|p| action_matches(p, action));
    if let Some(a) = &s.action {
        if any_match(a) {
            Some(true)
        } else if a.fully_known() {
            Some(false)
        } else {
            None
        }
    } else if let Some(na) = &s.not_action {
        if any_match(na) {
            Some(false)
        } else if na.fully_known() {
            Some(true)
        } else {
            None
        }
    } else {
        Some(false)
    }
}

/// Whether a policy has a statement that allows `action`, in the same three states.
pub fn policy_allows(p: &Policy, action: &str) -> Option<bool> {
    let d = p.document.parsed()?;
    let mut open = d.statements_incomplete;
    for s in &d.statements {
        match statement_allows(s, action) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => open = true,
        }
    }
    if open {
        None
    } else {
        Some(false)
    }
}

/// The reference of every kind and field, in Markdown, as `docs/rule-language.md`
/// includes it (a test keeps the page in step with this table).
pub fn reference_markdown() -> String {
    let mut s = String::new();
    for k in KINDS {
        s.push_str(&format!("### `{}`\n\n{}", k.name, k.doc));
        if k.has_actions {
            s.push_str(" `allows_action(...)` applies.");
        }
        s.push_str("\n\n| field | type | meaning |\n|---|---|---|\n");
        for f in k.fields {
            s.push_str(&format!(
                "| `{}` | {} | {} |\n",
                f.name,
                f.ty.as_str(),
                f.doc
            ));
        }
        s.push('\n');
    }
    s
}
