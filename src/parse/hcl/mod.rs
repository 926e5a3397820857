//! Terraform HCL: the `.tf` files of a module directory become inventory fragments.
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
//! The `.tf` files of a directory are read as one module ([`parse_module`]): expressions
//! go through the evaluator seam in [`eval`], in the module scope of [`module`]
//! (variables with their tfvars values or defaults, locals, and
//! `data "aws_iam_policy_document"` sources built as [`policy_document`] describes);
//! whatever cannot be resolved stays unknown source text. Policy documents may be written as
//! `jsonencode({...})`, as JSON in a heredoc or a quoted string, read from a file of the
//! scan ([`files`]: `file`, `templatefile`; statements then point at the call), or as an
//! expression not evaluated yet (a [`Document::Unknown`](crate::model::Document::Unknown)).
//!
//! Variables take values from outside the module as well ([`vars`]: `TF_VAR_*`,
//! `--var-file`, `--var`). A block with a known `count` or `for_each` yields one entity per
//! instance (`aws_iam_user.dev[0]`, `aws_iam_user.dev["alice"]`, with `count.index` /
//! `each.key` / `each.value` bound); an unknown one yields one entity at its plain address,
//! and so does a known `count = 0` or empty `for_each` in a root module (code that values
//! from outside the scan can switch on); in a called module, whose arguments the caller
//! gave, a block switched off yields none. References to an instance (`aws_iam_role.app[0].name`,
//! `aws_iam_role.app[each.key].name`) link to it; a splat or an unknown key links to the
//! first instance. `data "aws_iam_policy"` gives the ARN it is looked up by.

mod document;
pub mod eval;
pub mod files;
mod funcs;
pub mod module;
#[cfg(test)]
mod module_tests;
mod policy_document;
pub mod resources;
#[cfg(test)]
mod tests;
pub mod tfjson;
pub mod tree;
mod types;
pub mod vars;

use crate::model::Inventory;
use crate::parse::Input;
use crate::source::Span;
pub use files::FileAccess;
pub use vars::VarValues;

/// Parses one `.tf` file as a module of its own. A syntax error yields a [`ParseError`]
/// and nothing else.
pub fn parse(input: Input<'_>) -> Inventory {
    parse_module(&[input]).pop().unwrap_or_default()
}

/// True for the variable-values files Terraform reads from a module directory by
/// itself: `terraform.tfvars` and `*.auto.tfvars`.
pub fn is_module_tfvars(rel_path: &str) -> bool {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    name == "terraform.tfvars" || name.ends_with(".auto.tfvars")
}

/// Parses the files of one module directory together: `.tf` files (and the
/// `terraform.tfvars` / `*.auto.tfvars` files, which supply variable values) share one
/// evaluation scope. Returns one inventory fragment per input, in input order; a file
/// with a syntax error yields a [`ParseError`] while the other files are still read.
/// Other inputs yield empty fragments.
pub fn parse_module(inputs: &[Input<'_>]) -> Vec<Inventory> {
    parse_module_with(
        inputs,
        &VarValues::default(),
        None,
        module::DEFAULT_MAX_INSTANCES,
    )
}

/// [`parse_module`] for a root module given variable values from outside (`TF_VAR_*`,
/// `--var-file`, `--var`; see [`vars`]), reading files (`file(...)`) as `access` allows
/// (none when `None`), expanding a resource with `count` / `for_each` into at most
/// `max_instances` instances.
pub fn parse_module_with(
    inputs: &[Input<'_>],
    outside: &VarValues,
    access: Option<FileAccess>,
    max_instances: usize,
) -> Vec<Inventory> {
    let scope = inputs.first().map_or("", |i| i.scope);
    let tree = tree::Tree::new(vec![tree::Dir {
        scope,
        inputs: inputs.to_vec(),
        access,
        installed: Vec::new(),
        external: false,
    }]);
    let evaluated = tree.evaluate(0, outside, max_instances);
    let mut out: Vec<Inventory> = inputs.iter().map(|_| Inventory::default()).collect();
    for (file, inv) in evaluated.fragments {
        if let Some(slot) = inputs
            .iter()
            .position(|i| i.file == file)
            .and_then(|k| out.get_mut(k))
        {
            slot.append(inv);
        }
    }
    out
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
