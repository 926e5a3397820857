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
            let mut out = if incomplete {
                Truth::Unknown
            } else {
                Truth::True
            };
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
            let mut out = if incomplete {
                Truth::Unknown
            } else {
                Truth::False
            };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::{Effect, Item, Items, Statement};
    use crate::model::{Origin, Policy, PolicyKind, Principal, PrincipalKind, Setting};
    use crate::rulepack::fields::KindDef;
    use crate::rulepack::lang::{parse_clause, Params};
    use crate::source::Span;
    use crate::value::Value;

    struct NoParams;
    impl Params for NoParams {
        fn param(&self, _: &str) -> Option<&Lit> {
            None
        }
    }

    fn clause(kind: &str, text: &str) -> Clause {
        let k = KindDef::by_name(kind).expect("kind");
        Clause::Test(parse_clause(text, k, &NoParams).expect("clause"))
    }

    fn origin() -> Origin {
        Origin {
            span: Span::default(),
            address: "x".into(),
            scope: String::new(),
        }
    }

    fn role(session: Option<Value>) -> Principal {
        Principal {
            origin: origin(),
            kind: PrincipalKind::Role,
            name: Value::known("r"),
            path: None,
            permissions_boundary: None,
            max_session_duration: session.map(|value| Setting {
                value,
                span: Span::default(),
            }),
            trust_policy: None,
        }
    }

    fn items(known: &[&str], incomplete: bool) -> Option<Items> {
        Some(Items {
            span: Span::default(),
            items: known
                .iter()
                .map(|s| Item {
                    value: Value::known(*s),
                    span: Span::default(),
                })
                .collect(),
            incomplete,
        })
    }

    fn statement(effect: Effect, action: Option<Items>, not_action: Option<Items>) -> Statement {
        Statement {
            span: Span::default(),
            sid: None,
            effect,
            action,
            not_action,
            resource: items(&["*"], false),
            not_resource: None,
            principal: None,
            not_principal: None,
            conditions: Vec::new(),
            conditions_incomplete: false,
        }
    }

    fn policy() -> Policy {
        Policy {
            origin: origin(),
            kind: PolicyKind::Managed,
            name: None,
            document: crate::model::Document::Unknown {
                expr: "var.doc".into(),
                span: Span::default(),
            },
        }
    }

    #[test]
    fn unknown_values_never_make_a_definite_answer() {
        let inv = Inventory::default();
        let unknown = role(Some(Value::unknown("var.s")));
        let e = Entity::Principal(&unknown, 0);
        let gt = clause("role", "max_session_duration > 10");
        assert_eq!(eval(&gt, &e, &inv), Truth::Unknown);
        assert_eq!(
            eval(&Clause::Not(Box::new(gt.clone())), &e, &inv),
            Truth::Unknown
        );
        let named = clause("role", "name == \"r\"");
        let other = clause("role", "name == \"q\"");
        assert_eq!(
            eval(&Clause::Any(vec![gt.clone(), named.clone()]), &e, &inv),
            Truth::True
        );
        assert_eq!(
            eval(&Clause::All(vec![gt.clone(), other.clone()]), &e, &inv),
            Truth::False
        );
        assert_eq!(
            eval(&Clause::All(vec![gt.clone(), named]), &e, &inv),
            Truth::Unknown
        );
        assert_eq!(
            eval(&Clause::Any(vec![gt, other]), &e, &inv),
            Truth::Unknown
        );
        // a setting that is not written is absent, not unknown
        let absent = role(None);
        let e = Entity::Principal(&absent, 0);
        assert_eq!(
            eval(&clause("role", "max_session_duration > 10"), &e, &inv),
            Truth::False
        );
        assert_eq!(
            eval(&clause("role", "max_session_duration exists"), &e, &inv),
            Truth::False
        );
        let known = role(Some(Value::known("43200")));
        let e = Entity::Principal(&known, 0);
        assert_eq!(
            eval(&clause("role", "max_session_duration > 10"), &e, &inv),
            Truth::True
        );
        assert_eq!(
            eval(&clause("role", "max_session_duration <= 10"), &e, &inv),
            Truth::False
        );
    }

    #[test]
    fn allows_action_uses_iam_wildcards_and_stays_open_on_unknowns() {
        let inv = Inventory::default();
        let p = policy();
        let passrole = clause("statement", "allows_action(\"iam:PassRole\")");
        let regex = clause("statement", "some actions =~ /^iam:PassRole$/");
        let cases = [
            (
                statement(Effect::Allow, items(&["IAM:Pass*"], false), None),
                Truth::True,
                Truth::False,
            ),
            (
                statement(Effect::Allow, items(&["*"], false), None),
                Truth::True,
                Truth::False,
            ),
            (
                statement(Effect::Allow, items(&["s3:*"], false), None),
                Truth::False,
                Truth::False,
            ),
            (
                statement(Effect::Allow, items(&["s3:*"], true), None),
                Truth::Unknown,
                Truth::Unknown,
            ),
            (
                statement(Effect::Deny, items(&["iam:*"], false), None),
                Truth::False,
                Truth::False,
            ),
            (
                statement(
                    Effect::Unknown("var.e".into()),
                    items(&["iam:*"], false),
                    None,
                ),
                Truth::Unknown,
                Truth::False,
            ),
            (
                statement(Effect::Allow, None, items(&["s3:*"], false)),
                Truth::True,
                Truth::False,
            ),
            (
                statement(Effect::Allow, None, items(&["iam:*"], false)),
                Truth::False,
                Truth::False,
            ),
            (
                statement(Effect::Allow, items(&["iam:PassRole"], false), None),
                Truth::True,
                Truth::True,
            ),
        ];
        for (st, allows, by_regex) in &cases {
            let e = Entity::Statement(st, &p);
            assert_eq!(eval(&passrole, &e, &inv), *allows, "{st:?}");
            assert_eq!(eval(&regex, &e, &inv), *by_regex, "{st:?}");
        }
        // a policy whose document is unknown is unknown
        assert_eq!(
            eval(
                &clause("policy", "allows_action(\"iam:PassRole\")"),
                &Entity::Policy(&p),
                &inv
            ),
            Truth::Unknown
        );
    }

    #[test]
    fn quantifiers_over_incomplete_lists() {
        let inv = Inventory::default();
        let p = policy();
        let open = statement(Effect::Allow, items(&["s3:GetObject"], true), None);
        let e = Entity::Statement(&open, &p);
        assert_eq!(
            eval(&clause("statement", "some actions == \"*\""), &e, &inv),
            Truth::Unknown
        );
        assert_eq!(
            eval(
                &clause("statement", "some actions == \"s3:GetObject\""),
                &e,
                &inv
            ),
            Truth::True
        );
        assert_eq!(
            eval(&clause("statement", "every actions =~ /^s3:/"), &e, &inv),
            Truth::Unknown
        );
        assert_eq!(
            eval(&clause("statement", "every actions =~ /^iam:/"), &e, &inv),
            Truth::False
        );
        assert_eq!(
            eval(&clause("statement", "actions empty"), &e, &inv),
            Truth::False
        );
        let closed = statement(
            Effect::Allow,
            items(&["s3:GetObject", "s3:PutObject"], false),
            None,
        );
        let e = Entity::Statement(&closed, &p);
        assert_eq!(
            eval(&clause("statement", "every actions =~ /^s3:/"), &e, &inv),
            Truth::True
        );
        assert_eq!(
            eval(
                &clause("statement", "some actions in [\"s3:PutObject\"]"),
                &e,
                &inv
            ),
            Truth::True
        );
        assert_eq!(
            eval(
                &clause("statement", "some actions not in [\"s3:PutObject\"]"),
                &e,
                &inv
            ),
            Truth::True
        );
        assert_eq!(
            eval(&clause("statement", "every resources != \"*\""), &e, &inv),
            Truth::False
        );
        // absent lists are empty
        assert_eq!(
            eval(&clause("statement", "some not_actions == \"*\""), &e, &inv),
            Truth::False
        );
        assert_eq!(
            eval(&clause("statement", "every not_actions == \"*\""), &e, &inv),
            Truth::True
        );
        assert_eq!(
            eval(&clause("statement", "condition_keys empty"), &e, &inv),
            Truth::True
        );
    }
}
