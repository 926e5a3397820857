//! The one integration-test binary (ripgrep's layout): one module per theme.

mod cli;
mod escalation;
mod eval;
mod robustness;
mod rules;
mod sarif_schema;
mod util;
