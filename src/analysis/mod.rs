//! Whole-inventory analysis: effective permissions per principal, administrators,
//! privilege-escalation methods and multi-hop escalation paths.
//!
//! [`analyse`] builds one [`Subject`] per user, group and role of a linked inventory:
//! its [`effective::Effective`] permissions, whether it is administrator
//! ([`effective::ADMIN_PROBES`]) and the [`methods::METHODS`] it has
//! ([`escalation`]); then [`paths`] links users and roles to the roles they can assume.
//! Permission boundaries and the `Deny` statements of attached service control policies
//! ([`effective::LimitKind`]) limit what the policies grant.
//! Every answer is three-valued: what the scan cannot resolve is `Unknown`, never `Yes`.
//!
//! ```
//! use leastpriv::analysis;
//! use leastpriv::model::Inventory;
//!
//! let inv = Inventory::default();
//! assert!(analysis::analyse(&inv).subjects.is_empty());
//! ```

pub mod effective;
pub mod escalation;
pub mod methods;
pub mod paths;

use rayon::prelude::*;

use crate::model::semantics::Tri;
use crate::model::{Inventory, PrincipalKind};
use effective::{Decision, Effective, PrincipalId};
use escalation::Found;

/// One principal, analysed.
#[derive(Clone, Debug)]
pub struct Subject<'a> {
    /// Which principal.
    pub id: PrincipalId,
    /// Its documents.
    pub effective: Effective<'a>,
    /// Administrator?
    pub admin: Decision,
    /// Escalation methods it has (`Yes`) or may have (`Unknown`).
    pub methods: Vec<Found>,
}

impl Subject<'_> {
    /// Ids of the escalation methods it has (`Yes`) or may have (`Unknown`), in table order.
    pub fn method_ids(&self, answer: Tri) -> Vec<&'static str> {
        self.methods
            .iter()
            .filter(|f| f.answer == answer)
            .map(|f| f.method.id)
            .collect()
    }
}

/// The analysis of an inventory.
#[derive(Clone, Debug)]
pub struct Analysis<'a> {
    /// Users, then groups, then roles, each in inventory order.
    pub subjects: Vec<Subject<'a>>,
    /// Multi-hop paths to administrator or to an escalation method.
    pub paths: Vec<paths::Path>,
    /// Number of users and of groups (where groups and roles start in `subjects`).
    counts: (usize, usize),
}

impl<'a> Analysis<'a> {
    /// The subject of a principal.
    pub fn subject(&self, id: PrincipalId) -> Option<&Subject<'a>> {
        let (users, groups) = self.counts;
        let base = match id.kind {
            PrincipalKind::User => 0,
            PrincipalKind::Group => users,
            PrincipalKind::Role => users + groups,
        };
        self.subjects.get(base + id.index).filter(|s| s.id == id)
    }

    /// The groups a user is a member of (resolved memberships only).
    pub fn groups_of(&self, inv: &Inventory, user: PrincipalId) -> Vec<&Subject<'a>> {
        if user.kind != PrincipalKind::User {
            return Vec::new();
        }
        inv.memberships
            .iter()
            .filter(|m| m.user.resolved == Some(user.index))
            .filter_map(|m| m.group.resolved)
            .filter_map(|index| {
                self.subject(PrincipalId {
                    kind: PrincipalKind::Group,
                    index,
                })
            })
            .collect()
    }
}

/// A principal for messages: `role "ci"`, or the kind and address when the name is unknown.
pub fn describe(inv: &Inventory, id: PrincipalId) -> String {
    match id.get(inv) {
        Some(p) => match p.name.as_known() {
            Some(name) => format!("{} \"{name}\"", id.kind.as_str()),
            None => format!("{} {}", id.kind.as_str(), p.origin.address),
        },
        None => id.kind.as_str().to_string(),
    }
}

/// Analyses every principal of a linked inventory.
pub fn analyse(inv: &Inventory) -> Analysis<'_> {
    let ids: Vec<PrincipalId> = [
        PrincipalKind::User,
        PrincipalKind::Group,
        PrincipalKind::Role,
    ]
    .into_iter()
    .flat_map(|kind| (0..inv.principals(kind).len()).map(move |index| PrincipalId { kind, index }))
    .collect();
    let cx = effective::request_context();
    let cache = effective::IndexCache::default();
    let subjects: Vec<Subject<'_>> = ids
        .par_iter()
        .map(|&id| {
            let effective = Effective::of_cached(inv, id, Some(&cache));
            let admin = effective.admin(&cx);
            let methods = escalation::detect(&effective);
            Subject {
                id,
                effective,
                admin,
                methods,
            }
        })
        .collect();
    let paths = paths::find(inv, &subjects);
    Analysis {
        subjects,
        paths,
        counts: (inv.users.len(), inv.groups.len()),
    }
}

#[cfg(test)]
mod tests;
