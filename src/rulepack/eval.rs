//! Evaluates clauses over one entity, in three states: a value the scan could not resolve
//! makes a test [`Truth::Unknown`], and only [`Truth::True`] is a finding.

use crate::model::Inventory;
use crate::rulepack::fields::{self, Entity, Val};
use crate::rulepack::lang::{Clause, Lit, Op, Quantifier, Test};

/// The outcome of a clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truth {
    /// Definitely holds.
    True,
    /// Definitely does not hold.
    False,
    /// Depends on a value the scan could not resolve.
    Unknown,
}

impl Truth {
    fn from(b: bool) -> Truth {
        if b {
            Truth::True
        } else {
            Truth::False
        }
    }

    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }

    fn from_option(o: Option<bool>) -> Truth {
        o.map_or(Truth::Unknown, Truth::from)
    }
}

/// Evaluates a clause on an entity.
pub fn eval(c: &Clause, e: &Entity<'_>, inv: &Inventory) -> Truth {
    match c {
        Clause::All(cs) => {
            let mut out = Truth::True;
            for c in cs {
                match eval(c, e, inv) {
                    Truth::False => return Truth::False,
                    Truth::Unknown => out = Truth::Unknown,
                    Truth::True => {}
                }
            }
            out
        }
        Clause::Any(cs) => {
            let mut out = Truth::False;
            for c in cs {
                match eval(c, e, inv) {
                    Truth::True => return Truth::True,
                    Truth::Unknown => out = Truth::Unknown,
                    Truth::False => {}
                }
            }
            out
        }
        Clause::Not(c) => eval(c, e, inv).not(),
        Clause::Test(t) => test(t, e, inv),
    }
}

fn test(t: &Test, e: &Entity<'_>, inv: &Inventory) -> Truth {
    let value = |name: &str| fields::get(e, inv, name).map_or(Val::Unknown, |(v, _)| v);
    match t {
        Test::Exists(f) => match value(f.name) {
            Val::Absent => Truth::False,
            _ => Truth::True,
        },
        Test::Empty(f) => match value(f.name) {
            Val::Absent => Truth::True,
            Val::List(items, incomplete) => {
                if !items.is_empty() {
                    Truth::False
                } else if incomplete {
                    Truth::Unknown
                } else {
                    Truth::True
                }
            }
            Val::Str(s) => Truth::from(s.is_empty()),
            Val::Unknown => Truth::Unknown,
            Val::Num(_) | Val::Bool(_) => Truth::False,
        },
        Test::Compare {
            quant,
            field,
            op,
            value: lit,
        } => quantified(*quant, value(field.name), &|v| compare(v, *op, lit)),
        Test::Matches {
            quant,
            field,
            regex,
            negated,
        } => quantified(*quant, value(field.name), &|v| match v {
            Val::Str(s) => Truth::from(regex.is_match(s) != *negated),
            Val::Unknown => Truth::Unknown,
            _ => Truth::False,
        }),
        Test::AllowsAction(actions) => {
            let one = |a: &str| match e {
                Entity::Statement(s, _) => fields::statement_allows(s, a),
                Entity::Policy(p) => fields::policy_allows(p, a),
                _ => Some(false),
            };
            let mut out = Truth::False;
            for a in actions {
                match Truth::from_option(one(a)) {
                    Truth::True => return Truth::True,
                    Truth::Unknown => out = Truth::Unknown,
                    Truth::False => {}
                }
            }
            out
        }
    }
}

/// Applies a test to a single value, or to the items of a list by the quantifier.
fn quantified(q: Quantifier, v: Val<'_>, f: &dyn Fn(&Val<'_>) -> Truth) -> Truth {
    match (q, v) {
        (_, Val::Unknown) => Truth::Unknown,
        (Quantifier::One, Val::Absent) => Truth::False,
        (Quantifier::One, v) => f(&v),
        // a list that is not set has no items
        (Quantifier::Every, Val::Absent) => Truth::True,
        (Quantifier::Some, Val::Absent) => Truth::False,
        (Quantifier::Every, Val::List(items, incomplete)) => {
            let mut out = if incomplete { Truth::Unknown } else { Truth::True };
            for i in &items {
                match f(i) {
                    Truth::False => return Truth::False,
                    Truth::Unknown => out = Truth::Unknown,
                    Truth::True => {}
                }
            }
            out
        }
        (Quantifier::Some, Val::List(items, incomplete)) => {
            let mut out = if incomplete { Truth::Unknown } else { Truth::False };
            for i in &items {
                match f(i) {
                    Truth::True => return Truth::True,
                    Truth::Unknown => out = Truth::Unknown,
                    Truth::False => {}
                }
            }
            out
        }
        (_, v) => f(&v),
    }
}

fn compare(v: &Val<'_>, op: Op, lit: &Lit) -> Truth {
    let eq = |l: &Lit| -> Option<bool> {
        match (v, l) {
            (Val::Str(a), Lit::Str(b)) => Some(a.as_ref() == b.as_str()),
            (Val::Num(a), Lit::Num(b)) => Some(a == b),
            (Val::Bool(a), Lit::Bool(b)) => Some(a == b),
            (Val::Unknown, _) => None,
            _ => Some(false),
        }
    };
    let num = |f: fn(f64, f64) -> bool| match (v, lit) {
        (Val::Num(a), Lit::Num(b)) => Truth::from(f(*a, *b)),
        (Val::Unknown, _) => Truth::Unknown,
        _ => Truth::False,
    };
    let member = || match lit {
        Lit::List(items) => {
            let mut out = Some(false);
            for i in items {
                match eq(i) {
                    Some(true) => return Some(true),
                    None => out = None,
                    Some(false) => {}
                }
            }
            out
        }
        _ => Some(false),
    };
    match op {
        Op::Eq => Truth::from_option(eq(lit)),
        Op::Ne => Truth::from_option(eq(lit)).not(),
        Op::Lt => num(|a, b| a < b),
        Op::Le => num(|a, b| a <= b),
        Op::Gt => num(|a, b| a > b),
        Op::Ge => num(|a, b| a >= b),
        Op::In => Truth::from_option(member()),
        Op::NotIn => Truth::from_option(member()).not(),
    }
}
