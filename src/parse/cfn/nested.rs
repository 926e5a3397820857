//! Nested stacks: `AWS::CloudFormation::Stack` (`TemplateURL`) and SAM
//! `AWS::Serverless::Application` (`Location`).
//!
//! The child template is not evaluated as part of its parent: its IAM is not in the
//! parent's inventory and the `Parameters` the parent passes are not applied. Each nested
//! stack gets a note saying so and why: a local path (a template before
//! `aws cloudformation package` uploads it) is scanned on its own when it lies under the
//! scan paths, with its parameter defaults instead of the values passed here; a remote
//! URL or a Serverless Application Repository application is not read at all.

use crate::model::Note;
use crate::parse::node::Node;
use crate::value::Value;

use super::resources::{Reader, Res};

/// Records a note for a nested stack resource.
pub fn note(reader: &mut Reader<'_, '_>, kind: &str, res: &Res<'_>) {
    let key = match kind {
        "AWS::CloudFormation::Stack" => "TemplateURL",
        _ => "Location",
    };
    let location = res.get(key);
    let span = location.map_or(res.span, |n| n.span);
    let cause = match location {
        None => format!("has no `{key}`: its template is not known"),
        Some(n) => match n.scalar() {
            Some(Value::Known(loc)) => describe(&loc),
            Some(v) if v.known_prefix().is_some_and(is_remote) => describe(&v.render()),
            Some(v) => format!(
                "template location `{}` is not known: the nested template is not read",
                v.render()
            ),
            None => sar_application(n),
        },
    };
    reader.inv.notes.push(Note {
        span,
        subject: format!("nested stack {}", res.id),
        cause,
    });
}

/// Why a known location is not evaluated.
fn describe(location: &str) -> String {
    let lower = location.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("s3://") {
        format!("template `{location}` is remote and not read; its IAM is not checked")
    } else {
        format!(
            "template `{location}` is a local file: it is not evaluated with the `Parameters` \
             this stack passes (scanned on its own, with its defaults, when it is under the \
             scan paths)"
        )
    }
}

/// A SAM `Location: {ApplicationId, SemanticVersion}`.
fn sar_application(n: &Node) -> String {
    match n
        .get("ApplicationId")
        .and_then(Node::scalar)
        .map(|v| v.render())
    {
        Some(app) => format!(
            "application `{app}` comes from the Serverless Application Repository and is not read; \
             its IAM is not checked"
        ),
        None => "template location is not a path, a URL or an application: not read".into(),
    }
}

/// An URL the template would be fetched from.
fn is_remote(location: &str) -> bool {
    let lower = location.to_ascii_lowercase();
    ["https://", "http://", "s3://"]
        .iter()
        .any(|p| lower.starts_with(p))
}
