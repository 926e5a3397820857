//! Policy semantics: does a set of policy documents allow an action on a resource?
//!
//! [`evaluate`] answers [`Tri::Yes`], [`Tri::No`] or [`Tri::Unknown`] the way IAM
//! evaluates one set of identity policies, and never guesses:
//!
//! - A statement *applies* to a request when its effect is known, its `Action` matches the
//!   action (or its `NotAction` does not; actions compare case-insensitively with `*` and
//!   `?`), its `Resource` matches the resource (or its `NotResource` does not;
//!   case-sensitively), and its conditions hold in the query's [`Context`]. These four
//!   are combined with three-valued AND.
//! - An unknown item (`${var.actions}`) may match anything: it makes a match `Unknown`.
//!   A partly known item (`arn:aws:s3:::${var.bucket}/*`) is `Unknown` when its known
//!   pieces could match (each unresolved piece read as `*`) and `No` when they cannot.
//!   A list marked incomplete adds `Unknown`.
//! - **Conditions**: a condition is decided only if the query's [`Context`] lists its
//!   key and [`conditions`] supports its operator; otherwise it is `Unknown`. So a
//!   statement with a condition the query cannot prove satisfied is at best `Unknown`,
//!   never `Yes`; a condition the context proves false makes the statement not apply.
//! - A statement with `Principal` or `NotPrincipal` (a resource or trust policy) is at
//!   best `Unknown`: principals are not evaluated here. A statement with neither `Action`
//!   nor `NotAction`, or neither `Resource` nor `NotResource`, is `Unknown`.
//! - **Decision**: a `Deny` that applies (`Yes`) makes the answer `No` (explicit deny wins).
//!   Otherwise an `Allow` that applies gives `Yes`, unless some `Deny` might apply
//!   (`Unknown`), which makes it `Unknown`. With no applying `Allow` the answer is `No`
//!   (implicit deny) if no `Allow` might apply, else `Unknown`.
//! - A statement whose effect is unknown counts as an `Allow` and a `Deny` that might
//!   apply. A document that is [`Document::Unknown`] or [`Document::Invalid`], or whose
//!   statement list is incomplete, might hold either: it adds `Unknown` to both sides.
//!
//! The request's resource is a text matched against the policy's patterns: to ask
//! "on every resource?", pass `*`, which only a `*` pattern (or a `NotResource` that
//! excludes nothing matching `*`) matches.
//!
//! Permission boundaries, SCPs and session policies intersect: evaluate each set and
//! combine the answers with [`Tri::and`].

pub mod conditions;
mod tri;

pub use conditions::Context;
pub use tri::Tri;

use crate::model::policy::{Document, Effect, Items, Statement};
use crate::model::wildcard;
use crate::value::{Piece, Value};

/// A request to evaluate: a concrete action, a resource, and what is known of the context.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The action (`iam:PassRole`), not a pattern.
    pub action: &'a str,
    /// The resource ARN, or `*` for "every resource".
    pub resource: &'a str,
    /// Known condition keys.
    pub context: &'a Context,
}

/// A statement of one of the evaluated documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatementRef {
    /// Index of the document in the slice given to [`evaluate`].
    pub document: usize,
    /// Index of the statement in it; `None` for a document that is unknown as a whole.
    pub statement: Option<usize>,
}

/// Why [`evaluate`] answered as it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A `Deny` applies.
    ExplicitDeny,
    /// An `Allow` applies and no `Deny` might.
    Allowed,
    /// No `Allow` applies or might apply.
    ImplicitDeny,
    /// Something that might apply could not be decided.
    Undecided,
}

/// The answer and the statements it rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// Allowed?
    pub answer: Tri,
    /// Why.
    pub reason: Reason,
    /// For [`Reason::ExplicitDeny`], the denying statements; for [`Reason::Allowed`], the
    /// allowing ones; for [`Reason::Undecided`], those that might apply but are not
    /// decided; empty for [`Reason::ImplicitDeny`].
    pub statements: Vec<StatementRef>,
}

/// Evaluates a request against a set of documents (see the module docs for the rules).
pub fn evaluate(docs: &[&Document], req: &Request<'_>) -> Evaluation {
    evaluate_some(docs, req, |_, _| true)
}

/// [`evaluate`], reading only the statements for which `may_apply(document, statement)`
/// is true: a caller that knows a statement cannot apply (its actions name another
/// service) saves matching it. The answer is that of [`evaluate`] as long as every
/// skipped statement would not have applied.
pub fn evaluate_some(
    docs: &[&Document],
    req: &Request<'_>,
    may_apply: impl Fn(usize, usize) -> bool,
) -> Evaluation {
    let (mut allow, mut deny) = (Tri::No, Tri::No);
    // (statement, effect side: true = allow, false = deny, how it applies)
    let mut hits: Vec<(StatementRef, Option<bool>, Tri)> = Vec::new();
    for (di, doc) in docs.iter().enumerate() {
        let pd = match doc {
            Document::Parsed(pd) => pd,
            Document::Unknown { .. } | Document::Invalid { .. } => {
                allow = allow.or(Tri::Unknown);
                deny = deny.or(Tri::Unknown);
                let r = StatementRef {
                    document: di,
                    statement: None,
                };
                hits.push((r, None, Tri::Unknown));
                continue;
            }
        };
        if pd.statements_incomplete {
            allow = allow.or(Tri::Unknown);
            deny = deny.or(Tri::Unknown);
            let r = StatementRef {
                document: di,
                statement: None,
            };
            hits.push((r, None, Tri::Unknown));
        }
        for (si, st) in pd.statements.iter().enumerate() {
            if !may_apply(di, si) {
                continue;
            }
            let applies = statement_applies(st, req);
            if applies.is_no() {
                continue;
            }
            let side = match st.effect {
                Effect::Allow => Some(true),
                Effect::Deny => Some(false),
                Effect::Unknown(_) => None,
            };
            let applies = if side.is_none() {
                Tri::Unknown
            } else {
                applies
            };
            if side != Some(false) {
                allow = allow.or(applies);
            }
            if side != Some(true) {
                deny = deny.or(applies);
            }
            let r = StatementRef {
                document: di,
                statement: Some(si),
            };
            hits.push((r, side, applies));
        }
    }
    let pick = |want_side: Option<bool>, want: Tri| -> Vec<StatementRef> {
        hits.iter()
            .filter(|(_, side, t)| *t == want && (want_side.is_none() || *side == want_side))
            .map(|(r, _, _)| *r)
            .collect()
    };
    if deny.is_yes() {
        return Evaluation {
            answer: Tri::No,
            reason: Reason::ExplicitDeny,
            statements: pick(Some(false), Tri::Yes),
        };
    }
    match (allow, deny) {
        (Tri::No, _) => Evaluation {
            answer: Tri::No,
            reason: Reason::ImplicitDeny,
            statements: Vec::new(),
        },
        (Tri::Yes, Tri::No) => Evaluation {
            answer: Tri::Yes,
            reason: Reason::Allowed,
            statements: pick(Some(true), Tri::Yes),
        },
        _ => Evaluation {
            answer: Tri::Unknown,
            reason: Reason::Undecided,
            statements: pick(None, Tri::Unknown),
        },
    }
}

/// Whether a statement applies to the request, whatever its effect (see the module docs).
pub fn statement_applies(st: &Statement, req: &Request<'_>) -> Tri {
    let action = action_matches(st, req.action);
    if action.is_no() {
        return Tri::No;
    }
    let resource = resource_matches(st, req.resource);
    if resource.is_no() {
        return Tri::No;
    }
    let principal = if st.principal.is_some() || st.not_principal.is_some() {
        Tri::Unknown
    } else {
        Tri::Yes
    };
    action
        .and(resource)
        .and(principal)
        .and(conditions::conditions_hold(st, req.context))
}

/// Whether some `Deny` of the documents applies to the request (`Unknown` when one might:
/// an unknown document or effect, a condition the context does not decide). `Allow`
/// statements are not read: this is how a service control policy limits a principal
/// beside the `FullAWSAccess` policy AWS attaches by default.
pub fn denied(docs: &[&Document], req: &Request<'_>) -> Tri {
    let mut deny = Tri::No;
    for doc in docs {
        let Document::Parsed(pd) = doc else {
            deny = deny.or(Tri::Unknown);
            continue;
        };
        if pd.statements_incomplete {
            deny = deny.or(Tri::Unknown);
        }
        for st in &pd.statements {
            let applies = match st.effect {
                Effect::Allow => continue,
                Effect::Deny => statement_applies(st, req),
                Effect::Unknown(_) => statement_applies(st, req).and(Tri::Unknown),
            };
            deny = deny.or(applies);
            if deny.is_yes() {
                return deny;
            }
        }
    }
    deny
}

/// The services a statement's `Action` can match actions of (as written, sorted and
/// deduplicated without regard to case: compare with [`cmp_service`]), or `None` when it
/// may match any action: a `NotAction`, no `Action`, an incomplete list, an item not fully
/// known, or a wildcard in a service prefix.
pub fn action_services(st: &Statement) -> Option<Vec<&str>> {
    if st.not_action.is_some() {
        return None;
    }
    let actions = st.action.as_ref().filter(|a| !a.incomplete)?;
    let mut services: Vec<&str> = Vec::with_capacity(actions.items.len().min(8));
    for item in &actions.items {
        let Value::Known(pattern) = &item.value else {
            return None;
        };
        let (service, _) = pattern.split_once(':')?;
        if wildcard::has_wildcard(service) {
            return None;
        }
        services.push(service);
    }
    services.sort_unstable_by(|a, b| cmp_service(a, b));
    services.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    Some(services)
}

/// Orders service prefixes without regard to ASCII case.
pub fn cmp_service(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// The service prefix of an action as written (`IAM:PassRole` → `IAM`; compare with
/// [`cmp_service`]); the whole text when it has no `:`.
pub fn service_of(action: &str) -> &str {
    action.split_once(':').map_or(action, |(s, _)| s)
}

/// Whether the statement's `Action` / `NotAction` covers `action`.
pub fn action_matches(st: &Statement, action: &str) -> Tri {
    field_matches(st.action.as_ref(), st.not_action.as_ref(), action, true)
}

/// Whether the statement's `Resource` / `NotResource` covers `resource`.
pub fn resource_matches(st: &Statement, resource: &str) -> Tri {
    field_matches(
        st.resource.as_ref(),
        st.not_resource.as_ref(),
        resource,
        false,
    )
}

fn field_matches(
    positive: Option<&Items>,
    negative: Option<&Items>,
    text: &str,
    case_insensitive: bool,
) -> Tri {
    match (positive, negative) {
        (Some(p), None) => items_match(p, text, case_insensitive),
        (None, Some(n)) => !items_match(n, text, case_insensitive),
        _ => Tri::Unknown,
    }
}

/// Whether some item of the list matches `text`.
pub fn items_match(items: &Items, text: &str, case_insensitive: bool) -> Tri {
    let mut r = if items.incomplete {
        Tri::Unknown
    } else {
        Tri::No
    };
    for item in &items.items {
        r = r.or(value_matches(&item.value, text, case_insensitive));
        if r.is_yes() {
            break;
        }
    }
    r
}

/// Whether one pattern value matches `text`: known patterns decide; a partial one is
/// `Unknown` if its known pieces could match and `No` if they cannot; an unknown one is
/// `Unknown`.
pub fn value_matches(value: &Value, text: &str, case_insensitive: bool) -> Tri {
    match value {
        Value::Known(p) => Tri::from_bool(wildcard::matches(p, text, case_insensitive)),
        Value::Unknown(_) => Tri::Unknown,
        Value::Partial(pieces) => {
            let mut pattern = String::new();
            for piece in pieces {
                match piece {
                    Piece::Lit(s) => pattern.push_str(s),
                    Piece::Expr(_) => pattern.push('*'),
                }
            }
            if wildcard::matches(&pattern, text, case_insensitive) {
                Tri::Unknown
            } else {
                Tri::No
            }
        }
    }
}

#[cfg(test)]
mod tests;
