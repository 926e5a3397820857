//! Terraform plans: the JSON `terraform show -json` writes (format versions 0.1 to 1.x,
//! Terraform 0.12 to the latest 1.x).
//!
//! Every variable, module and `count` / `for_each` is already evaluated in a plan, so its
//! values are the most exact input there is; what only apply will know is listed in
//! `after_unknown` and stays [`crate::value::Value::Unknown`]. The reader takes each
//! `aws_iam_*` resource instance (and each of the organization, Identity Center and
//! Access Analyzer types the model holds) from, in this order of preference:
//!
//! - `resource_changes`: `change.after` (with `after_unknown`) is what is scanned;
//!   `change.before` (the resource as it is now) goes to [`Plan::before`] for
//!   `--changes-only`. A resource being deleted yields nothing; `no-op` and `read`
//!   resources are scanned as they are; a replaced one counts as created.
//! - `deferred_changes` (Terraform 1.9+ with `-allow-deferral`): changes planned in a
//!   later round, read like the others with what is known of them;
//! - `planned_values` (root and child modules, recursively), for instances that
//!   `resource_changes` does not list;
//! - `prior_state`, for instances neither lists: resources that exist and that a
//!   targeted plan (`-target`) leaves alone. They are part of the IAM that attachments
//!   and memberships link to.
//!
//! Values marked sensitive are masked in the text reports quote ([`sensitive`]).
//! Credentials are searched for in `configuration` and `variables` only: values and
//! prior state hold what the provider returned (an access key's id is state, not code).
//!
//! `configuration` gives the expressions behind unknown values (see [`config`]) and the
//! source directory of each module, which [`sources`] uses to point findings at `.tf`
//! files. Only the IAM resources of a plan are built into trees ([`skim`]): a plan of
//! tens of megabytes costs one validating pass over its text.

pub mod config;
pub mod policy_document;
pub mod resources;
pub mod sensitive;
pub mod skim;
pub mod sources;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

use crate::model::plan::{Action, Plan, PlanResource};
use crate::model::{Inventory, ParseError};
use crate::parse::Input;
use crate::source::Span;
use config::Config;
use skim::Raw;

/// Deepest child-module nesting followed in `planned_values` and `prior_state`.
const MAX_MODULE_DEPTH: usize = 32;

/// Reads one plan file. Never panics: a file that is not a valid plan yields a
/// [`ParseError`].
pub fn parse(input: Input<'_>) -> Inventory {
    let mut inv = Inventory::default();
    let root = match Raw::root(input.text) {
        Ok(r) if r.is_object() => r,
        Ok(_) => {
            inv.parse_errors.push(crate::parse::whole_file_error(
                input.file,
                input.text,
                "a Terraform plan must be a JSON object",
            ));
            return inv;
        }
        Err(e) => {
            // nothing can be told apart in a text that is not JSON: all of it is searched
            inv.credentials = crate::secrets::scan_text(input.file, input.text);
            let at = e.offset.min(input.text.len());
            inv.parse_errors.push(ParseError {
                span: Span::new(input.file, at, (at + 1).min(input.text.len()).max(at)),
                message: format!("Terraform plan is not valid JSON: {}", e.message),
            });
            return inv;
        }
    };
    let members = root.members();
    let get = |k: &str| members.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
    if let Some(version) = get("format_version").and_then(|v| v.as_str()) {
        if !version.starts_with("0.") && !version.starts_with("1.") {
            inv.parse_errors.push(crate::parse::whole_file_error(
                input.file,
                input.text,
                format!(
                    "unsupported Terraform plan format_version {version:?} (0.x and 1.x are read)"
                ),
            ));
            return inv;
        }
    }
    for code in ["configuration", "variables"].iter().filter_map(|k| get(k)) {
        credentials(input, code, &mut inv);
    }
    let cfg = Config::read(get("configuration"));
    secret_outputs(input, get("configuration"), &mut inv);
    let changes = get("resource_changes")
        .map(|r| r.items())
        .unwrap_or_default();
    let deferred = policy_document::deferred(&changes);
    let mut reader = Reader {
        input,
        cfg: &cfg,
        deferred: &deferred,
        plan: Plan {
            file: input.file,
            ..Plan::default()
        },
        seen: HashSet::new(),
        sensitive: sensitive::ranges(&members),
    };
    for rc in changes {
        reader.change(rc, &mut inv);
    }
    // planned in a later round (`-allow-deferral`, Terraform 1.9+): what is known of them
    for deferral in get("deferred_changes")
        .map(|d| d.items())
        .unwrap_or_default()
    {
        if let [Some(rc)] = deferral.pick(["resource_change"]) {
            reader.change(rc, &mut inv);
        }
    }
    if let Some(root_module) = get("planned_values").and_then(|p| p.get("root_module")) {
        reader.module(root_module, &mut inv, 0);
    }
    if let Some(root_module) = get("prior_state")
        .and_then(|p| p.get("values"))
        .and_then(|v| v.get("root_module"))
    {
        reader.module(root_module, &mut inv, 0);
    }
    let mut plan = reader.plan;
    plan.sensitive = reader
        .sensitive
        .into_iter()
        .map(|(a, b)| {
            (
                u32::try_from(a).unwrap_or(u32::MAX),
                u32::try_from(b).unwrap_or(u32::MAX),
            )
        })
        .collect();
    inv.plans.push(plan);
    inv
}

/// The root module's outputs whose expression reads an access key's secret
/// (`aws_iam_access_key.x.secret`), from the references the configuration lists.
fn secret_outputs(input: Input<'_>, configuration: Option<Raw<'_>>, inv: &mut Inventory) {
    let outputs = configuration
        .and_then(|c| c.get("root_module"))
        .and_then(|m| m.get("outputs"))
        .map(|o| o.members())
        .unwrap_or_default();
    for (name, out) in outputs {
        let refs = config::references(out.get("expression"));
        let sensitive = out.get("sensitive").is_some_and(|s| s.is_true());
        for (key, attribute) in
            crate::parse::hcl::resources::access_key_secret_refs(&refs.join(" "))
        {
            inv.secret_exposures.push(crate::model::SecretExposure {
                span: Span::new(input.file, out.start, out.end),
                key: format!("aws_iam_access_key.{key}"),
                scope: input.scope.to_string(),
                attribute,
                place: format!("output \"{name}\""),
                output: true,
                sensitive,
            });
        }
    }
}

/// The credentials written in a part of the plan that is code (`configuration`,
/// `variables`). Resource values and prior state are what the provider returned: an
/// access key's own id there is state, not a key written in code.
fn credentials(input: Input<'_>, code: Raw<'_>, inv: &mut Inventory) {
    let text = input.text.get(code.start..code.end).unwrap_or("");
    for mut c in crate::secrets::scan_text(input.file, text) {
        c.span = Span::new(
            input.file,
            code.start + c.span.start as usize,
            code.start + c.span.end as usize,
        );
        inv.credentials.push(c);
    }
}

/// Masks the sensitive values of every plan in the texts reports quote.
pub fn redact_sensitive(inv: &Inventory, sources: &mut crate::source::SourceMap) {
    for plan in &inv.plans {
        if let Some(f) = sources.get_mut(plan.file) {
            sensitive::mask(&mut f.text, &plan.sensitive);
        }
    }
}

/// Type and address of a managed resource of a kind the model reads (`aws_iam_*`, the
/// organization, Identity Center and Access Analyzer ones), from its `mode`, `type`,
/// `name` and `address`; `None` for anything else.
fn identify(
    mode: Option<Raw<'_>>,
    ty: Option<Raw<'_>>,
    name: Option<Raw<'_>>,
    full: Option<Raw<'_>>,
) -> Option<(String, Address)> {
    if mode
        .and_then(|m| m.as_str())
        .is_some_and(|m| m != "managed")
    {
        return None;
    }
    let ty = ty?.as_str()?;
    if !crate::parse::hcl::resources::is_expanded(&ty) {
        return None;
    }
    let address = Address::split(&full?.as_str()?, &ty, &name?.as_str()?)?;
    Some((ty, address))
}

struct Reader<'a, 'c> {
    input: Input<'a>,
    cfg: &'c Config<'a>,
    deferred: &'c policy_document::Deferred<'a>,
    plan: Plan,
    /// Addresses already read.
    seen: HashSet<String>,
    /// Byte ranges of sensitive values found so far.
    sensitive: Vec<(usize, usize)>,
}

/// Where a resource is: its address split into module path and local address.
struct Address {
    full: String,
    /// `module.a[0]` or `""`.
    module: String,
    /// `aws_iam_role.r[0]`.
    local: String,
    /// `aws_iam_role.r`.
    config_local: String,
}

impl Address {
    /// Splits `module.a[0].aws_iam_role.r["k"]` given the type and name.
    fn split(full: &str, ty: &str, name: &str) -> Option<Address> {
        let base = format!("{ty}.{name}");
        let at = if full.starts_with(&base) {
            0
        } else {
            full.rfind(&format!(".{base}"))? + 1
        };
        let local = full.get(at..)?.to_string();
        let module = full.get(..at)?.trim_end_matches('.').to_string();
        Some(Address {
            full: full.to_string(),
            module,
            local,
            config_local: base,
        })
    }
}

impl<'a> Reader<'a, '_> {
    /// One entry of `resource_changes`.
    fn change(&mut self, rc: Raw<'a>, inv: &mut Inventory) {
        let [mode, ty, name, full, change, deposed] =
            rc.pick(["mode", "type", "name", "address", "change", "deposed"]);
        // a deposed object (the old half of a create-before-destroy) is only destroyed
        if deposed.is_some() {
            return;
        }
        let Some(change) = change else {
            return;
        };
        let [actions, before, after, after_unknown, before_sensitive, after_sensitive] = change
            .pick([
                "actions",
                "before",
                "after",
                "after_unknown",
                "before_sensitive",
                "after_sensitive",
            ]);
        sensitive::change(
            [(before, before_sensitive), (after, after_sensitive)],
            &mut self.sensitive,
        );
        let Some((ty, address)) = identify(mode, ty, name, full) else {
            return;
        };
        let actions: Vec<String> = actions
            .map(|a| a.items().iter().filter_map(|i| i.as_str()).collect())
            .unwrap_or_default();
        let action = Action::from_actions(&actions).unwrap_or(Action::NoOp);
        let span = Span::new(self.input.file, rc.start, rc.end);
        self.seen.insert(address.full.clone());
        if action != Action::Delete {
            if let Some(after) = after.filter(|a| a.is_object()) {
                self.read(&ty, &address, span, after, after_unknown, inv);
            }
        }
        // the IAM as it is now, for `--changes-only` (created resources have none)
        if let Some(before) = before.filter(|b| b.is_object()) {
            let mut before_inv = std::mem::take(&mut self.plan.before);
            self.read(&ty, &address, span, before, None, &mut before_inv);
            self.plan.before = before_inv;
        }
        self.record(address, action, span);
    }

    /// The resources of a `planned_values` or `prior_state` module and its children.
    fn module(&mut self, m: Raw<'a>, inv: &mut Inventory, depth: usize) {
        if depth > MAX_MODULE_DEPTH {
            return;
        }
        for r in m.get("resources").map(|r| r.items()).unwrap_or_default() {
            let [mode, ty, name, full, values] =
                r.pick(["mode", "type", "name", "address", "values"]);
            let Some((ty, address)) = identify(mode, ty, name, full) else {
                continue;
            };
            if !self.seen.insert(address.full.clone()) {
                continue;
            }
            let Some(values) = values.filter(|v| v.is_object()) else {
                continue;
            };
            let span = Span::new(self.input.file, r.start, r.end);
            // planned values omit what is unknown: read as not set
            self.read(&ty, &address, span, values, None, inv);
            self.record(address, Action::NoOp, span);
        }
        for child in m
            .get("child_modules")
            .map(|c| c.items())
            .unwrap_or_default()
        {
            self.module(child, inv, depth + 1);
        }
    }

    fn read(
        &self,
        ty: &str,
        address: &Address,
        span: Span,
        values: Raw<'a>,
        unknown: Option<Raw<'a>>,
        inv: &mut Inventory,
    ) {
        let module_path = config::strip_keys(&address.module);
        let res = resources::Res {
            file: self.input.file,
            scope: self.input.scope,
            address: address.full.clone(),
            module_prefix: if address.module.is_empty() {
                String::new()
            } else {
                format!("{}.", address.module)
            },
            span,
            values,
            unknown,
            expressions: self.cfg.expressions(&module_path, &address.config_local),
            configured: self.cfg.present,
            deferred: self.deferred,
        };
        resources::read(ty, &res, inv);
    }

    fn record(&mut self, address: Address, action: Action, span: Span) {
        let module_dir = self.cfg.dir(&config::strip_keys(&address.module));
        self.plan.resources.push(PlanResource {
            address: address.full,
            action,
            span,
            module_dir,
            local_address: address.local,
        });
    }
}
