//! What a Terraform plan says beyond its planned values: the change each resource goes
//! through, the values it had before, and where its source code is. The entities
//! themselves are ordinary inventory entities; this is what `--changes-only` and the
//! mapping of findings back to `.tf` files need.

use std::collections::HashMap;

use crate::source::{FileId, Span};

use super::Inventory;

/// The change a plan makes to a resource (`change.actions`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// `["create"]`.
    Create,
    /// `["update"]`.
    Update,
    /// `["delete", "create"]` or `["create", "delete"]`: a new object replaces the old.
    Replace,
    /// `["delete"]`.
    Delete,
    /// `["no-op"]`: exists and stays as it is.
    NoOp,
    /// `["read"]` (data sources).
    Read,
}

impl Action {
    /// Reads `change.actions`; `None` for a list Terraform does not write.
    pub fn from_actions(actions: &[String]) -> Option<Action> {
        let a: Vec<&str> = actions.iter().map(String::as_str).collect();
        Some(match a.as_slice() {
            ["create"] => Action::Create,
            ["update"] => Action::Update,
            ["delete", "create"] | ["create", "delete"] => Action::Replace,
            ["delete"] => Action::Delete,
            ["no-op"] => Action::NoOp,
            ["read"] => Action::Read,
            _ => return None,
        })
    }

    /// True when the plan brings a new object into being (`replace` is a create).
    pub fn creates(self) -> bool {
        matches!(self, Action::Create | Action::Replace)
    }
}

/// One resource instance of a plan.
#[derive(Clone, Debug)]
pub struct PlanResource {
    /// Full address: `module.ci.aws_iam_role.deploy[0]`.
    pub address: String,
    /// The change.
    pub action: Action,
    /// Its entry in the plan file.
    pub span: Span,
    /// Directory of the module that declares it, relative to the root module's
    /// directory (`""` for the root, `modules/ci` for `source = "./modules/ci"`); `None`
    /// when the module is not local (a registry or git source) or unknown.
    pub module_dir: Option<String>,
    /// Address within that module: `aws_iam_role.deploy[0]`.
    pub local_address: String,
}

/// One `terraform show -json` file.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The plan file.
    pub file: FileId,
    /// Its resources that are about IAM.
    pub resources: Vec<PlanResource>,
    /// The entities as they are before the plan is applied: the `before` values of
    /// updated resources (for `--changes-only`).
    pub before: Inventory,
    /// Spans in the plan file and the spans in `.tf` sources they stand for, filled when
    /// the plan's sources are in the scan.
    pub relocations: HashMap<Span, Span>,
    /// Declaration of each resource in the `.tf` sources, by full address (where a
    /// span without its own counterpart goes).
    pub declarations: HashMap<String, Span>,
    /// Byte ranges of the values the plan marks sensitive (masked in reports).
    pub sensitive: Vec<(u32, u32)>,
}
