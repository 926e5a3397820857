//! Effective permissions of one principal: every document that grants it permissions, and
//! every document that limits them, evaluated together.
//!
//! For a user: its inline policies, its attached policies, and the inline and attached
//! policies of every group it is a member of. For a group or a role: its inline and
//! attached policies. An attached policy is the customer managed policy `link` resolved,
//! or the AWS managed policy its ARN names (from [`crate::catalogue::managed_policies`]).
//! An attachment that resolves to neither, a membership of a group that is not in the
//! scan, and a policy document that is not known all add [`Document::Unknown`]: they may
//! allow or deny anything, so no answer that depends on them is `Yes`.
//!
//! The permission boundary, when set, is a [`Limit`]: an action is allowed only when the
//! identity policies allow it *and* the boundary does. A boundary that cannot be resolved
//! to a document makes every answer at best `Unknown`. SCPs will be limits of the same
//! kind once the model holds them.
//!
//! Not seen: attachments and memberships whose principal reference is unresolved (they
//! may belong to this principal), resource policies, session policies.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::catalogue::{managed_policies, EMBEDDED_FILE};
use crate::link::name_from_arn;
use crate::model::policy::{Document, Effect};
use crate::model::semantics::{
    action_services, cmp_service, denied, evaluate, evaluate_some, service_of, Context, Request,
    StatementRef, Tri,
};
use crate::model::{aws_managed_policy_name, Inventory, PolicyKind, Principal, PrincipalKind};
use crate::rules::Related;
use crate::source::Span;
use crate::value::Value;

/// A principal of the inventory: its kind and index in [`Inventory::principals`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PrincipalId {
    /// User, group or role.
    pub kind: PrincipalKind,
    /// Index in the inventory's list for `kind`.
    pub index: usize,
}

impl PrincipalId {
    /// The principal in the inventory.
    pub fn get<'a>(&self, inv: &'a Inventory) -> Option<&'a Principal> {
        inv.principals(self.kind).get(self.index)
    }
}

/// A document that applies to a principal, and where it came from.
#[derive(Clone, Debug)]
pub struct Source<'a> {
    /// The document.
    pub document: &'a Document,
    /// Where to point for it when its statements are not in a scanned file: the
    /// attachment of an AWS managed policy, the unresolved reference.
    pub anchor: Span,
    /// What it is, for messages: `inline policy aws_iam_role_policy.x`,
    /// `AWS managed policy AdministratorAccess (aws_iam_role_policy_attachment.a)`.
    pub label: String,
    /// True when the statements' spans are not in a scanned file (AWS managed policies).
    pub embedded: bool,
    /// The scope references in the document are resolved in (empty when embedded).
    pub scope: &'a str,
}

/// What limits a principal's permissions besides its identity policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitKind {
    /// A permission boundary: the action must be allowed by it too.
    Boundary,
    /// A service control policy of the scan that is attached somewhere: only its `Deny`
    /// statements are read (AWS attaches `FullAWSAccess` by default, so its allow side
    /// is not in the code). Attached to the organization root (`root`), it binds every
    /// principal of a member account: a deny that applies is `No`. Attached to an OU or
    /// an account, the scan cannot tell whether the principal is in it: a deny that
    /// applies makes the answer `Unknown`, never a confident `No` or `Yes`.
    Scp {
        /// Attached to the organization root.
        root: bool,
    },
}

impl LimitKind {
    /// Lower-case name (`boundary`, `scp`).
    pub fn as_str(self) -> &'static str {
        match self {
            LimitKind::Boundary => "boundary",
            LimitKind::Scp { root: true } => "scp",
            LimitKind::Scp { root: false } => "scp (ou or account)",
        }
    }
}

/// True when an SCP attachment's target is the organization root: a root id (`r-…`),
/// or a reference to the organization's roots (`aws_organizations_organization.o.roots[0].id`,
/// CloudFormation `RootId`).
fn targets_root(target: &Value) -> bool {
    match target {
        Value::Known(id) => id.starts_with("r-"),
        other => {
            let text = other.render();
            text.contains(".roots") || text.contains("RootId")
        }
    }
}

/// One limit per service control policy of the scan that is attached somewhere.
fn scp_limits(inv: &Inventory) -> Vec<Limit<'_>> {
    let mut out = Vec::new();
    for (i, scp) in inv.service_control_policies.iter().enumerate() {
        let attachments = inv.attachments_of_scp(i);
        if attachments.is_empty() {
            continue;
        }
        let root = attachments.iter().any(|a| targets_root(&a.target.value));
        out.push(Limit {
            kind: LimitKind::Scp { root },
            sources: vec![Source {
                document: &scp.document,
                anchor: scp.origin.span,
                label: format!("service control policy {}", scp.origin.address),
                embedded: false,
                scope: &scp.origin.scope,
            }],
        });
    }
    out
}

/// A set of documents that must also allow an action (a permission boundary, an SCP).
#[derive(Clone, Debug)]
pub struct Limit<'a> {
    /// What it is.
    pub kind: LimitKind,
    /// Its documents.
    pub sources: Vec<Source<'a>>,
}

/// A statement (or stand-in) an answer rests on: where it is and what it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct At {
    /// The statement, or the anchor of a document whose statements are not in the scan.
    pub span: Span,
    /// The document's label.
    pub label: String,
}

impl At {
    /// Related locations for a finding: each statement, saying what it does
    /// (`grants iam:PassRole (inline policy aws_iam_role_policy.ci)`).
    pub fn related(list: &[At], what: &str) -> Vec<Related> {
        list.iter()
            .map(|g| Related {
                span: g.span,
                message: format!("{what} ({})", g.label),
            })
            .collect()
    }
}

/// An answer and the statements it rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Allowed?
    pub answer: Tri,
    /// For `Yes`, the allowing statements; for `Unknown`, what might apply.
    pub grants: Vec<At>,
}

impl Decision {
    /// Not allowed, resting on nothing.
    fn no() -> Decision {
        Decision {
            answer: Tri::No,
            grants: Vec::new(),
        }
    }
}

/// The documents that decide what one principal may do.
#[derive(Clone, Debug)]
pub struct Effective<'a> {
    /// The principal.
    pub principal: PrincipalId,
    /// Identity policies (its own, and for a user its groups').
    pub sources: Vec<Source<'a>>,
    /// Boundaries (and, later, SCPs).
    pub limits: Vec<Limit<'a>>,
    /// For each source, for each statement, the services its actions can match
    /// ([`action_services`]); `None` for a statement that may match any action.
    index: Vec<Arc<DocIndex<'a>>>,
    /// Whether some source is not a parsed, complete document (then no query can be
    /// answered from the index alone).
    open: bool,
}

/// The [`action_services`] of each statement of one document.
pub type DocIndex<'a> = Vec<Option<Vec<&'a str>>>;

/// [`DocIndex`]es shared by every principal of one analysis: a document attached to many
/// principals (an AWS managed policy with a thousand actions) is indexed once.
#[derive(Default)]
pub struct IndexCache<'a> {
    by_document: Mutex<HashMap<usize, Arc<DocIndex<'a>>>>,
}

impl<'a> IndexCache<'a> {
    /// The index of a document, computed on first use.
    fn get(&self, doc: &'a Document) -> Arc<DocIndex<'a>> {
        let key = doc as *const Document as usize;
        if let Some(hit) = self
            .by_document
            .lock()
            .ok()
            .and_then(|m| m.get(&key).cloned())
        {
            return hit;
        }
        let index = Arc::new(index_document(doc));
        if let Ok(mut m) = self.by_document.lock() {
            m.insert(key, Arc::clone(&index));
        }
        index
    }
}

fn index_document(doc: &Document) -> DocIndex<'_> {
    match doc {
        Document::Parsed(pd) => pd.statements.iter().map(action_services).collect(),
        _ => Vec::new(),
    }
}

/// The index of every source, and whether some source is unknown or incomplete.
fn index_sources<'a>(
    sources: &[Source<'a>],
    cache: Option<&IndexCache<'a>>,
) -> (Vec<Arc<DocIndex<'a>>>, bool) {
    let open = sources.iter().any(|s| match s.document {
        Document::Parsed(pd) => pd.statements_incomplete,
        _ => true,
    });
    let index = sources
        .iter()
        .map(|s| match cache {
            Some(c) => c.get(s.document),
            None => Arc::new(index_document(s.document)),
        })
        .collect();
    (index, open)
}

/// Actions that must all be allowed on `*` (with the action `*` itself) for a principal
/// to count as administrator. `*` alone would also accept a `NotAction` that excludes
/// IAM; the IAM probes reject that, since without IAM a principal cannot hand itself or
/// others new permissions.
pub const ADMIN_PROBES: &[&str] = &[
    "*",
    "iam:AttachRolePolicy",
    "iam:PutUserPolicy",
    "iam:CreateAccessKey",
    "iam:PassRole",
    "sts:AssumeRole",
];

/// What every query assumes of the request: what a caller always can and would choose.
/// Only `aws:SecureTransport` is set (true: the API is called over TLS, as every SDK
/// does), so the usual "deny insecure transport" statement does not make answers
/// unknown. Every other key is unknown unless a query sets it.
pub fn request_context() -> Context {
    Context::new().with("aws:SecureTransport", &["true"])
}

/// [`request_context`], built once.
pub fn base_context() -> &'static Context {
    static BASE: OnceLock<Context> = OnceLock::new();
    BASE.get_or_init(request_context)
}

fn unknown_document() -> &'static Document {
    static UNKNOWN: OnceLock<Document> = OnceLock::new();
    UNKNOWN.get_or_init(|| Document::Unknown {
        expr: "a policy not in the scan".into(),
        span: Span::new(EMBEDDED_FILE, 0, 0),
    })
}

impl<'a> Effective<'a> {
    /// Collects the documents of a principal.
    pub fn of(inv: &'a Inventory, principal: PrincipalId) -> Effective<'a> {
        Effective::of_cached(inv, principal, None)
    }

    /// [`Effective::of`], sharing statement indexes through `cache`.
    pub fn of_cached(
        inv: &'a Inventory,
        principal: PrincipalId,
        cache: Option<&IndexCache<'a>>,
    ) -> Effective<'a> {
        let mut sources = own_sources(inv, principal);
        if principal.kind == PrincipalKind::User {
            for m in &inv.memberships {
                if m.user.kind != PrincipalKind::User || m.user.resolved != Some(principal.index) {
                    continue;
                }
                match m.group.resolved {
                    Some(g) => sources.extend(own_sources(
                        inv,
                        PrincipalId {
                            kind: PrincipalKind::Group,
                            index: g,
                        },
                    )),
                    None => sources.push(Source {
                        document: unknown_document(),
                        anchor: m.group.span,
                        label: format!("policies of {}", inv.describe_principal(&m.group)),
                        embedded: true,
                        scope: "",
                    }),
                }
            }
        }
        let mut limits = Vec::new();
        if let Some(b) = principal
            .get(inv)
            .and_then(|p| p.permissions_boundary.as_ref())
        {
            limits.push(Limit {
                kind: LimitKind::Boundary,
                sources: vec![boundary_source(inv, principal, &b.value, b.span)],
            });
        }
        let (index, open) = index_sources(&sources, cache);
        limits.extend(scp_limits(inv));
        Effective {
            principal,
            sources,
            limits,
            index,
            open,
        }
    }

    /// Whether the principal may do `action` on `resource` in the context.
    pub fn allows(&self, action: &str, resource: &str, context: &Context) -> Decision {
        if self.never_allows(service_of(action)) {
            return Decision::no();
        }
        let docs: Vec<&Document> = self.sources.iter().map(|s| s.document).collect();
        self.decide(&docs, action, resource, context)
    }

    /// Like [`Effective::allows`] on an entity of the scan: a `Resource` item that is an
    /// unresolved reference to the entity's ARN (`aws_iam_role.ci.arn` written in the
    /// entity's scope) reads as `arn`.
    pub fn allows_on(
        &self,
        action: &str,
        arn: &str,
        entity: (&str, &str),
        context: &Context,
    ) -> Decision {
        if self.never_allows(service_of(action)) {
            return Decision::no();
        }
        let (scope, address) = entity;
        let reference = format!("{address}.arn");
        let rewritten: Vec<Option<Document>> = self
            .sources
            .iter()
            .map(|s| {
                (s.scope == scope)
                    .then(|| with_reference_as(s.document, &reference, arn))
                    .flatten()
            })
            .collect();
        let docs: Vec<&Document> = self
            .sources
            .iter()
            .zip(&rewritten)
            .map(|(s, r)| r.as_ref().unwrap_or(s.document))
            .collect();
        self.decide(&docs, action, arn, context)
    }

    /// True when `action` is allowed on every resource whatever it is: allowed on `*`,
    /// with no boundary and no statement other than an `Allow` that may match the action
    /// (so no `Deny` of one resource can take a resource back).
    pub fn allows_everywhere(&self, action: &str, context: &Context) -> bool {
        if !self.limits.is_empty() || self.open {
            return false;
        }
        let denies = self.some_statement(service_of(action), |e| *e != Effect::Allow);
        !denies && self.allows(action, "*", context).answer.is_yes()
    }

    /// Whether statement `si` of source `di` may match an action of `service`.
    fn may_apply(&self, di: usize, si: usize, service: &str) -> bool {
        match self.index.get(di).and_then(|d| d.get(si)) {
            Some(Some(services)) => services
                .binary_search_by(|s| cmp_service(s, service))
                .is_ok(),
            _ => true,
        }
    }

    /// True when no statement can allow an action of `service`: every source is known and
    /// complete, and no statement that is not a `Deny` may match the service (the full
    /// evaluation would answer an implicit `No`).
    fn never_allows(&self, service: &str) -> bool {
        !self.open && !self.some_statement(service, |e| *e != Effect::Deny)
    }

    /// Whether some statement whose effect passes `effect` may match an action of
    /// `service`.
    fn some_statement(&self, service: &str, effect: impl Fn(&Effect) -> bool) -> bool {
        self.sources.iter().enumerate().any(|(di, s)| {
            s.document.parsed().is_some_and(|pd| {
                pd.statements
                    .iter()
                    .enumerate()
                    .any(|(si, st)| effect(&st.effect) && self.may_apply(di, si, service))
            })
        })
    }

    fn decide(&self, docs: &[&Document], action: &str, resource: &str, cx: &Context) -> Decision {
        let req = Request {
            action,
            resource,
            context: cx,
        };
        let service = service_of(action);
        let e = evaluate_some(docs, &req, |di, si| self.may_apply(di, si, service));
        let mut answer = e.answer;
        for limit in &self.limits {
            if answer.is_no() {
                break;
            }
            let docs: Vec<&Document> = limit.sources.iter().map(|s| s.document).collect();
            let within = match limit.kind {
                LimitKind::Boundary => evaluate(&docs, &req).answer,
                LimitKind::Scp { root } => match denied(&docs, &req) {
                    Tri::No => Tri::Yes,
                    Tri::Yes if root => Tri::No,
                    _ => Tri::Unknown,
                },
            };
            answer = answer.and(within);
        }
        let grants = if answer.is_no() {
            Vec::new()
        } else {
            e.statements.iter().filter_map(|r| self.at(r)).collect()
        };
        Decision { answer, grants }
    }

    /// Whether the principal is administrator in the context: every action of
    /// [`ADMIN_PROBES`] allowed on `*`. The grants are those of the `*` probe.
    pub fn admin(&self, context: &Context) -> Decision {
        let mut answer = Tri::Yes;
        let mut grants = Vec::new();
        for probe in ADMIN_PROBES {
            let d = self.allows(probe, "*", context);
            answer = answer.and(d.answer);
            if answer.is_no() {
                return Decision {
                    answer,
                    grants: Vec::new(),
                };
            }
            if grants.is_empty() {
                grants = d.grants;
            }
        }
        Decision { answer, grants }
    }

    fn at(&self, r: &StatementRef) -> Option<At> {
        let source = self.sources.get(r.document)?;
        let statement = r
            .statement
            .filter(|_| !source.embedded)
            .and_then(|i| source.document.parsed()?.statements.get(i));
        Some(At {
            span: statement.map_or(source.anchor, |s| s.span),
            label: source.label.clone(),
        })
    }
}

/// A copy of the document with every `Resource` item that is exactly the unresolved
/// `reference` replaced by `arn`, or `None` when it has none.
fn with_reference_as(doc: &Document, reference: &str, arn: &str) -> Option<Document> {
    let Document::Parsed(pd) = doc else {
        return None;
    };
    // the evaluator gives an entity's `.arn` its shape (`Value::entity_arn`)
    let resource = arn.strip_prefix("arn:aws:iam::*:");
    let names_entity = |value: &Value| {
        matches!(value, Value::Unknown(e) if e == reference)
            || (resource.is_some()
                && matches!(value, Value::Partial(_))
                && value.entity_arn_resource() == resource)
    };
    let mentions = pd.statements.iter().any(|st| {
        st.resource
            .iter()
            .flat_map(|r| &r.items)
            .any(|item| names_entity(&item.value))
    });
    if !mentions {
        return None;
    }
    let mut pd = pd.clone();
    for st in &mut pd.statements {
        for item in st.resource.iter_mut().flat_map(|r| r.items.iter_mut()) {
            if names_entity(&item.value) {
                item.value = Value::Known(arn.to_string());
            }
        }
    }
    Some(Document::Parsed(pd))
}

/// A principal's own inline and attached policies.
fn own_sources(inv: &Inventory, principal: PrincipalId) -> Vec<Source<'_>> {
    let mut out = Vec::new();
    for p in &inv.policies {
        if let PolicyKind::Inline { principal: owner } = &p.kind {
            if owner.kind == principal.kind && owner.resolved == Some(principal.index) {
                out.push(Source {
                    document: &p.document,
                    anchor: p.origin.span,
                    label: format!("inline policy {}", p.origin.address),
                    embedded: false,
                    scope: &p.origin.scope,
                });
            }
        }
    }
    for a in &inv.attachments {
        if a.principal.kind != principal.kind || a.principal.resolved != Some(principal.index) {
            continue;
        }
        if let Some(p) = a.policy_resolved.and_then(|i| inv.policies.get(i)) {
            out.push(Source {
                document: &p.document,
                anchor: p.origin.span,
                label: format!("managed policy {}", p.origin.address),
                embedded: false,
                scope: &p.origin.scope,
            });
            continue;
        }
        let managed = a
            .aws_managed_name()
            .and_then(|n| managed_policies().by_name(n));
        out.push(match managed {
            Some(m) => Source {
                document: m.document(),
                anchor: a.policy_span,
                label: format!("AWS managed policy {} ({})", m.name(), a.origin.address),
                embedded: true,
                scope: "",
            },
            None => Source {
                document: unknown_document(),
                anchor: a.policy_span,
                label: format!("policy {} ({})", a.policy.describe(), a.origin.address),
                embedded: true,
                scope: "",
            },
        });
    }
    out
}

/// The boundary's document: an AWS managed policy by ARN, a customer managed policy of the
/// scan by name or by reference (`aws_iam_policy.b.arn` in the principal's scope), or
/// unknown.
fn boundary_source<'a>(
    inv: &'a Inventory,
    principal: PrincipalId,
    value: &Value,
    span: Span,
) -> Source<'a> {
    let r = crate::model::Ref::Literal(value.as_known().unwrap_or_default().to_string());
    let by_value = match value {
        Value::Known(_) => aws_managed_policy_name(&r).map(str::to_string),
        _ => value
            .known_suffix()
            .filter(|s| s.contains(":iam::aws:policy/"))
            .and_then(|s| s.rsplit('/').next())
            .map(str::to_string),
    };
    if let Some(m) = by_value.and_then(|n| managed_policies().by_name(&n)) {
        return Source {
            document: m.document(),
            anchor: span,
            label: format!("permission boundary {}", m.name()),
            embedded: true,
            scope: "",
        };
    }
    let scope = principal.get(inv).map(|p| p.origin.scope.as_str());
    let customer = inv.policies.iter().find(|p| {
        if !matches!(p.kind, PolicyKind::Managed) {
            return false;
        }
        match value {
            Value::Known(arn) => p
                .name
                .as_ref()
                .and_then(Value::as_known)
                .is_some_and(|n| n == name_from_arn(arn)),
            Value::Unknown(expr) => {
                Some(p.origin.scope.as_str()) == scope
                    && expr.strip_suffix(".arn") == Some(p.origin.address.as_str())
            }
            // an ARN whose account is not known but whose policy name is
            // (`arn:${partition}:iam::${account_id}:policy/boundary`, the shape of
            // `aws_iam_policy.boundary.arn`)
            Value::Partial(_) => value
                .known_suffix()
                .and_then(|s| s.split_once(":policy/"))
                .map(|(_, path_name)| path_name.rsplit('/').next().unwrap_or(path_name))
                .is_some_and(|n| {
                    !n.is_empty() && p.name.as_ref().and_then(Value::as_known) == Some(n)
                }),
        }
    });
    match customer {
        Some(p) => Source {
            document: &p.document,
            anchor: p.origin.span,
            label: format!("permission boundary {}", p.origin.address),
            embedded: false,
            scope: &p.origin.scope,
        },
        None => Source {
            document: unknown_document(),
            anchor: span,
            label: format!("permission boundary {}", value.render()),
            embedded: true,
            scope: "",
        },
    }
}
