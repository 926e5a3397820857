//! What a Terraform plan changes: `--changes-only`, and moving plan findings to their
//! `.tf` sources.
//!
//! `--changes-only` keeps, of the findings in plan files, those this plan introduces or
//! widens: a finding on a resource being created (or replaced), or on an updated
//! resource whose values before the plan did not already have it. "Already had" is
//! decided by running the same rules over the IAM as it is before the plan
//! ([`crate::model::plan::Plan::before`]) and comparing by rule and resource address.
//! Findings on resources the plan leaves alone (`no-op`, `read`) are dropped. Findings
//! from other inputs (`.tf` not matched by a plan, CloudFormation) carry no change
//! information and are kept.

use std::collections::{HashMap, HashSet};

use crate::config::Thresholds;
use crate::model::plan::Action;
use crate::model::Inventory;
use crate::rules::{RawFinding, Rule};
use crate::source::FileId;

/// Applies `--changes-only` (when asked) to findings, then moves findings in plan files
/// to the `.tf` sources the plan was matched to. The state before the plan is judged
/// with the same `thresholds` as the findings.
pub fn settle(
    raw: Vec<RawFinding>,
    inventory: &Inventory,
    rules: &[&dyn Rule],
    changes_only: bool,
    thresholds: Thresholds,
) -> Vec<RawFinding> {
    let plans: HashMap<FileId, &crate::model::plan::Plan> =
        inventory.plans.iter().map(|p| (p.file, p)).collect();
    let actions: HashMap<(FileId, &str), Action> = inventory
        .plans
        .iter()
        .flat_map(|p| {
            p.resources
                .iter()
                .map(move |r| ((p.file, r.address.as_str()), r.action))
        })
        .collect();
    let before: HashMap<FileId, HashSet<(&'static str, String)>> = if changes_only {
        inventory
            .plans
            .iter()
            .map(|p| {
                let found = crate::engine::raw_findings_with(&p.before, rules, thresholds)
                    .into_iter()
                    .map(|f| (f.rule.id, f.address))
                    .collect();
                (p.file, found)
            })
            .collect()
    } else {
        HashMap::new()
    };
    raw.into_iter()
        .filter(|f| {
            if !changes_only {
                return true;
            }
            let Some(plan) = plans.get(&f.span.file) else {
                return true;
            };
            match actions.get(&(plan.file, f.address.as_str())).copied() {
                Some(a) if a.creates() => true,
                Some(Action::Update) => !before
                    .get(&plan.file)
                    .is_some_and(|b| b.contains(&(f.rule.id, f.address.clone()))),
                Some(_) => false,
                // a finding about the whole plan (no resource): kept
                None => f.address.is_empty(),
            }
        })
        .map(|mut f| {
            if let Some(plan) = plans.get(&f.span.file) {
                if let Some(to) = plan
                    .relocations
                    .get(&f.span)
                    .or_else(|| plan.declarations.get(&f.address))
                {
                    f.span = *to;
                }
            }
            f
        })
        .collect()
}
