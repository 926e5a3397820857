//! CloudFormation `Metadata` suppressions.
//!
//! ```yaml
//! Resources:
//!   CiKey:
//!     Type: AWS::IAM::AccessKey
//!     Metadata:
//!       leastpriv:
//!         ignore:
//!           - rule: IAM402            # or `rules: [IAM402, ...]`; ids or names
//!             reason: rotated by the vault plugin   # required
//!             expires: 2026-06-30     # optional unless required by policy
//!             owner: platform-team    # optional
//!             ticket: SEC-12          # optional
//! ```
//!
//! On a resource it covers that logical id's findings in the template (findings whose
//! address is the logical id, or that lie inside the resource). In the template's own
//! top-level `Metadata` it covers every finding in the file. Each `ignore` entry is one
//! in-source exception reported, when wrong, at its own place. JSON templates use the
//! same keys.

use crate::model::SuppressionEntry;
use crate::parse::node::NodeKind;
use crate::suppress::exception::{Exception, Kind, Target};
use crate::suppress::external::{add_rules, fill_field};

/// The exceptions one `Metadata: leastpriv:` entry holds; `template` is true for the
/// template-level entry.
pub fn exceptions(entry: &SuppressionEntry, template: bool) -> Vec<Exception> {
    let file = entry.origin.span.file;
    let target = if template {
        Target::File(file)
    } else {
        Target::Entity {
            file,
            address: entry.origin.address.clone(),
            span: entry.origin.span,
        }
    };
    let blank = |span| Exception {
        kind: Kind::InSource,
        rules: Vec::new(),
        target: target.clone(),
        reason: None,
        owner: None,
        ticket: None,
        expires: None,
        span,
        problems: Vec::new(),
    };
    let node = &entry.entry;
    let wrong = |message: String| {
        let mut e = blank(node.span);
        e.problems.push(message);
        vec![e]
    };
    let Some(members) = node.as_object() else {
        return wrong("is not a mapping with an `ignore` list".into());
    };
    let mut out = Vec::new();
    for (k, v) in members {
        let key = k.name.as_known().unwrap_or("");
        if key != "ignore" {
            let mut e = blank(k.span);
            e.problems
                .push(format!("has unknown key `{key}` (expected `ignore`)"));
            out.push(e);
            continue;
        }
        let Some(items) = v.as_array() else {
            return wrong("has an `ignore` that is not a list".into());
        };
        for item in items {
            let mut e = blank(item.span);
            match &item.kind {
                NodeKind::Object(fields) => {
                    for (fk, fv) in fields {
                        match fk.name.as_known().unwrap_or("") {
                            "rule" | "rules" => add_rules(&mut e, fv),
                            other => fill_field(&mut e, other, fv),
                        }
                    }
                }
                _ => e
                    .problems
                    .push("is not a mapping with rule, reason and expires".into()),
            }
            out.push(e);
        }
    }
    out
}
