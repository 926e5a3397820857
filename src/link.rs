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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Document, Origin, PermissionSet, PermissionSetGrant, PermissionSetPolicy, ScpAttachment,
        ServiceControlPolicy, Setting,
    };
    use crate::source::Span;
    use crate::value::Value;

    fn origin(scope: &str, address: &str) -> Origin {
        Origin {
            span: Span::default(),
            address: address.into(),
            scope: scope.into(),
        }
    }

    fn unknown_doc() -> Document {
        Document::Unknown {
            expr: "x".into(),
            span: Span::default(),
        }
    }

    fn scp(scope: &str, address: &str) -> ServiceControlPolicy {
        ServiceControlPolicy {
            origin: origin(scope, address),
            name: None,
            document: unknown_doc(),
        }
    }

    fn attach(scope: &str, policy: Ref, target: Value) -> ScpAttachment {
        ScpAttachment {
            origin: origin(scope, "aws_organizations_policy_attachment.a"),
            policy,
            target: Setting {
                value: target,
                span: Span::default(),
            },
            policy_resolved: None,
        }
    }

    fn by_address(address: &str) -> Ref {
        Ref::Address {
            address: address.into(),
            attribute: "id".into(),
        }
    }

    #[test]
    fn scp_attachments_link_by_address_in_their_scope() {
        let mut inv = Inventory::default();
        inv.service_control_policies
            .push(scp("a", "aws_organizations_policy.p"));
        inv.service_control_policies
            .push(scp("b", "aws_organizations_policy.p"));
        let ou = || Value::unknown("aws_organizations_organizational_unit.x.id");
        inv.scp_attachments.extend([
            attach("b", by_address("aws_organizations_policy.p"), ou()),
            attach(
                "a",
                by_address("aws_organizations_policy.p"),
                Value::known("r-1"),
            ),
            attach("a", by_address("aws_organizations_policy.other"), ou()),
            attach("a", Ref::Literal("p-12345678".into()), ou()),
        ]);
        link(&mut inv);
        let resolved: Vec<Option<usize>> = inv
            .scp_attachments
            .iter()
            .map(|a| a.policy_resolved)
            .collect();
        assert_eq!(resolved, vec![Some(1), Some(0), None, None]);
        let at = |t: Value, scope: &str| -> Vec<String> {
            inv.scps_attached_to(&t, scope)
                .iter()
                .map(|p| p.origin.scope.clone())
                .collect()
        };
        assert_eq!(at(Value::known("r-1"), "b"), vec!["a"]);
        // an unresolved target is the same target only in the same scope
        assert_eq!(at(ou(), "b"), vec!["b"]);
        assert!(at(ou(), "c").is_empty());
        assert_eq!(inv.attachments_of_scp(0).len(), 1);
    }

    #[test]
    fn permission_set_policies_link_to_their_permission_set() {
        let mut inv = Inventory::default();
        for address in [
            "aws_ssoadmin_permission_set.a",
            "aws_ssoadmin_permission_set.b",
        ] {
            inv.permission_sets.push(PermissionSet {
                origin: origin("m", address),
                name: Value::known("x"),
                session_duration: None,
            });
        }
        let grant = |target: Ref| PermissionSetPolicy {
            origin: origin("m", "aws_ssoadmin_managed_policy_attachment.g"),
            permission_set: target,
            grant: PermissionSetGrant::Managed(Ref::Literal(
                "arn:aws:iam::aws:policy/ReadOnlyAccess".into(),
            )),
            permission_set_resolved: None,
        };
        inv.permission_set_policies.extend([
            grant(by_address("aws_ssoadmin_permission_set.b")),
            grant(Ref::Literal(
                "arn:aws:sso:::permissionSet/ssoins-1/ps-1".into(),
            )),
            grant(by_address("aws_ssoadmin_permission_set.b")),
        ]);
        link(&mut inv);
        assert_eq!(inv.permission_set_grants(1).len(), 2);
        assert!(inv.permission_set_grants(0).is_empty());
        assert_eq!(inv.permission_set_policies[1].permission_set_resolved, None);
    }
}
