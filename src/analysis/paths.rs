//! Multi-hop escalation: principals that can assume roles that are administrators or can
//! escalate.
//!
//! An edge `A → B` (B a role) exists when A's effective permissions allow `sts:AssumeRole`
//! on B (on `*`, or on B's ARN with any account) *and* B's trust policy admits A. The
//! trust policy admits A when an `Allow` statement for `sts:AssumeRole` without conditions
//! names A: its ARN (`…:user/alice`, `…:role/ci`, any account), a reference to A's `arn`
//! in the same scope, or the account root written with `data.aws_caller_identity` or
//! CloudFormation's `AWS::AccountId` (the account of the scan, which delegates to identity
//! policies). A root of a literal account is not assumed to be the scan's account. A
//! `Deny` naming A, or `*`, stops the edge.
//!
//! Paths are searched breadth first from every user and role that is not administrator
//! itself, at most [`MAX_HOPS`] roles deep, never visiting a role twice, and end at the
//! first role that is administrator or has an escalation method (`Yes`).

use std::collections::VecDeque;

use rayon::prelude::*;

use crate::analysis::effective::{base_context, At, PrincipalId};
use crate::analysis::Subject;
use crate::model::policy::{Document, Effect, Item, Statement};
use crate::model::semantics::{action_matches, conditions, Context, Tri};
use crate::model::{Inventory, PrincipalKind};
use crate::value::Value;

/// The most roles a path goes through.
pub const MAX_HOPS: usize = 4;

/// One step: assuming a role.
#[derive(Clone, Debug)]
pub struct Hop {
    /// The role assumed.
    pub role: PrincipalId,
    /// The statements allowing the previous principal `sts:AssumeRole`.
    pub grants: Vec<At>,
    /// The trust policy statement admitting it.
    pub trust: At,
}

/// What the last role of a path can do.
#[derive(Clone, Debug)]
pub enum Goal {
    /// It is administrator.
    Admin,
    /// It has this escalation method.
    Method(&'static str),
}

/// A path from a principal through assumed roles to one that is administrator or can
/// escalate.
#[derive(Clone, Debug)]
pub struct Path {
    /// Where it starts.
    pub from: PrincipalId,
    /// The roles assumed, in order.
    pub hops: Vec<Hop>,
    /// What the last role can do.
    pub goal: Goal,
    /// The statements giving the last role that power.
    pub goal_grants: Vec<At>,
}

/// The hop from one subject to a role, when there is one: `from` may assume `to` and
/// `to`'s trust policy admits it.
fn hop(inv: &Inventory, from: &Subject<'_>, to: &Subject<'_>) -> Option<Hop> {
    hop_with(
        inv,
        from,
        to,
        role_arn(inv, to.id).as_deref(),
        base_context(),
    )
}

/// [`hop`] with the role's ARN pattern ([`role_arn`]) and the request context given, so a
/// search over many pairs works them out once.
fn hop_with(
    inv: &Inventory,
    from: &Subject<'_>,
    to: &Subject<'_>,
    arn: Option<&str>,
    cx: &Context,
) -> Option<Hop> {
    let trust = admits(inv, to.id, from.id)?;
    let grant = match (arn, to.id.get(inv)) {
        (Some(arn), Some(role)) => from.effective.allows_on(
            "sts:AssumeRole",
            arn,
            (&role.origin.scope, &role.origin.address),
            cx,
        ),
        _ => from.effective.allows("sts:AssumeRole", "*", cx),
    };
    grant.answer.is_yes().then_some(Hop {
        role: to.id,
        grants: grant.grants,
        trust,
    })
}

/// Who a role's trust policy can possibly admit for sure, read once per role: the names
/// of the users and roles its `Allow` statements name by a literal ARN, and whether some
/// statement could admit others too (an open principal, a reference to an entity's ARN
/// or the scan's own account). A literal account root, an incomplete list or a
/// `NotPrincipal` never admits for sure ([`names_principal`] answers `Unknown` at most),
/// so they widen nothing. Only a pre-filter: [`admits`] still decides every edge.
struct Admits {
    /// Some statement may admit principals not listed in `names`.
    wide: bool,
    /// `(":user/" or ":role/", name)` of every principal named by a literal ARN.
    names: Vec<(&'static str, String)>,
}

impl Admits {
    fn of(inv: &Inventory, role: PrincipalId) -> Admits {
        let mut admits = Admits {
            wide: false,
            names: Vec::new(),
        };
        let doc = role
            .get(inv)
            .and_then(|r| r.trust_policy)
            .and_then(|i| inv.policies.get(i))
            .map(|p| &p.document);
        let Some(Document::Parsed(doc)) = doc else {
            return admits;
        };
        for st in &doc.statements {
            if !st.is_allow() || st.not_principal.is_some() {
                continue;
            }
            let Some(principals) = &st.principal else {
                continue;
            };
            if principals.any {
                admits.wide = true;
                continue;
            }
            for e in principals.entries.iter().filter(|e| e.kind == "AWS") {
                for item in &e.values.items {
                    match &item.value {
                        Value::Known(text) if text == "*" => admits.wide = true,
                        Value::Known(text) => admits.names.extend(literal_name(text)),
                        Value::Unknown(_) | Value::Partial(_) => admits.wide = true,
                    }
                }
            }
        }
        admits
    }

    /// Whether `who` might be admitted: false only when [`admits`] would say no.
    fn may_admit(&self, inv: &Inventory, who: PrincipalId) -> bool {
        if self.wide {
            return true;
        }
        let seg = match who.kind {
            PrincipalKind::User => ":user/",
            PrincipalKind::Role => ":role/",
            PrincipalKind::Group => return false,
        };
        let Some(name) = who.get(inv).and_then(|p| p.name.as_known()) else {
            return false;
        };
        self.names.iter().any(|(s, n)| *s == seg && n == name)
    }
}

/// The kind segment and name of a literal user or role ARN (`…:role/path/ci` → role
/// `ci`), as [`item_names`] reads it.
fn literal_name(text: &str) -> Option<(&'static str, String)> {
    for seg in [":user/", ":role/"] {
        if let Some(i) = text.find(seg) {
            let name = text.get(i..)?.rsplit('/').next()?;
            return Some((seg, name.to_string()));
        }
    }
    None
}

/// Edges out of each subject, by index in `subjects` (only the targets: a path's hops
/// are worked out again once it is found, so the graph stays small).
fn edges(inv: &Inventory, subjects: &[Subject<'_>]) -> Vec<Vec<usize>> {
    // Only roles whose trust policy lets some AWS principal in can be assumed by users
    // and roles: the others (trusting services, identity providers) are never a hop.
    let assumable: Vec<(usize, Admits, Option<String>)> = subjects
        .iter()
        .enumerate()
        .filter(|(_, s)| s.id.kind == PrincipalKind::Role && trusts_aws_principals(inv, s.id))
        .map(|(i, s)| (i, Admits::of(inv, s.id), role_arn(inv, s.id)))
        .collect();
    let cx = base_context();
    subjects
        .par_iter()
        .map(|from| {
            if from.id.kind == PrincipalKind::Group || !mentions_assume_role(&from.effective) {
                return Vec::new();
            }
            // allowed on every role: only the trust policies decide
            let everywhere = from.effective.allows_everywhere("sts:AssumeRole", cx);
            assumable
                .iter()
                .filter(|(_, admits, _)| admits.may_admit(inv, from.id))
                .filter(|(ti, _, arn)| {
                    subjects.get(*ti).is_some_and(|to| {
                        to.id != from.id
                            && if everywhere {
                                admits(inv, to.id, from.id).is_some()
                            } else {
                                hop_with(inv, from, to, arn.as_deref(), cx).is_some()
                            }
                    })
                })
                .map(|(ti, _, _)| *ti)
                .collect()
        })
        .collect()
}

/// Every path, one per starting principal (the shortest found).
pub fn find(inv: &Inventory, subjects: &[Subject<'_>]) -> Vec<Path> {
    let graph = edges(inv, subjects);
    let goal = |s: &Subject<'_>| -> Option<(Goal, Vec<At>)> {
        if s.admin.answer.is_yes() {
            return Some((Goal::Admin, s.admin.grants.clone()));
        }
        s.methods
            .iter()
            .find(|f| f.answer.is_yes())
            .map(|f| (Goal::Method(f.method.id), f.grants.clone()))
    };
    // each start is searched on its own: in parallel, in subject order
    (0..subjects.len())
        .into_par_iter()
        .filter_map(|start| {
            let s = subjects.get(start)?;
            if s.admin.answer.is_yes() || graph.get(start).is_none_or(Vec::is_empty) {
                return None;
            }
            // parent of each visited subject on its shortest path from `start`
            let mut parent: Vec<Option<usize>> = vec![None; subjects.len()];
            let mut seen = vec![false; subjects.len()];
            if let Some(slot) = seen.get_mut(start) {
                *slot = true;
            }
            let mut queue: VecDeque<(usize, usize)> = VecDeque::from([(start, 0)]);
            let mut reached = None;
            'search: while let Some((at, depth)) = queue.pop_front() {
                if depth >= MAX_HOPS {
                    continue;
                }
                for &next in graph.get(at).into_iter().flatten() {
                    if seen.get(next).copied().unwrap_or(true) {
                        continue;
                    }
                    if let Some(slot) = seen.get_mut(next) {
                        *slot = true;
                    }
                    if let Some(slot) = parent.get_mut(next) {
                        *slot = Some(at);
                    }
                    if let Some(g) = subjects.get(next).and_then(goal) {
                        reached = Some((next, g));
                        break 'search;
                    }
                    queue.push_back((next, depth + 1));
                }
            }
            let (end, (g, grants)) = reached?;
            let mut chain = vec![end];
            while let Some(p) = chain.last().and_then(|&i| parent.get(i).copied().flatten()) {
                chain.push(p);
            }
            chain.reverse();
            let hops: Option<Vec<Hop>> = chain
                .windows(2)
                .map(|w| match w {
                    [a, b] => hop(inv, subjects.get(*a)?, subjects.get(*b)?),
                    _ => None,
                })
                .collect();
            Some(Path {
                from: s.id,
                hops: hops?,
                goal: g,
                goal_grants: grants,
            })
        })
        .collect()
}

/// True when some statement of the principal's documents may grant `sts:AssumeRole` on
/// something: only then are roles' trust policies worth reading.
fn mentions_assume_role(eff: &crate::analysis::effective::Effective<'_>) -> bool {
    eff.sources.iter().any(|s| match s.document {
        Document::Parsed(pd) => pd
            .statements
            .iter()
            .any(|st| !action_matches(st, "sts:AssumeRole").is_no()),
        _ => true,
    })
}

/// True when some `Allow` of the role's trust policy has an `AWS` (or `*`) principal.
fn trusts_aws_principals(inv: &Inventory, role: PrincipalId) -> bool {
    let Some(Document::Parsed(doc)) = role
        .get(inv)
        .and_then(|r| r.trust_policy)
        .and_then(|i| inv.policies.get(i))
        .map(|p| &p.document)
    else {
        return false;
    };
    doc.statements.iter().any(|st| {
        st.is_allow()
            && st.principal.as_ref().is_some_and(|p| {
                p.any || p.entries.iter().any(|e| e.kind == "AWS" || e.kind == "*")
            })
    })
}

/// `arn:aws:iam::*:role/<path><name>` when the role's name is known: a pattern that
/// matches a grant on this role in any account.
fn role_arn(inv: &Inventory, role: PrincipalId) -> Option<String> {
    let p = role.get(inv)?;
    let name = p.name.as_known()?;
    let path = p.path.as_ref().and_then(Value::as_known).unwrap_or("/");
    Some(format!("arn:aws:iam::*:role{path}{name}"))
}

/// The trust statement of `role` that admits `who` to `sts:AssumeRole`, if one does and
/// no `Deny` might stop it.
pub(crate) fn admits(inv: &Inventory, role: PrincipalId, who: PrincipalId) -> Option<At> {
    let r = role.get(inv)?;
    let policy = inv.policies.get(r.trust_policy?)?;
    let Document::Parsed(doc) = &policy.document else {
        return None;
    };
    if doc.statements_incomplete {
        return None;
    }
    let mut found = None;
    for st in &doc.statements {
        if action_matches(st, "sts:AssumeRole").is_no() {
            continue;
        }
        let names = names_principal(inv, st, who);
        match st.effect {
            Effect::Allow => {
                let sure = names.is_yes()
                    && action_matches(st, "sts:AssumeRole").is_yes()
                    && conditions::conditions_hold(st, base_context()).is_yes();
                if sure && found.is_none() {
                    found = Some(At {
                        span: st.span,
                        label: format!("trust policy of {}", r.origin.address),
                    });
                }
            }
            _ if !names.is_no() => return None,
            _ => {}
        }
    }
    found
}

/// Whether a trust statement's `Principal` names `who`.
fn names_principal(inv: &Inventory, st: &Statement, who: PrincipalId) -> Tri {
    if st.not_principal.is_some() {
        return Tri::Unknown;
    }
    let Some(principals) = &st.principal else {
        return Tri::No;
    };
    if principals.any {
        return Tri::Yes;
    }
    let Some(p) = who.get(inv) else {
        return Tri::No;
    };
    let mut r = Tri::from_bool(principals.incomplete).and(Tri::Unknown);
    for e in principals.entries.iter().filter(|e| e.kind == "AWS") {
        if e.values.incomplete {
            r = r.or(Tri::Unknown);
        }
        for item in &e.values.items {
            r = r.or(item_names(
                item,
                who.kind,
                p.name.as_known(),
                &p.origin.address,
            ));
        }
    }
    r
}

fn item_names(item: &Item, kind: PrincipalKind, name: Option<&str>, address: &str) -> Tri {
    let kind_seg = match kind {
        PrincipalKind::User => ":user/",
        PrincipalKind::Role => ":role/",
        PrincipalKind::Group => return Tri::No,
    };
    let names = |text: &str| {
        name.is_some_and(|n| {
            text.find(kind_seg).is_some_and(|i| {
                text.get(i..)
                    .is_some_and(|t| t.rsplit('/').next() == Some(n))
            })
        })
    };
    match &item.value {
        Value::Known(s) if s == "*" => Tri::Yes,
        Value::Known(s) if names(s) => Tri::Yes,
        Value::Known(s) if s.ends_with(":root") || is_account_id(s) => Tri::Unknown,
        Value::Known(_) => Tri::No,
        Value::Unknown(expr) => {
            if expr.strip_suffix(".arn") == Some(address) {
                Tri::Yes
            } else {
                Tri::Unknown
            }
        }
        Value::Partial(_) => {
            // an entity's own ARN (`aws_iam_user.dev.arn`) is in the scan's account
            let this_account =
                item.value.entity_arn_resource().is_some() || item.value.names_scan_account();
            let suffix = item.value.known_suffix().unwrap_or("");
            if this_account && (suffix.ends_with(":root") || names(suffix)) {
                Tri::Yes
            } else if names(suffix) || suffix.ends_with(":root") {
                Tri::Unknown
            } else if suffix.contains(':') {
                Tri::No
            } else {
                Tri::Unknown
            }
        }
    }
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}
