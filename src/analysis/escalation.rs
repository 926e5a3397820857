//! Escalation methods found on one principal's effective permissions.
//!
//! A [`Method`] is found when every one of its actions is allowed (`Yes`) on every
//! resource (`*`); it is `Unknown` when none is refused and some answer is `Unknown` (an
//! unresolved policy, a condition the scan cannot decide, an unresolved boundary); it is
//! not found when some action is refused: not granted, denied, or outside the boundary.
//! `iam:PassRole` is asked with `iam:PassedToService` set to the method's service, so a
//! grant limited to that service still counts and one limited to another does not.

use crate::analysis::effective::{base_context, request_context, At, Effective};
use crate::analysis::methods::{Method, METHODS};
use crate::model::semantics::Tri;

/// A method and how certainly the principal has it.
#[derive(Clone, Debug)]
pub struct Found {
    /// The method.
    pub method: &'static Method,
    /// `Yes` or `Unknown` (methods answered `No` are not listed).
    pub answer: Tri,
    /// The statements granting its actions (for `Yes`), in the order of the actions.
    pub grants: Vec<At>,
}

/// Checks one method.
pub fn check(eff: &Effective<'_>, method: &'static Method) -> Found {
    let plain = base_context();
    let mut answer = Tri::Yes;
    let mut grants: Vec<At> = Vec::new();
    for action in method.actions {
        let passed;
        let cx = match method.passed_to {
            Some(service) if action.eq_ignore_ascii_case("iam:PassRole") => {
                passed = request_context().with("iam:PassedToService", &[service]);
                &passed
            }
            _ => plain,
        };
        let d = eff.allows(action, "*", cx);
        answer = answer.and(d.answer);
        if answer.is_no() {
            break;
        }
        for g in d.grants {
            if !grants.contains(&g) {
                grants.push(g);
            }
        }
    }
    if !answer.is_yes() {
        grants.clear();
    }
    Found {
        method,
        answer,
        grants,
    }
}

/// Every method the principal has or may have (`Yes` or `Unknown`), in table order.
pub fn detect(eff: &Effective<'_>) -> Vec<Found> {
    METHODS
        .iter()
        .map(|m| check(eff, m))
        .filter(|f| !f.answer.is_no())
        .collect()
}
