//! Pointing a plan's findings at its `.tf` sources, and scanning each resource once.
//!
//! A plan's line numbers mean nothing to a reviewer. When the plan's root module
//! directory is in the scan (the plan file's own directory, or a `--plan-source DIR`),
//! each plan resource is matched by address to the resource block the HCL reader found
//! there (child modules through the local `source` paths in `configuration`), and the
//! spans of the two are paired: the plan's entity for the block, its statements for the
//! block's statements, its settings for the block's attributes. Findings are moved along
//! those pairs when they are reported ([`Plan::relocations`], [`Plan::declarations`]).
//!
//! When both a plan and its sources are scanned, the plan wins: its values are exact
//! where the HCL reader may have left them unknown. The HCL entities a plan resource
//! matched are removed before rules run, so a finding is reported once, from the plan
//! values, at the `.tf` location. HCL entities that no plan resource matches (another
//! root configuration in the same directory, a `count = 0` resource) stay and are
//! scanned as usual. Credentials the plan repeats from its sources (provider keys in
//! `configuration`) are dropped from the plan file.

use std::collections::{HashMap, HashSet};

use crate::model::plan::Plan;
use crate::model::policy::Document;
use crate::model::{Inventory, Origin, PermissionSetGrant, PolicyKind, Principal, Setting};
use crate::source::{FileId, SourceMap, Span};

/// Matches every plan of `inv` to its sources, records where its spans go, and removes
/// the HCL entities the plan replaces. `plan_sources` are report paths of directories
/// given with `--plan-source`; without any, a plan's own directory is tried.
pub fn attach(inv: &mut Inventory, sources: &SourceMap, plan_sources: &[String]) {
    let plan_files: HashSet<FileId> = inv.plans.iter().map(|p| p.file).collect();
    let mut plans = std::mem::take(&mut inv.plans);
    let mut replaced = Replaced::default();
    let index = Index::new(inv, &plan_files);
    for plan in &mut plans {
        let own_dir = parent_dir(sources.rel_path(plan.file)).to_string();
        let candidates: Vec<String> = if plan_sources.is_empty() {
            vec![own_dir]
        } else {
            plan_sources.to_vec()
        };
        let found = candidates
            .iter()
            .find(|root| matched(&index, plan, root).next().is_some());
        let Some(root) = found.cloned() else {
            continue;
        };
        let pairs: Vec<(String, Target)> = matched(&index, plan, &root).collect();
        for (address, target) in pairs {
            pair_resource(inv, &index, plan, &address, &target, &mut replaced);
        }
    }
    drop_duplicate_credentials(inv, &plan_files, &replaced);
    replaced.remove_from(inv);
    inv.plans = plans;
}

/// The HCL resource a plan resource stands for: scope (module directory) and address.
#[derive(Clone, Debug)]
struct Target {
    scope: String,
    address: String,
}

/// Every entity's origin by address, split into plan entities and the others.
struct Index<'i> {
    by_address: HashMap<&'i str, Vec<(List, usize, &'i Origin)>>,
    plan_files: &'i HashSet<FileId>,
}

impl<'i> Index<'i> {
    fn new(inv: &'i Inventory, plan_files: &'i HashSet<FileId>) -> Index<'i> {
        let mut by_address: HashMap<&str, Vec<(List, usize, &Origin)>> = HashMap::new();
        for (list, i, o) in origins(inv) {
            by_address
                .entry(o.address.as_str())
                .or_default()
                .push((list, i, o));
        }
        Index {
            by_address,
            plan_files,
        }
    }

    /// Entities at `address`.
    fn at(&self, address: &str) -> &[(List, usize, &'i Origin)] {
        self.by_address
            .get(address)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// True when an entity read from a source other than a plan has `scope` and
    /// `address`.
    fn source_has(&self, scope: &str, address: &str) -> bool {
        self.at(address)
            .iter()
            .any(|(_, _, o)| o.scope == scope && !self.plan_files.contains(&o.span.file))
    }
}

/// Plan resources (full address) with the HCL resource they match under `root`.
fn matched<'a>(
    index: &'a Index<'_>,
    plan: &'a Plan,
    root: &'a str,
) -> impl Iterator<Item = (String, Target)> + 'a {
    plan.resources.iter().filter_map(move |r| {
        let dir = r.module_dir.as_deref()?;
        // a module the source evaluates per call: its entities live in the root's
        // scope under their full address (`module.admin.aws_iam_policy.this`)
        let root_scope = join(root, "");
        for full in [r.address.as_str(), strip_instance_key(&r.address)] {
            if r.address != r.local_address && index.source_has(&root_scope, full) {
                return Some((
                    r.address.clone(),
                    Target {
                        scope: root_scope,
                        address: full.to_string(),
                    },
                ));
            }
        }
        let scope = join(root, dir);
        let base = strip_instance_key(&r.local_address);
        let address = if index.source_has(&scope, &r.local_address) {
            r.local_address.clone()
        } else if index.source_has(&scope, base) {
            base.to_string()
        } else {
            return None;
        };
        Some((r.address.clone(), Target { scope, address }))
    })
}

/// The entity lists of an inventory, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum List {
    Users,
    Groups,
    Roles,
    Policies,
    Attachments,
    Memberships,
    AccessKeys,
    LoginProfiles,
    PasswordPolicies,
    InstanceProfiles,
    OidcProviders,
    Scps,
    ScpAttachments,
    Organizations,
    PermissionSets,
    PermissionSetPolicies,
    AccessAnalyzers,
}

/// Every entity's origin with its list and index.
fn origins(inv: &Inventory) -> impl Iterator<Item = (List, usize, &Origin)> {
    fn each<T>(
        list: List,
        items: &[T],
        origin: fn(&T) -> &Origin,
    ) -> impl Iterator<Item = (List, usize, &Origin)> {
        items
            .iter()
            .enumerate()
            .map(move |(i, t)| (list, i, origin(t)))
    }
    each(List::Users, &inv.users, |p| &p.origin)
        .chain(each(List::Groups, &inv.groups, |p| &p.origin))
        .chain(each(List::Roles, &inv.roles, |p| &p.origin))
        .chain(each(List::Policies, &inv.policies, |p| &p.origin))
        .chain(each(List::Attachments, &inv.attachments, |a| &a.origin))
        .chain(each(List::Memberships, &inv.memberships, |m| &m.origin))
        .chain(each(List::AccessKeys, &inv.access_keys, |k| &k.origin))
        .chain(each(List::LoginProfiles, &inv.login_profiles, |l| {
            &l.origin
        }))
        .chain(each(List::PasswordPolicies, &inv.password_policies, |p| {
            &p.origin
        }))
        .chain(each(List::InstanceProfiles, &inv.instance_profiles, |p| {
            &p.origin
        }))
        .chain(each(List::OidcProviders, &inv.oidc_providers, |p| {
            &p.origin
        }))
        .chain(each(List::Scps, &inv.service_control_policies, |p| {
            &p.origin
        }))
        .chain(each(List::ScpAttachments, &inv.scp_attachments, |a| {
            &a.origin
        }))
        .chain(each(List::Organizations, &inv.organizations, |o| &o.origin))
        .chain(each(List::PermissionSets, &inv.permission_sets, |p| {
            &p.origin
        }))
        .chain(each(
            List::PermissionSetPolicies,
            &inv.permission_set_policies,
            |p| &p.origin,
        ))
        .chain(each(List::AccessAnalyzers, &inv.access_analyzers, |a| {
            &a.origin
        }))
}

/// HCL entities to remove, by list and index, and the files they were read from.
#[derive(Default)]
struct Replaced {
    entities: HashSet<(List, usize)>,
    /// (file, address) of the removed HCL resources, for their policy problems.
    resources: HashSet<(FileId, String)>,
}

/// Pairs one plan resource with its HCL resource.
fn pair_resource(
    inv: &Inventory,
    index: &Index<'_>,
    plan: &mut Plan,
    address: &str,
    target: &Target,
    replaced: &mut Replaced,
) {
    let mut from_plan: HashMap<List, Vec<usize>> = HashMap::new();
    let mut from_hcl: HashMap<List, Vec<usize>> = HashMap::new();
    let mut declaration: Option<Span> = None;
    for &(list, i, o) in index.at(address) {
        if o.span.file == plan.file {
            from_plan.entry(list).or_default().push(i);
        }
    }
    for &(list, i, o) in index.at(&target.address) {
        if o.scope == target.scope && !index.plan_files.contains(&o.span.file) {
            from_hcl.entry(list).or_default().push(i);
            replaced.entities.insert((list, i));
            replaced.resources.insert((o.span.file, o.address.clone()));
            if declaration.is_none_or(|d| {
                o.span.end.saturating_sub(o.span.start) > d.end.saturating_sub(d.start)
            }) {
                declaration = Some(o.span);
            }
        }
    }
    if let Some(d) = declaration {
        plan.declarations.insert(address.to_string(), d);
    }
    let map = &mut plan.relocations;
    for (list, plan_idx) in &from_plan {
        let hcl_idx = from_hcl.get(list).map(Vec::as_slice).unwrap_or(&[]);
        match list {
            List::Policies => pair_policies(inv, plan_idx, hcl_idx, map),
            _ => {
                for (&p, &h) in plan_idx.iter().zip(hcl_idx) {
                    pair_entity(inv, *list, p, h, map);
                }
            }
        }
    }
}

/// Pairs the spans of two entities of the same list.
fn pair_entity(inv: &Inventory, list: List, p: usize, h: usize, map: &mut HashMap<Span, Span>) {
    let mut put = |a: Span, b: Span| {
        map.insert(a, b);
    };
    let setting = |a: &Option<Setting>, b: &Option<Setting>, put: &mut dyn FnMut(Span, Span)| {
        if let (Some(a), Some(b)) = (a, b) {
            put(a.span, b.span);
        }
    };
    let principals = |v: &[Principal], put: &mut dyn FnMut(Span, Span)| {
        if let (Some(a), Some(b)) = (v.get(p), v.get(h)) {
            put(a.origin.span, b.origin.span);
            setting(&a.permissions_boundary, &b.permissions_boundary, put);
            setting(&a.max_session_duration, &b.max_session_duration, put);
        }
    };
    match list {
        List::Users => principals(&inv.users, &mut put),
        List::Groups => principals(&inv.groups, &mut put),
        List::Roles => principals(&inv.roles, &mut put),
        List::Policies => {}
        List::Attachments => {
            if let (Some(a), Some(b)) = (inv.attachments.get(p), inv.attachments.get(h)) {
                put(a.origin.span, b.origin.span);
                put(a.principal.span, b.principal.span);
                put(a.policy_span, b.policy_span);
            }
        }
        List::Memberships => {
            if let (Some(a), Some(b)) = (inv.memberships.get(p), inv.memberships.get(h)) {
                put(a.origin.span, b.origin.span);
                put(a.user.span, b.user.span);
                put(a.group.span, b.group.span);
            }
        }
        List::AccessKeys => {
            if let (Some(a), Some(b)) = (inv.access_keys.get(p), inv.access_keys.get(h)) {
                put(a.origin.span, b.origin.span);
                put(a.user.span, b.user.span);
                setting(&a.status, &b.status, &mut put);
            }
        }
        List::LoginProfiles => {
            if let (Some(a), Some(b)) = (inv.login_profiles.get(p), inv.login_profiles.get(h)) {
                put(a.origin.span, b.origin.span);
                put(a.user.span, b.user.span);
                setting(
                    &a.password_reset_required,
                    &b.password_reset_required,
                    &mut put,
                );
            }
        }
        List::PasswordPolicies => {
            if let (Some(a), Some(b)) = (inv.password_policies.get(p), inv.password_policies.get(h))
            {
                put(a.origin.span, b.origin.span);
                for (name, s) in &a.settings {
                    if let Some(t) = b.get(name) {
                        put(s.span, t.span);
                    }
                }
            }
        }
        List::InstanceProfiles => {
            if let (Some(a), Some(b)) = (inv.instance_profiles.get(p), inv.instance_profiles.get(h))
            {
                put(a.origin.span, b.origin.span);
                if let (Some(x), Some(y)) = (&a.role, &b.role) {
                    put(x.span, y.span);
                }
            }
        }
        List::OidcProviders => {
            if let (Some(a), Some(b)) = (inv.oidc_providers.get(p), inv.oidc_providers.get(h)) {
                put(a.origin.span, b.origin.span);
            }
        }
        _ => pair_organization(inv, list, p, h, map),
    }
}

/// Pairs the spans of two organization, Identity Center or Access Analyzer entities.
fn pair_organization(
    inv: &Inventory,
    list: List,
    p: usize,
    h: usize,
    map: &mut HashMap<Span, Span>,
) {
    fn both<T>(v: &[T], p: usize, h: usize) -> Option<(&T, &T)> {
        Some((v.get(p)?, v.get(h)?))
    }
    fn setting(a: Option<&Setting>, b: Option<&Setting>, map: &mut HashMap<Span, Span>) {
        if let (Some(a), Some(b)) = (a, b) {
            map.insert(a.span, b.span);
        }
    }
    let origins = match list {
        List::Scps => both(&inv.service_control_policies, p, h).map(|(a, b)| {
            pair_documents(&a.document, &b.document, map);
            (a.origin.span, b.origin.span)
        }),
        List::ScpAttachments => both(&inv.scp_attachments, p, h).map(|(a, b)| {
            setting(Some(&a.target), Some(&b.target), map);
            (a.origin.span, b.origin.span)
        }),
        List::Organizations => {
            both(&inv.organizations, p, h).map(|(a, b)| (a.origin.span, b.origin.span))
        }
        List::PermissionSets => both(&inv.permission_sets, p, h).map(|(a, b)| {
            setting(
                a.session_duration.as_ref(),
                b.session_duration.as_ref(),
                map,
            );
            (a.origin.span, b.origin.span)
        }),
        List::PermissionSetPolicies => both(&inv.permission_set_policies, p, h).map(|(a, b)| {
            if let (PermissionSetGrant::Inline(x), PermissionSetGrant::Inline(y)) =
                (&a.grant, &b.grant)
            {
                pair_documents(x, y, map);
            }
            (a.origin.span, b.origin.span)
        }),
        List::AccessAnalyzers => both(&inv.access_analyzers, p, h).map(|(a, b)| {
            setting(a.analyzer_type.as_ref(), b.analyzer_type.as_ref(), map);
            (a.origin.span, b.origin.span)
        }),
        _ => None,
    };
    if let Some((a, b)) = origins {
        map.insert(a, b);
    }
}

/// Pairs policies of the same kind (managed, inline, trust) in order, and their
/// statements: by index when both documents have as many, else by `Sid`.
fn pair_policies(inv: &Inventory, plan: &[usize], hcl: &[usize], map: &mut HashMap<Span, Span>) {
    let kind = |i: &usize| {
        inv.policies.get(*i).map(|p| match p.kind {
            PolicyKind::Managed => 0,
            PolicyKind::Inline { .. } => 1,
            PolicyKind::Trust { .. } => 2,
        })
    };
    for k in 0..3 {
        let ps = plan.iter().filter(|i| kind(i) == Some(k));
        let hs = hcl.iter().filter(|i| kind(i) == Some(k));
        for (p, h) in ps.zip(hs) {
            let (Some(a), Some(b)) = (inv.policies.get(*p), inv.policies.get(*h)) else {
                continue;
            };
            map.insert(a.origin.span, b.origin.span);
            if let (PolicyKind::Inline { principal: x }, PolicyKind::Inline { principal: y }) =
                (&a.kind, &b.kind)
            {
                map.insert(x.span, y.span);
            }
            pair_documents(&a.document, &b.document, map);
        }
    }
}

/// Pairs two documents and their statements: by index when both have as many, else by
/// `Sid`; a statement without a counterpart points at the other document.
fn pair_documents(a: &Document, b: &Document, map: &mut HashMap<Span, Span>) {
    map.insert(a.span(), b.span());
    let Document::Parsed(da) = a else {
        return;
    };
    // a statement without a counterpart points at the document it came from
    // (`policy = var.policy` when the source could not evaluate it)
    for x in &da.statements {
        map.insert(x.span, b.span());
    }
    let Document::Parsed(db) = b else {
        return;
    };
    if da.statements.len() == db.statements.len() {
        for (x, y) in da.statements.iter().zip(&db.statements) {
            map.insert(x.span, y.span);
        }
    } else {
        for x in &da.statements {
            let sid = |s: &crate::model::policy::Statement| {
                s.sid
                    .as_ref()
                    .and_then(|v| v.as_known().map(str::to_string))
            };
            let same = db
                .statements
                .iter()
                .find(|y| sid(x).is_some() && sid(x) == sid(y));
            if let Some(y) = same {
                map.insert(x.span, y.span);
            }
        }
    }
}

/// Drops credentials a sourced plan repeats from the files of its sources.
fn drop_duplicate_credentials(inv: &mut Inventory, plans: &HashSet<FileId>, replaced: &Replaced) {
    if replaced.entities.is_empty() {
        return;
    }
    let elsewhere: HashSet<u64> = inv
        .credentials
        .iter()
        .filter(|c| !plans.contains(&c.span.file))
        .map(|c| c.digest)
        .collect();
    inv.credentials
        .retain(|c| !(plans.contains(&c.span.file) && elsewhere.contains(&c.digest)));
}

impl Replaced {
    /// Removes the entities, keeping roles and their trust policies linked.
    fn remove_from(&self, inv: &mut Inventory) {
        if self.entities.is_empty() {
            return;
        }
        let gone = |list: List, i: usize| self.entities.contains(&(list, i));
        // a removed role takes its trust policy along, and the other way round
        let role_gone: Vec<bool> = (0..inv.roles.len())
            .map(|i| {
                gone(List::Roles, i)
                    || inv
                        .roles
                        .get(i)
                        .and_then(|r| r.trust_policy)
                        .is_some_and(|t| gone(List::Policies, t))
            })
            .collect();
        let policy_gone: Vec<bool> = inv
            .policies
            .iter()
            .enumerate()
            .map(|(i, p)| {
                gone(List::Policies, i)
                    || matches!(p.kind, PolicyKind::Trust { role } if role_gone.get(role).copied().unwrap_or(false))
            })
            .collect();
        let new_index = |flags: &[bool]| -> Vec<Option<usize>> {
            let mut n = 0;
            flags
                .iter()
                .map(|g| {
                    (!g).then(|| {
                        n += 1;
                        n - 1
                    })
                })
                .collect()
        };
        let role_idx = new_index(&role_gone);
        let policy_idx = new_index(&policy_gone);
        keep(&mut inv.roles, &role_gone);
        keep(&mut inv.policies, &policy_gone);
        for r in &mut inv.roles {
            r.trust_policy = r
                .trust_policy
                .and_then(|t| policy_idx.get(t).copied().flatten());
        }
        for p in &mut inv.policies {
            if let PolicyKind::Trust { role } = &mut p.kind {
                *role = role_idx.get(*role).copied().flatten().unwrap_or(*role);
            }
        }
        retain_list(&mut inv.users, |i| gone(List::Users, i));
        retain_list(&mut inv.groups, |i| gone(List::Groups, i));
        retain_list(&mut inv.attachments, |i| gone(List::Attachments, i));
        retain_list(&mut inv.memberships, |i| gone(List::Memberships, i));
        retain_list(&mut inv.access_keys, |i| gone(List::AccessKeys, i));
        retain_list(&mut inv.login_profiles, |i| gone(List::LoginProfiles, i));
        retain_list(&mut inv.password_policies, |i| {
            gone(List::PasswordPolicies, i)
        });
        retain_list(&mut inv.instance_profiles, |i| {
            gone(List::InstanceProfiles, i)
        });
        retain_list(&mut inv.oidc_providers, |i| gone(List::OidcProviders, i));
        retain_list(&mut inv.service_control_policies, |i| gone(List::Scps, i));
        retain_list(&mut inv.scp_attachments, |i| gone(List::ScpAttachments, i));
        retain_list(&mut inv.organizations, |i| gone(List::Organizations, i));
        retain_list(&mut inv.permission_sets, |i| gone(List::PermissionSets, i));
        retain_list(&mut inv.permission_set_policies, |i| {
            gone(List::PermissionSetPolicies, i)
        });
        retain_list(&mut inv.access_analyzers, |i| {
            gone(List::AccessAnalyzers, i)
        });
        inv.policy_problems
            .retain(|p| !self.resources.contains(&(p.span.file, p.address.clone())));
    }
}

fn keep<T>(items: &mut Vec<T>, gone: &[bool]) {
    let mut i = 0;
    items.retain(|_| {
        i += 1;
        !gone.get(i - 1).copied().unwrap_or(false)
    });
}

fn retain_list<T>(items: &mut Vec<T>, gone: impl Fn(usize) -> bool) {
    let mut i = 0;
    items.retain(|_| {
        i += 1;
        !gone(i - 1)
    });
}

/// `aws_iam_user.u["a"]` → `aws_iam_user.u`.
fn strip_instance_key(address: &str) -> &str {
    match address.find('[') {
        Some(i) => address.get(..i).unwrap_or(address),
        None => address,
    }
}

/// The directory of a report path (`""` at the top).
fn parent_dir(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => path.get(..i).unwrap_or(""),
        None => "",
    }
}

/// `root` joined with a relative directory, `..` resolved.
fn join(root: &str, dir: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in root.split('/').chain(dir.split('/')) {
        match seg {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&l) if l != ".." => {
                    parts.pop();
                }
                _ => parts.push(".."),
            },
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Report paths of `--plan-source` directories, spelled as discovery spells them.
pub fn normalize_dirs(dirs: &[std::path::PathBuf]) -> Vec<String> {
    let cwd = std::env::current_dir().ok();
    dirs.iter()
        .map(|d| {
            let p = crate::discover::report_path(d, cwd.as_deref());
            let p = p.trim_end_matches('/');
            if p == "." {
                String::new()
            } else {
                p.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_and_keys_strip() {
        assert_eq!(join("infra", "modules/ci"), "infra/modules/ci");
        assert_eq!(join("infra/live", "../modules/ci"), "infra/modules/ci");
        assert_eq!(join("", ""), "");
        assert_eq!(
            strip_instance_key("aws_iam_user.u[\"a\"]"),
            "aws_iam_user.u"
        );
        assert_eq!(parent_dir("a/b/plan.json"), "a/b");
        assert_eq!(parent_dir("plan.json"), "");
    }
}
