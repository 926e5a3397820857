//! `Condition` blocks against what a query knows about the request context.
//!
//! A [`Context`] states, for some condition keys, the values a request carries or that it
//! carries none. A condition is decided only when its operator is one listed below, its key
//! is in the context and its values are known; anything else is [`Tri::Unknown`]. So a
//! statement with a condition the query does not speak to is never a confident yes.
//!
//! Decided operators: `StringEquals`, `StringNotEquals`, `StringEqualsIgnoreCase`,
//! `StringNotEqualsIgnoreCase`, `StringLike`, `StringNotLike`, `ArnEquals`, `ArnLike`,
//! `ArnNotEquals`, `ArnNotLike` (ARN operators match with `*`/`?`, case-sensitively),
//! `Bool`, the `Numeric…` family and `Null`, each with the `ForAnyValue:` / `ForAllValues:`
//! qualifiers and the `…IfExists` suffix. Date, IP address and binary operators are unknown.

use crate::model::policy::{Condition, Statement};
use crate::model::semantics::Tri;
use crate::model::wildcard;
use crate::value::Value;

/// What a query knows about the request context: for each listed key, its values or that
/// it is absent. Keys are case-insensitive. A key not listed is unknown.
#[derive(Clone, Debug, Default)]
pub struct Context {
    entries: Vec<(String, Option<Vec<String>>)>,
}

impl Context {
    /// A context that knows nothing.
    pub fn new() -> Context {
        Context::default()
    }

    /// The request carries `key` with these values (one for a single-valued key).
    #[must_use]
    pub fn with(mut self, key: &str, values: &[&str]) -> Context {
        let values = values.iter().map(|v| v.to_string()).collect();
        self.set(key, Some(values));
        self
    }

    /// The request does not carry `key` at all.
    #[must_use]
    pub fn without(mut self, key: &str) -> Context {
        self.set(key, None);
        self
    }

    fn set(&mut self, key: &str, values: Option<Vec<String>>) {
        let key = key.to_ascii_lowercase();
        self.entries.retain(|(k, _)| *k != key);
        self.entries.push((key, values));
    }

    /// `None` when the key is unknown; `Some(None)` when known to be absent.
    fn get(&self, key: &str) -> Option<Option<&[String]>> {
        self.entries
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_deref())
    }
}

/// Whether every condition of the statement holds in the context (conditions are ANDed).
/// A statement without conditions holds: [`Tri::Yes`].
pub fn conditions_hold(st: &Statement, cx: &Context) -> Tri {
    let mut r = if st.conditions_incomplete {
        Tri::Unknown
    } else {
        Tri::Yes
    };
    for c in &st.conditions {
        let chosen = c
            .key
            .as_known()
            .filter(|k| CALLER_CHOSEN.iter().any(|c| c.eq_ignore_ascii_case(k)))
            .filter(|k| cx.get(k).is_none());
        if chosen.is_some() {
            // the caller picks the value in its own favour: an `Allow` on it can be met
            // and a `Deny` on it avoided
            r = r.and(match st.effect {
                crate::model::policy::Effect::Allow => Tri::Yes,
                crate::model::policy::Effect::Deny => Tri::No,
                crate::model::policy::Effect::Unknown(_) => Tri::Unknown,
            });
            if r.is_no() {
                break;
            }
            continue;
        }
        r = r.and(condition_holds(c, cx));
        if r.is_no() {
            break;
        }
    }
    r
}

/// Condition keys whose value the caller chooses freely in each request (the region it
/// sends the request to). Unless a query sets one, a condition on it is decided in the
/// caller's favour: a principal confined to some regions still holds its permissions
/// there. (A policy whose conditions on such a key contradict each other, so that no
/// single value satisfies them all, is read too generously.)
pub const CALLER_CHOSEN: &[&str] = &["aws:RequestedRegion"];

/// How a set of request values is compared with the policy's values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SetOp {
    /// No qualifier: a single-valued key.
    Single,
    /// `ForAnyValue:`: some request value satisfies the operator.
    Any,
    /// `ForAllValues:`: every request value does (vacuously true when there are none).
    All,
}

/// The comparison of one request value with one policy value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cmp {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    ArnLike,
    Bool,
    Numeric(NumOp),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NumOp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

/// One condition entry.
pub fn condition_holds(c: &Condition, cx: &Context) -> Tri {
    let (Some(op), Some(key)) = (c.operator.as_known(), c.key.as_known()) else {
        return Tri::Unknown;
    };
    let Some(request) = cx.get(key) else {
        return Tri::Unknown;
    };
    let (set_op, rest) = if let Some(r) = op.strip_prefix("ForAnyValue:") {
        (SetOp::Any, r)
    } else if let Some(r) = op.strip_prefix("ForAllValues:") {
        (SetOp::All, r)
    } else {
        (SetOp::Single, op)
    };
    let (base, if_exists) = match rest.strip_suffix("IfExists") {
        Some(b) => (b, true),
        None => (rest, false),
    };
    if base == "Null" {
        // "true": the key must be absent; "false": present
        let want_absent = match single_known(&c.values.items) {
            Some(v) if v.eq_ignore_ascii_case("true") => true,
            Some(v) if v.eq_ignore_ascii_case("false") => false,
            _ => return Tri::Unknown,
        };
        return Tri::from_bool(request.is_none() == want_absent);
    }
    let Some((cmp, negated)) = comparison(base) else {
        return Tri::Unknown;
    };
    let Some(values) = request else {
        // the key is absent: nothing matches, so a negated operator holds; `…IfExists`
        // and `ForAllValues:` (every one of no values) hold too
        return Tri::from_bool(
            if_exists || set_op == SetOp::All || (set_op == SetOp::Single && negated),
        );
    };
    // one request value against the policy's values: positive operators need some policy
    // value to match, negated ones none
    let one = |rv: &str| {
        let mut any = Tri::No;
        for item in &c.values.items {
            any = any.or(compare(cmp, &item.value, rv));
        }
        if c.values.incomplete {
            any = any.or(Tri::Unknown);
        }
        if negated {
            !any
        } else {
            any
        }
    };
    match set_op {
        SetOp::Single => match values {
            [v] => one(v),
            // several values for a single-valued operator: not decided here
            _ => Tri::Unknown,
        },
        SetOp::Any => values.iter().fold(Tri::No, |acc, v| acc.or(one(v))),
        SetOp::All => values.iter().fold(Tri::Yes, |acc, v| acc.and(one(v))),
    }
}

/// The comparison an operator makes, and whether it is negated.
fn comparison(base: &str) -> Option<(Cmp, bool)> {
    Some(match base {
        "StringEquals" => (Cmp::StringEquals, false),
        "StringNotEquals" => (Cmp::StringEquals, true),
        "StringEqualsIgnoreCase" => (Cmp::StringEqualsIgnoreCase, false),
        "StringNotEqualsIgnoreCase" => (Cmp::StringEqualsIgnoreCase, true),
        "StringLike" => (Cmp::StringLike, false),
        "StringNotLike" => (Cmp::StringLike, true),
        "ArnEquals" | "ArnLike" => (Cmp::ArnLike, false),
        "ArnNotEquals" | "ArnNotLike" => (Cmp::ArnLike, true),
        "Bool" => (Cmp::Bool, false),
        "NumericEquals" => (Cmp::Numeric(NumOp::Eq), false),
        "NumericNotEquals" => (Cmp::Numeric(NumOp::Eq), true),
        "NumericLessThan" => (Cmp::Numeric(NumOp::Lt), false),
        "NumericLessThanEquals" => (Cmp::Numeric(NumOp::Le), false),
        "NumericGreaterThan" => (Cmp::Numeric(NumOp::Gt), false),
        "NumericGreaterThanEquals" => (Cmp::Numeric(NumOp::Ge), false),
        _ => return None,
    })
}

/// One policy value against one request value.
fn compare(cmp: Cmp, policy: &Value, request: &str) -> Tri {
    let Some(p) = policy.as_known() else {
        return Tri::Unknown;
    };
    match cmp {
        Cmp::StringEquals => Tri::from_bool(p == request),
        Cmp::StringEqualsIgnoreCase => Tri::from_bool(p.to_lowercase() == request.to_lowercase()),
        Cmp::StringLike | Cmp::ArnLike => Tri::from_bool(wildcard::matches(p, request, false)),
        Cmp::Bool => Tri::from_bool(p.eq_ignore_ascii_case(request)),
        Cmp::Numeric(op) => match (p.trim().parse::<f64>(), request.trim().parse::<f64>()) {
            (Ok(p), Ok(r)) => Tri::from_bool(match op {
                NumOp::Eq => r == p,
                NumOp::Lt => r < p,
                NumOp::Le => r <= p,
                NumOp::Gt => r > p,
                NumOp::Ge => r >= p,
            }),
            _ => Tri::Unknown,
        },
    }
}

fn single_known(items: &[crate::model::policy::Item]) -> Option<&str> {
    match items {
        [one] => one.value.as_known(),
        _ => None,
    }
}
