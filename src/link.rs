//! Links references between entities once every file is parsed: attachments to their
//! principals and policies, memberships to users and groups, keys and login profiles to
//! users, SCP attachments to their service control policies, and permission set policies
//! to their permission sets. A reference resolves by address within its scope, or by
//! literal name or ARN anywhere in the scan. SCPs and permission sets resolve by address
//! only: their ids and ARNs (`p-…`, `arn:aws:sso:::permissionSet/…`) are assigned by AWS
//! and never written next to the declaration.

use std::collections::HashMap;

use crate::model::{Inventory, PolicyKind, PrincipalKind, PrincipalRef, Ref};

struct Index {
    by_address: HashMap<(PrincipalKind, String, String), usize>,
    by_name: HashMap<(PrincipalKind, String), usize>,
    policy_by_address: HashMap<(String, String), usize>,
    policy_by_name: HashMap<String, usize>,
}

/// Resolves every reference it can; the rest stay unresolved.
pub fn link(inv: &mut Inventory) {
    let mut idx = Index {
        by_address: HashMap::new(),
        by_name: HashMap::new(),
        policy_by_address: HashMap::new(),
        policy_by_name: HashMap::new(),
    };
    for kind in [
        PrincipalKind::User,
        PrincipalKind::Group,
        PrincipalKind::Role,
    ] {
        for (i, p) in inv.principals(kind).iter().enumerate() {
            idx.by_address
                .entry((kind, p.origin.scope.clone(), p.origin.address.clone()))
                .or_insert(i);
            if let Some(n) = p.name.as_known() {
                idx.by_name.entry((kind, n.to_string())).or_insert(i);
            }
        }
    }
    for (i, p) in inv.policies.iter().enumerate() {
        if matches!(p.kind, PolicyKind::Managed) {
            idx.policy_by_address
                .entry((p.origin.scope.clone(), p.origin.address.clone()))
                .or_insert(i);
            if let Some(n) = p.name.as_ref().and_then(|n| n.as_known()) {
                idx.policy_by_name.entry(n.to_string()).or_insert(i);
            }
        }
    }

    let resolve = |r: &mut PrincipalRef, scope: &str| {
        r.resolved = match &r.target {
            Ref::Address { address, .. } => idx
                .by_address
                .get(&(r.kind, scope.to_string(), address.clone()))
                .copied(),
            Ref::Literal(s) => idx
                .by_name
                .get(&(r.kind, name_from_arn(s).to_string()))
                .copied(),
            Ref::Unknown(_) => None,
        };
    };
    for a in &mut inv.attachments {
        resolve(&mut a.principal, &a.origin.scope);
        a.policy_resolved = match &a.policy {
            Ref::Address { address, .. } => idx
                .policy_by_address
                .get(&(a.origin.scope.clone(), address.clone()))
                .copied(),
            Ref::Literal(s) if !s.contains(":iam::aws:policy/") => {
                idx.policy_by_name.get(name_from_arn(s)).copied()
            }
            _ => None,
        };
    }
    for m in &mut inv.memberships {
        resolve(&mut m.user, &m.origin.scope);
        resolve(&mut m.group, &m.origin.scope);
    }
    for k in &mut inv.access_keys {
        resolve(&mut k.user, &k.origin.scope);
    }
    for l in &mut inv.login_profiles {
        resolve(&mut l.user, &l.origin.scope);
    }
    for ip in &mut inv.instance_profiles {
        if let Some(r) = ip.role.as_mut() {
            resolve(r, &ip.origin.scope);
        }
    }
    for p in &mut inv.policies {
        if let PolicyKind::Inline { principal } = &mut p.kind {
            resolve(principal, &p.origin.scope);
        }
    }
    link_organization(inv);
}

/// SCP attachments to their policies, permission set policies to their permission sets.
fn link_organization(inv: &mut Inventory) {
    let mut scps: HashMap<(String, String), usize> = HashMap::new();
    for (i, p) in inv.service_control_policies.iter().enumerate() {
        scps.entry((p.origin.scope.clone(), p.origin.address.clone()))
            .or_insert(i);
    }
    let mut sets: HashMap<(String, String), usize> = HashMap::new();
    for (i, p) in inv.permission_sets.iter().enumerate() {
        sets.entry((p.origin.scope.clone(), p.origin.address.clone()))
            .or_insert(i);
    }
    let by_address = |map: &HashMap<(String, String), usize>, r: &Ref, scope: &str| match r {
        Ref::Address { address, .. } => map.get(&(scope.to_string(), address.clone())).copied(),
        _ => None,
    };
    for a in &mut inv.scp_attachments {
        a.policy_resolved = by_address(&scps, &a.policy, &a.origin.scope);
    }
    for p in &mut inv.permission_set_policies {
        p.permission_set_resolved = by_address(&sets, &p.permission_set, &p.origin.scope);
    }
}

/// `arn:aws:iam::123:role/path/name` → `name`; a plain name stays as it is.
pub fn name_from_arn(s: &str) -> &str {
    if s.starts_with("arn:") {
        s.rsplit('/').next().unwrap_or(s)
    } else {
        s
    }
}
