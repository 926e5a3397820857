//! The one integration-test binary (ripgrep's layout): one module per theme.

mod cli;
mod eval;
mod robustness;
mod rulepack;
mod rules;
mod sarif_schema;
mod util;
