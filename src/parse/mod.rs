//! Parsers: one module per input format, each filling an [`Inventory`] fragment for one
//! file (Terraform files are read a module directory at a time, [`parse_module`]). A file
//! that cannot be parsed adds a [`ParseError`] and whatever could be read.

pub mod hcl;
pub mod json;
pub mod node;
pub mod policy_doc;
pub mod yaml;

use crate::discover::InputKind;
use crate::model::{Inventory, ParseError};
use crate::source::{FileId, Span};

/// One file to parse.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// Its id.
    pub file: FileId,
    /// Its report path.
    pub rel_path: &'a str,
    /// The scope references resolve in (a Terraform module directory, a template path).
    pub scope: &'a str,
    /// Its text.
    pub text: &'a str,
    /// What it holds.
    pub kind: InputKind,
}

/// Parses one file into an inventory fragment. Never panics; never fails: problems are
/// recorded in the fragment.
pub fn parse(input: Input<'_>) -> Inventory {
    let inv = match input.kind {
        InputKind::Hcl => hcl::parse(input),
        // Other formats join the model in their own issues; until then their files are
        // still searched for credentials.
        InputKind::TfVars
        | InputKind::TfJson
        | InputKind::TfPlan
        | InputKind::CfnJson
        | InputKind::CfnYaml => Inventory::default(),
    };
    with_credentials(input, inv)
}

/// Parses the files of one Terraform module directory together (see
/// [`hcl::parse_module`]): one fragment per input, in input order. Never panics.
pub fn parse_module(inputs: &[Input<'_>]) -> Vec<Inventory> {
    parse_module_with(
        inputs,
        &hcl::VarValues::default(),
        None,
        hcl::module::DEFAULT_MAX_INSTANCES,
    )
}

/// [`parse_module`] for a root module given variable values from outside
/// ([`hcl::vars`]), file access ([`hcl::files`]) and a bound on the instances of one
/// resource. Never panics.
pub fn parse_module_with(
    inputs: &[Input<'_>],
    outside: &hcl::VarValues,
    access: Option<hcl::FileAccess>,
    max_instances: usize,
) -> Vec<Inventory> {
    inputs
        .iter()
        .zip(hcl::parse_module_with(
            inputs,
            outside,
            access,
            max_instances,
        ))
        .map(|(input, inv)| with_credentials(*input, inv))
        .collect()
}

/// A fragment holding only the credentials found in a file's text.
pub fn credentials(input: Input<'_>) -> Inventory {
    with_credentials(input, Inventory::default())
}

/// Adds the credentials found in a file's text to its fragment.
fn with_credentials(input: Input<'_>, mut inv: Inventory) -> Inventory {
    let mut found = crate::secrets::scan_text(input.file, input.text);
    // a credential the format parser already recorded (with better context) wins
    found.retain(|c| {
        !inv.credentials
            .iter()
            .any(|k| k.span.start <= c.span.start && c.span.end <= k.span.end)
    });
    inv.credentials.extend(found);
    inv.credentials.sort_by_key(|c| (c.span.start, c.span.end));
    inv
}

/// A parse error covering a whole file.
pub fn whole_file_error(file: FileId, text: &str, message: impl Into<String>) -> ParseError {
    ParseError {
        span: Span::new(file, 0, text.len().min(1)),
        message: message.into(),
    }
}
