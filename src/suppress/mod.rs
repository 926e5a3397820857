//! Suppression: applies exceptions to finished findings, after the rules and before the
//! report.
//!
//! Exceptions come from inline comments ([`inline`]), CloudFormation `Metadata`
//! ([`metadata`]) and, as records of the same shape, from outside the code: the
//! exceptions file ([`external`]), whose entries are [`Exception`]s with
//! [`Target::Address`]. A covered finding is not dropped: it moves to the report's
//! suppressed list with the justification. An exception that is incomplete or expired
//! suppresses nothing and is itself a finding (`exception-incomplete`,
//! `exception-expired`); an active one that covers no finding of a rule that ran is
//! `exception-unused`.

mod date;
pub mod exception;
pub mod external;
pub mod inline;
pub mod metadata;

use std::collections::{HashMap, HashSet};

pub use date::Date;
pub use exception::{Exception, Kind, Policy, Status, Target};

use crate::model::{Document, Inventory};
use crate::report::{Finding, Suppressed};
use crate::rules::builtin::{ExceptionExpired, ExceptionIncomplete, ExceptionUnused};
use crate::rules::{RawFinding, RuleMeta};
use crate::source::{FileId, LineIndex, SourceMap, Span};

/// True for the rules that report on exceptions; they cannot be suppressed themselves.
pub fn is_exception_rule(meta: &RuleMeta) -> bool {
    [
        ExceptionExpired::META.id,
        ExceptionIncomplete::META.id,
        ExceptionUnused::META.id,
    ]
    .contains(&meta.id)
}

/// What suppression made of the findings.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Findings no active exception covers.
    pub kept: Vec<Finding>,
    /// Findings an active exception covers, with it.
    pub suppressed: Vec<Suppressed>,
    /// Findings about the exceptions themselves, for the rules of `ran` among the
    /// exception rules.
    pub about_exceptions: Vec<RawFinding>,
}

/// Applies the inline exceptions of every file in `sources` and the `external` ones to
/// `findings`. `ran` are the rules that ran: an exception is unused only for rules that
/// did.
pub fn apply(
    sources: &SourceMap,
    inventory: &Inventory,
    findings: Vec<Finding>,
    ran: &[&'static RuleMeta],
    external: &[Exception],
    policy: Policy,
    today: Date,
) -> Outcome {
    let mut exceptions: Vec<Exception> = Vec::new();
    let mut indexes: HashMap<FileId, LineIndex> = HashMap::new();
    for file in sources.files() {
        // only inputs: a README quoting a suppression comment is not one
        if !file.text.contains(inline::MARKER)
            || crate::discover::classify(&file.path, &file.text).is_none()
        {
            continue;
        }
        let found = inline::parse_file(file.id, &file.text);
        if !found.is_empty() {
            indexes.insert(file.id, LineIndex::new(&file.text));
            exceptions.extend(found);
        }
    }
    for entry in &inventory.suppressions {
        // the template-level entry's address is the template's path
        let template = entry.origin.address == sources.rel_path(entry.origin.span.file);
        exceptions.extend(metadata::exceptions(entry, template));
    }
    exceptions.extend(external.iter().cloned());
    if exceptions.is_empty() {
        return Outcome {
            kept: findings,
            ..Outcome::default()
        };
    }
    let line_of = |span: Span| indexes.get(&span.file).map_or(0, |i| i.line(span.start));
    let mut blocks_by_file: HashMap<FileId, Vec<Span>> = HashMap::new();
    for b in blocks(inventory) {
        if indexes.contains_key(&b.file) {
            blocks_by_file.entry(b.file).or_default().push(b);
        }
    }
    // exceptions written in a file can only cover findings in it; others may cover any
    let mut by_file: HashMap<FileId, Vec<usize>> = HashMap::new();
    let mut anywhere: Vec<usize> = Vec::new();
    for (i, e) in exceptions.iter().enumerate() {
        match e.target {
            Target::Line { file, .. } | Target::File(file) | Target::Entity { file, .. } => {
                by_file.entry(file).or_default().push(i)
            }
            Target::Address { .. } => anywhere.push(i),
        }
    }
    let statuses: Vec<Status> = exceptions.iter().map(|e| e.status(policy, today)).collect();
    let mut used: HashSet<(usize, &'static str)> = HashSet::new();
    let mut out = Outcome::default();
    for f in findings {
        let path = sources.rel_path(f.span.file);
        let blocks = blocks_by_file
            .get(&f.span.file)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let candidates = by_file
            .get(&f.span.file)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .chain(&anywhere);
        let by = candidates.copied().find_map(|i| {
            let e = exceptions.get(i)?;
            (statuses.get(i) == Some(&Status::Active)
                && e.covers(f.rule, f.span, &f.address, path, &line_of, blocks))
            .then_some((i, e))
        });
        match by {
            Some((i, e)) => {
                used.insert((i, f.rule.id));
                out.suppressed.push(Suppressed {
                    finding: f,
                    kind: e.kind,
                    justification: e.reason.clone().unwrap_or_default(),
                    owner: e.owner.clone(),
                    ticket: e.ticket.clone(),
                    expires: e.expires,
                    at: e.span,
                });
            }
            None => out.kept.push(f),
        }
    }
    let enabled = |m: &RuleMeta| ran.iter().any(|r| r.id == m.id);
    for (i, (e, status)) in exceptions.iter().zip(&statuses).enumerate() {
        let (meta, message) = match status {
            Status::Incomplete(problems) => (
                &ExceptionIncomplete::META,
                format!(
                    "exception{} {}; it suppresses nothing",
                    for_rules(&e.rules),
                    problems.join(", ")
                ),
            ),
            Status::Expired(day) => (
                &ExceptionExpired::META,
                format!(
                    "exception{} expired on {day}; the findings it covered are reported again",
                    for_rules(&e.rules)
                ),
            ),
            Status::Active => {
                let idle: Vec<&'static RuleMeta> = e
                    .rules
                    .iter()
                    .copied()
                    .filter(|r| enabled(r) && !used.contains(&(i, r.id)))
                    .collect();
                if idle.is_empty() {
                    continue;
                }
                (
                    &ExceptionUnused::META,
                    format!(
                        "exception{} matches no finding; remove it",
                        for_rules(&idle)
                    ),
                )
            }
        };
        if enabled(meta) {
            out.about_exceptions.push(RawFinding {
                rule: meta,
                span: e.span,
                address: String::new(),
                message,
                related: Vec::new(),
                steps: Vec::new(),
            });
        }
    }
    out
}

/// ` for IAM101 (full-admin-statement), ...`, or nothing when no rule is named.
fn for_rules(rules: &[&RuleMeta]) -> String {
    if rules.is_empty() {
        return String::new();
    }
    let names: Vec<String> = rules
        .iter()
        .map(|r| format!("{} ({})", r.id, r.name))
        .collect();
    format!(" for {}", names.join(", "))
}

/// Spans of the blocks an exception above them covers: every entity's declaration,
/// every policy document and statement.
fn blocks(inv: &Inventory) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for p in inv.users.iter().chain(&inv.groups).chain(&inv.roles) {
        out.push(p.origin.span);
    }
    for p in &inv.policies {
        out.push(p.origin.span);
        out.push(p.document.span());
        if let Document::Parsed(doc) = &p.document {
            out.extend(doc.statements.iter().map(|s| s.span));
        }
    }
    out.extend(inv.attachments.iter().map(|a| a.origin.span));
    out.extend(inv.memberships.iter().map(|m| m.origin.span));
    out.extend(inv.access_keys.iter().map(|k| k.origin.span));
    out.extend(inv.login_profiles.iter().map(|l| l.origin.span));
    out.extend(inv.password_policies.iter().map(|p| p.origin.span));
    out.extend(inv.instance_profiles.iter().map(|p| p.origin.span));
    out.extend(inv.oidc_providers.iter().map(|p| p.origin.span));
    out.extend(inv.credentials.iter().map(|c| c.span));
    out.extend(inv.policy_problems.iter().map(|p| p.span));
    out
}
