//! The one integration-test binary (ripgrep's layout): one module per theme.

mod cfn;
mod cli;
mod config;
mod escalation;
mod eval;
mod plan;
mod robustness;
mod rulepack;
mod rules;
mod sarif_schema;
mod util;
mod walkthrough;
