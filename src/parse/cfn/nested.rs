//! Nested stacks: `AWS::CloudFormation::Stack` (`TemplateURL`) and SAM
//! `AWS::Serverless::Application` (`Location`).
//!
//! A nested stack whose location is a local path (a template before
//! `aws cloudformation package` / `sam package` uploads it: `TemplateURL: ./child.yaml`,
//! `Location: nested/app.yaml`) is read with its parent, as Terraform reads a module
//! call: the path is resolved against the parent template's directory, and the child is
//! read with the `Parameters` the parent passes, evaluated in the parent (literals,
//! `!Ref` of the parent's parameters, `!GetAtt`, `!Sub`, …). A passed value the parent
//! cannot know stays unknown, and a child parameter given no value and with no
//! `Default` is unknown, never a guess. A passed value decides the child's conditions
//! only when it is decided in the parent (a literal, a value given to the scan).
//!
//! Addresses: the child's entities are addressed under the nested stack's logical id,
//! `Network.AppRole` for the role `AppRole` of the stack `Network` (deeper nesting adds
//! more: `Network.Subnets.AppRole`), in the root template's scope, and keep the child
//! file's spans, so findings point at the child's lines. `!GetAtt Network.Outputs.RoleArn`
//! in the parent gives the child's `RoleArn` output as far as it is known (an IAM ARN
//! shape, or the unresolved ARN of the child's entity).
//!
//! A template read as a nested stack of a parent in the scan is not also read as a root
//! of its own with its defaults (the engine asks [`local_references`] which templates
//! name which, and reads a template as a root only when no other names it, or when none
//! of the roots read it).
//!
//! Each nested stack that is not read gets a note saying why: a remote URL or a
//! Serverless Application Repository application; a local path that is not among the
//! scanned templates (missing, excluded or outside the scan paths); a template that
//! includes itself (a cycle); nesting deeper than [`MAX_DEPTH`]; more than [`MAX_READS`]
//! nested templates read for one root.
//!
//! Not done: a location computed with `Fn::Sub` / parameters is read when it evaluates to
//! a known local path, but the engine's textual pass does not see it, so such a child is
//! also read alone as a root (its findings at the same lines are reported once, the
//! inventory holds both). Outputs that are lists or objects are unknown to the parent.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::model::Note;
use crate::parse::node::Node;
use crate::parse::Input;
use crate::value::Value;

use super::resources::{Reader, Res};

/// Deepest chain of nested stacks read (the root is depth 0).
pub const MAX_DEPTH: usize = 8;

/// Most nested templates read for one root template (a template using the same child
/// many times, each using it many times again, would grow without bound).
pub const MAX_READS: usize = 500;

/// The templates of a scan nested stacks can be read from, by report path.
#[derive(Debug, Default)]
pub struct Library<'a> {
    templates: HashMap<String, (Input<'a>, Option<PathBuf>)>,
}

impl<'a> Library<'a> {
    /// Adds a template; `path` is where it is on disk (to tell a missing child from one
    /// outside the scan).
    pub fn add(&mut self, input: Input<'a>, path: Option<PathBuf>) {
        self.templates
            .insert(input.rel_path.to_string(), (input, path));
    }

    /// The template at a report path.
    pub fn get(&self, rel_path: &str) -> Option<Input<'a>> {
        self.templates.get(rel_path).map(|(i, _)| *i)
    }

    /// Why a local location of the template at `parent` is not in the library.
    fn missing(&self, parent: &str, location: &str) -> String {
        let on_disk = self
            .templates
            .get(parent)
            .and_then(|(_, p)| p.as_ref())
            .and_then(|p| p.parent())
            .map(|dir| dir.join(location));
        match on_disk {
            Some(p) if p.exists() => format!(
                "template `{location}` is a local file outside the scanned templates (excluded, \
                 outside the scan paths or not read as a template): not read; its IAM is not \
                 checked"
            ),
            Some(_) => {
                format!("template `{location}` is a local file that does not exist: not read")
            }
            None => format!(
                "template `{location}` is a local file not among the scanned templates: not read"
            ),
        }
    }
}

/// Where a nested stack's template is.
pub enum Target<'a> {
    /// A local template of the scan: its input and its report path.
    Local(Input<'a>),
    /// Not read, with the note's span and cause.
    Skipped(crate::source::Span, String),
}

/// The location property of a nested stack type.
pub fn location_key(kind: &str) -> &'static str {
    match kind {
        "AWS::CloudFormation::Stack" => "TemplateURL",
        _ => "Location",
    }
}

/// Finds the template of a nested stack `res` of the template at `parent`; `chain` are
/// the report paths of the templates being read, root first.
pub fn target<'a>(
    lib: &Library<'a>,
    parent: &str,
    chain: &[String],
    kind: &str,
    res: &Res<'_>,
) -> Target<'a> {
    let key = location_key(kind);
    let location = res.get(key);
    let span = location.map_or(res.span, |n| n.span);
    let cause = match location {
        None => format!("has no `{key}`: its template is not known"),
        Some(n) => match n.scalar() {
            Some(Value::Known(loc)) if !is_remote(&loc) => {
                match resolve(parent, &loc).and_then(|p| Some((lib.get(&p)?, p))) {
                    Some((_, p)) if chain.contains(&p) => format!(
                        "template `{loc}` includes itself (through {}): not read again",
                        chain.join(" -> ")
                    ),
                    Some(_) if chain.len() > MAX_DEPTH => {
                        format!("template `{loc}` is nested more than {MAX_DEPTH} deep: not read")
                    }
                    Some((input, _)) => return Target::Local(input),
                    None => lib.missing(parent, &loc),
                }
            }
            Some(Value::Known(loc)) => remote(&loc),
            Some(v) if v.known_prefix().is_some_and(is_remote) => remote(&v.render()),
            Some(v) => format!(
                "template location `{}` is not known: the nested template is not read",
                v.render()
            ),
            None => sar_application(n),
        },
    };
    Target::Skipped(span, cause)
}

/// Records a note for a nested stack that is not read.
pub fn note(reader: &mut Reader<'_, '_>, res: &Res<'_>, span: crate::source::Span, cause: String) {
    reader.inv.notes.push(Note {
        span,
        subject: format!("nested stack {}", res.id),
        cause,
    });
}

fn remote(location: &str) -> String {
    format!("template `{location}` is remote and not read; its IAM is not checked")
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

/// An URL the template would be fetched from (any scheme).
fn is_remote(location: &str) -> bool {
    location.contains("://")
}

/// The report path of `location` written in the template at report path `parent`:
/// resolved against the parent's directory, `.` and `..` removed. `None` for an empty
/// location or a URL.
pub fn resolve(parent: &str, location: &str) -> Option<String> {
    let location = location.trim();
    if location.is_empty() || is_remote(location) {
        return None;
    }
    let location = location.replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    let absolute = location.starts_with('/');
    if !absolute {
        let dir = match parent.rfind('/') {
            Some(i) => &parent[..i],
            None => "",
        };
        if dir.starts_with('/') {
            return resolve("", &format!("{dir}/{location}"));
        }
        parts.extend(dir.split('/').filter(|p| !p.is_empty() && *p != "."));
    }
    for p in location.split('/') {
        match p {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if absolute => {}
                _ => parts.push(".."),
            },
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    Some(if absolute {
        format!("/{joined}")
    } else {
        joined
    })
}

/// The template extensions a local nested template has.
const EXTENSIONS: &[&str] = &[".yaml", ".yml", ".json", ".template", ".txt"];

/// Local template paths a template's text may name as nested stacks: every token that
/// ends with a template extension, on a line naming `TemplateURL` or `Location` or the
/// line after it. A cheap over-approximation, for scheduling only: a template named here
/// but not read by its parent is read as a root of its own later.
pub fn local_references(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut after_key = false;
    for line in text.lines() {
        let has_key = line.contains("TemplateURL") || line.contains("Location");
        if has_key || after_key {
            for token in line.split(|c: char| {
                c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '{' | '}' | '[' | ']')
            }) {
                let token = token.trim_start_matches(':');
                let lower = token.to_ascii_lowercase();
                if !is_remote(token) && EXTENSIONS.iter().any(|e| lower.ends_with(e)) {
                    out.push(token.to_string());
                }
            }
        }
        after_key = has_key;
    }
    out.sort();
    out.dedup();
    out
}
