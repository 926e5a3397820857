//! `leastpriv inventory`: the IAM the code would create, each entity with its file and
//! line, and the values that stayed unresolved.

use serde::Serialize;
use serde_json::{json, Map, Value as Json};

use crate::model::{Document, Inventory, PermissionSetGrant, PolicyKind, Ref};
use crate::report::Stats;
use crate::source::{LineIndex, SourceMap, Span};

/// Current version of the inventory JSON layout.
pub const INVENTORY_SCHEMA_VERSION: u32 = 1;

struct Locator<'a> {
    sources: &'a SourceMap,
    indexes: Vec<Option<LineIndex>>,
}

impl<'a> Locator<'a> {
    fn new(sources: &'a SourceMap) -> Self {
        Locator {
            sources,
            indexes: vec![None; sources.files().len()],
        }
    }

    fn at(&mut self, span: Span) -> Json {
        let span = self.sources.original(span);
        let Some(file) = self.sources.get(span.file) else {
            return Json::Null;
        };
        let slot = self.indexes.get_mut(span.file.0 as usize);
        let line = match slot {
            Some(slot) => {
                slot.get_or_insert_with(|| LineIndex::new(&file.text))
                    .position(&file.text, span.start)
                    .0
            }
            None => 0,
        };
        json!({ "path": file.rel_path, "line": line })
    }
}

fn entity<T: Serialize>(loc: &mut Locator<'_>, span: Span, item: &T) -> Json {
    let mut v = serde_json::to_value(item).unwrap_or(Json::Null);
    if let Json::Object(m) = &mut v {
        let mut out = Map::new();
        out.insert("location".into(), loc.at(span));
        out.append(m);
        return Json::Object(out);
    }
    v
}

/// The inventory as JSON (`schema_version` 1).
pub fn to_json(sources: &SourceMap, inv: &Inventory, stats: &Stats) -> String {
    let mut loc = Locator::new(sources);
    macro_rules! simple {
        ($field:ident) => {
            Json::Array(
                inv.$field
                    .iter()
                    .map(|e| entity(&mut loc, e.origin.span, e))
                    .collect(),
            )
        };
    }
    let users = simple!(users);
    let groups = simple!(groups);
    let roles = simple!(roles);
    let policies: Vec<Json> = inv
        .policies
        .iter()
        .map(|p| {
            let mut v = entity(&mut loc, p.origin.span, p);
            if let (Json::Object(m), Document::Parsed(d)) = (&mut v, &p.document) {
                let lines: Vec<Json> = d.statements.iter().map(|s| loc.at(s.span)).collect();
                m.insert("statement_locations".into(), Json::Array(lines));
            }
            v
        })
        .collect();
    let attachments = simple!(attachments);
    let memberships = simple!(memberships);
    let access_keys = simple!(access_keys);
    let login_profiles = simple!(login_profiles);
    let password_policies = simple!(password_policies);
    let instance_profiles = simple!(instance_profiles);
    let oidc_providers = simple!(oidc_providers);
    let resource_policies = simple!(resource_policies);
    let service_control_policies = simple!(service_control_policies);
    let scp_attachments = simple!(scp_attachments);
    let permission_sets = simple!(permission_sets);
    let permission_set_policies = simple!(permission_set_policies);
    let saml_providers = simple!(saml_providers);
    let access_analyzers = simple!(access_analyzers);
    let organizations = simple!(organizations);
    let credentials: Vec<Json> = inv
        .credentials
        .iter()
        .map(|c| entity(&mut loc, c.span, c))
        .collect();
    let unresolved: Vec<Json> = unresolved(inv)
        .into_iter()
        .map(|(span, what, expr)| {
            let mut m = Map::new();
            m.insert("location".into(), loc.at(span));
            m.insert("what".into(), Json::String(what));
            m.insert("expression".into(), Json::String(expr));
            Json::Object(m)
        })
        .collect();
    let parse_errors: Vec<Json> = inv
        .parse_errors
        .iter()
        .map(|e| json!({ "location": loc.at(e.span), "message": e.message }))
        .collect();
    let notes: Vec<Json> = inv
        .notes
        .iter()
        .map(|n| json!({ "location": loc.at(n.span), "subject": n.subject, "cause": n.cause }))
        .collect();
    let doc = json!({
        "schema_version": INVENTORY_SCHEMA_VERSION,
        "summary": stats,
        "users": users,
        "groups": groups,
        "roles": roles,
        "policies": policies,
        "attachments": attachments,
        "memberships": memberships,
        "access_keys": access_keys,
        "login_profiles": login_profiles,
        "password_policies": password_policies,
        "instance_profiles": instance_profiles,
        "oidc_providers": oidc_providers,
        "resource_policies": resource_policies,
        "service_control_policies": service_control_policies,
        "scp_attachments": scp_attachments,
        "permission_sets": permission_sets,
        "permission_set_policies": permission_set_policies,
        "saml_providers": saml_providers,
        "access_analyzers": access_analyzers,
        "organizations": organizations,
        "credentials": credentials,
        "unresolved": unresolved,
        "not_evaluated": notes,
        "parse_errors": parse_errors,
        "effective": effective_json(&mut loc, inv),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// Values that stayed unresolved: (where, what, expression text).
pub fn unresolved(inv: &Inventory) -> Vec<(Span, String, String)> {
    let mut out = Vec::new();
    for p in &inv.policies {
        if let Document::Unknown { expr, span } = &p.document {
            out.push((
                *span,
                format!("policy document of {}", p.origin.address),
                expr.clone(),
            ));
        }
        if let PolicyKind::Inline { principal } = &p.kind {
            if let Ref::Unknown(v) = &principal.target {
                out.push((
                    principal.span,
                    format!("owner of {}", p.origin.address),
                    v.source_text(),
                ));
            }
        }
    }
    let other_documents = inv
        .resource_policies
        .iter()
        .map(|r| (&r.document, &r.origin))
        .chain(
            inv.service_control_policies
                .iter()
                .map(|p| (&p.document, &p.origin)),
        )
        .chain(
            inv.permission_set_policies
                .iter()
                .filter_map(|p| match &p.grant {
                    PermissionSetGrant::Inline(d) => Some((d, &p.origin)),
                    _ => None,
                }),
        );
    for (document, origin) in other_documents {
        if let Document::Unknown { expr, span } = document {
            out.push((
                *span,
                format!("policy document of {}", origin.address),
                expr.clone(),
            ));
        }
    }
    for a in &inv.attachments {
        if let Ref::Unknown(v) = &a.policy {
            out.push((
                a.policy_span,
                format!("policy of {}", a.origin.address),
                v.source_text(),
            ));
        }
        if let Ref::Unknown(v) = &a.principal.target {
            out.push((
                a.principal.span,
                format!("{} of {}", a.principal.kind.as_str(), a.origin.address),
                v.source_text(),
            ));
        }
    }
    out
}

/// Per user, group and role: administrator (`yes` / `no` / `unknown`) with the statements
/// that grant it, the escalation methods it has (`escalation`) and may have (`maybe`),
/// its limits, and the paths it has by assuming roles, each hop with its location.
fn effective_json(loc: &mut Locator<'_>, inv: &Inventory) -> Json {
    use crate::analysis::{self, paths::Goal};
    use crate::model::semantics::Tri;
    let analysis = analysis::analyse(inv);
    let mut out = Vec::new();
    for subject in &analysis.subjects {
        let Some(p) = subject.id.get(inv) else {
            continue;
        };
        let grants = |loc: &mut Locator<'_>, list: &[crate::analysis::effective::At]| -> Json {
            Json::Array(
                list.iter()
                    .map(|g| json!({ "location": loc.at(g.span), "source": g.label }))
                    .collect(),
            )
        };
        let limits: Vec<&str> = subject
            .effective
            .limits
            .iter()
            .map(|l| l.kind.as_str())
            .collect();
        let paths: Vec<Json> = analysis
            .paths
            .iter()
            .filter(|path| path.from == subject.id)
            .map(|path| {
                let hops: Vec<Json> = path
                    .hops
                    .iter()
                    .map(|h| {
                        let role = h.role.get(inv).map(|r| r.origin.address.as_str());
                        json!({
                            "role": role,
                            "trust": loc.at(h.trust.span),
                            "grants": grants(loc, &h.grants),
                        })
                    })
                    .collect();
                let goal = match path.goal {
                    Goal::Admin => "administrator".to_string(),
                    Goal::Method(id) => id.to_string(),
                };
                json!({ "hops": hops, "goal": goal, "goal_grants": grants(loc, &path.goal_grants) })
            })
            .collect();
        out.push(json!({
            "principal": p.origin.address,
            "kind": subject.id.kind.as_str(),
            "admin": subject.admin.answer.as_str(),
            "admin_grants": grants(loc, &subject.admin.grants),
            "escalation": subject.method_ids(Tri::Yes),
            "maybe": subject.method_ids(Tri::Unknown),
            "limits": limits,
            "paths": paths,
        }));
    }
    Json::Array(out)
}

/// One line per user, group and role: administrator (yes / no / unknown), the escalation
/// methods it has and those it may have, and the roles it can reach by assuming roles.
pub fn effective_summary(inv: &Inventory) -> String {
    use crate::analysis::{self, paths::Goal};
    use crate::model::semantics::Tri;
    let analysis = analysis::analyse(inv);
    let mut s = format!("effective permissions ({}):\n", analysis.subjects.len());
    for subject in &analysis.subjects {
        let (has, may) = (
            subject.method_ids(Tri::Yes),
            subject.method_ids(Tri::Unknown),
        );
        s.push_str(&format!(
            "  {:<40} admin={}",
            analysis::describe(inv, subject.id),
            subject.admin.answer.as_str()
        ));
        if !subject.admin.answer.is_yes() {
            if !has.is_empty() {
                s.push_str(&format!("  escalation={}", has.join(",")));
            }
            if !may.is_empty() {
                s.push_str(&format!("  maybe={}", may.len()));
            }
        }
        for path in analysis.paths.iter().filter(|p| p.from == subject.id) {
            let roles: Vec<String> = path
                .hops
                .iter()
                .map(|h| analysis::describe(inv, h.role))
                .collect();
            let goal = match path.goal {
                Goal::Admin => "admin".to_string(),
                Goal::Method(id) => id.to_string(),
            };
            s.push_str(&format!("  path={} ({goal})", roles.join(" -> ")));
        }
        s.push('\n');
    }
    s
}

/// A policy document in a few words: its statement count, or why it is not read.
fn summary_of(document: &Document) -> String {
    match document {
        Document::Parsed(d) => format!("{} statement(s)", d.statements.len()),
        Document::Unknown { expr, .. } => format!("unresolved: {expr}"),
        Document::Invalid { message, .. } => format!("invalid: {message}"),
    }
}

/// The inventory as readable text.
pub fn to_text(sources: &SourceMap, inv: &Inventory, stats: &Stats) -> String {
    let mut loc = Locator::new(sources);
    let mut s = String::new();
    let at = |loc: &mut Locator<'_>, span: Span| -> String {
        match loc.at(span) {
            Json::Object(m) => format!(
                "{}:{}",
                m.get("path").and_then(Json::as_str).unwrap_or(""),
                m.get("line").and_then(Json::as_u64).unwrap_or(0)
            ),
            _ => String::new(),
        }
    };
    for (title, list) in [
        ("users", &inv.users),
        ("groups", &inv.groups),
        ("roles", &inv.roles),
    ] {
        s.push_str(&format!("{title} ({}):\n", list.len()));
        for p in list {
            s.push_str(&format!(
                "  {:<40} name={}  {}\n",
                p.origin.address,
                p.name.render(),
                at(&mut loc, p.origin.span)
            ));
        }
    }
    s.push_str(&effective_summary(inv));
    s.push_str(&format!("policies ({}):\n", inv.policies.len()));
    for p in &inv.policies {
        let kind = match &p.kind {
            PolicyKind::Managed => "managed".to_string(),
            PolicyKind::Inline { principal } => {
                format!(
                    "inline on {} {}",
                    principal.kind.as_str(),
                    principal.target.describe()
                )
            }
            PolicyKind::Trust { .. } => "trust".to_string(),
        };
        let doc = summary_of(&p.document);
        s.push_str(&format!(
            "  {:<40} {kind}; {doc}  {}\n",
            p.origin.address,
            at(&mut loc, p.origin.span)
        ));
    }
    s.push_str(&format!("attachments ({}):\n", inv.attachments.len()));
    for a in &inv.attachments {
        s.push_str(&format!(
            "  {} {} <- {}  {}\n",
            a.principal.kind.as_str(),
            a.principal.target.describe(),
            a.policy.describe(),
            at(&mut loc, a.origin.span)
        ));
    }
    s.push_str(&format!("memberships ({}):\n", inv.memberships.len()));
    for m in &inv.memberships {
        s.push_str(&format!(
            "  user {} in group {}  {}\n",
            m.user.target.describe(),
            m.group.target.describe(),
            at(&mut loc, m.origin.span)
        ));
    }
    for (title, n) in [
        ("access keys", inv.access_keys.len()),
        ("login profiles", inv.login_profiles.len()),
        ("password policies", inv.password_policies.len()),
        ("instance profiles", inv.instance_profiles.len()),
        ("oidc providers", inv.oidc_providers.len()),
        ("saml providers", inv.saml_providers.len()),
        (
            "service control policies",
            inv.service_control_policies.len(),
        ),
        ("scp attachments", inv.scp_attachments.len()),
        ("permission sets", inv.permission_sets.len()),
        ("permission set policies", inv.permission_set_policies.len()),
        ("access analyzers", inv.access_analyzers.len()),
        ("organizations", inv.organizations.len()),
        ("credentials in code", inv.credentials.len()),
    ] {
        s.push_str(&format!("{title}: {n}\n"));
    }
    s.push_str(&format!(
        "resource policies ({}):\n",
        inv.resource_policies.len()
    ));
    for r in &inv.resource_policies {
        let doc = summary_of(&r.document);
        s.push_str(&format!(
            "  {:<40} {} {}; {doc}  {}\n",
            r.origin.address,
            r.kind.as_str(),
            r.resource.describe(),
            at(&mut loc, r.origin.span)
        ));
    }
    let unresolved = unresolved(inv);
    s.push_str(&format!("unresolved values ({}):\n", unresolved.len()));
    for (span, what, expr) in unresolved {
        s.push_str(&format!("  {what}: {expr}  {}\n", at(&mut loc, span)));
    }
    s.push_str(&format!("not evaluated ({}):\n", inv.notes.len()));
    for n in &inv.notes {
        s.push_str(&format!(
            "  {}: {}  {}\n",
            n.subject,
            n.cause,
            at(&mut loc, n.span)
        ));
    }
    s.push_str(&format!(
        "{} files scanned, {} skipped, {} entities, {} policies parsed, {} parse errors\n",
        stats.files_scanned,
        stats.files_skipped,
        stats.entities,
        stats.policies_parsed,
        stats.parse_errors
    ));
    s
}
