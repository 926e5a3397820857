//! Built-in rules, one file each, named after the rule.

mod full_admin_statement;

pub use full_admin_statement::FullAdminStatement;
