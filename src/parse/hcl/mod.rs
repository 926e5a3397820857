//! Terraform HCL: one `.tf` file becomes an inventory fragment.
//!
//! The file is parsed with `hcl-edit`, which keeps the byte span of every block,
//! attribute and expression. Only `provider "aws"` blocks and `resource` blocks of the
//! IAM types below are read; everything else is ignored:
//!
//! - principals: `aws_iam_user`, `aws_iam_group`, `aws_iam_role` (with its trust policy,
//!   `inline_policy` blocks and `managed_policy_arns`);
//! - policies: `aws_iam_policy`, `aws_iam_{role,user,group}_policy`;
//! - attachments: `aws_iam_{role,user,group}_policy_attachment`,
//!   `aws_iam_policy_attachment` (one attachment per listed principal);
//! - memberships: `aws_iam_user_group_membership`, `aws_iam_group_membership`;
//! - `aws_iam_access_key`, `aws_iam_user_login_profile`,
//!   `aws_iam_account_password_policy`, `aws_iam_openid_connect_provider`,
//!   `aws_iam_instance_profile`.
//!
//! Expressions go through the evaluator seam in [`eval`], which evaluates literals and
//! keeps everything else as unknown source text. Policy documents may be written as
//! `jsonencode({...})`, as JSON in a heredoc or a quoted string, or as an expression not
//! evaluated yet (a [`Document::Unknown`](crate::model::Document::Unknown)). A block with
//! `count` or `for_each` yields one entity at its plain address.

mod document;
pub mod eval;
mod resources;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use crate::model::{Inventory, ParseError};
use crate::parse::Input;
use crate::source::Span;
use eval::Eval;
use resources::Reader;

/// Parses one `.tf` file. A syntax error yields a [`ParseError`] and nothing else.
pub fn parse(input: Input<'_>) -> Inventory {
    // hcl-edit rejects a byte order mark; three spaces keep every offset the same
    let text = match input.text.strip_prefix('\u{feff}') {
        Some(rest) => Cow::Owned(format!("   {rest}")),
        None => Cow::Borrowed(input.text),
    };
    let body = match parse_body(&text) {
        Ok(body) => body,
        Err((offset, message)) => {
            let mut inv = Inventory::default();
            inv.parse_errors.push(ParseError {
                span: error_span(input, offset),
                message,
            });
            return inv;
        }
    };
    let mut reader = Reader::new(Eval::new(&text, input.file), input.scope);
    for block in body.blocks() {
        match (block.ident.as_str(), block.labels.as_slice()) {
            ("resource", [kind, name]) => reader.resource(block, kind.as_str(), name.as_str()),
            ("provider", [name]) if name.as_str() == "aws" => reader.provider(block),
            _ => {}
        }
    }
    reader.finish()
}

/// Runs the hcl-edit parser; an error becomes its byte offset and message. A panic in
/// the parser (a bug there) is caught and reported as an error of the file, so one bad
/// file cannot end the scan.
fn parse_body(text: &str) -> Result<hcl_edit::structure::Body, (usize, String)> {
    match std::panic::catch_unwind(|| hcl_edit::parser::parse_body(text)) {
        Ok(Ok(body)) => Ok(body),
        Ok(Err(e)) => Err((
            e.location().offset(),
            format!("invalid HCL: {}", e.message()),
        )),
        Err(_) => Err((0, "the HCL parser failed on this file".to_string())),
    }
}

/// The one-character span at a parse error's offset.
fn error_span(input: Input<'_>, offset: usize) -> Span {
    let offset = offset.min(input.text.len());
    let width = input
        .text
        .get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8);
    Span::new(input.file, offset, offset + width)
}
