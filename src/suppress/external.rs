//! The exceptions file, `leastpriv-exceptions.yaml`: owned, time-bound exception records
//! kept outside the code.
//!
//! ```yaml
//! - rule: access-key-for-user        # or `rules: [IAM402, IAM401]`; ids or names
//!   target: aws_iam_access_key.ci_*  # resource address or CloudFormation logical id; `*`, `?`
//!   path: infra/ci/**                # optional glob over the reported path
//!   owner: platform-team             # required
//!   reason: CI still signs with a key; moving to OIDC   # required
//!   ticket: SEC-142                  # optional
//!   expires: 2026-06-30              # last day it holds
//! ```
//!
//! The file is a list of entries. A file that is not YAML, or not a list of mappings, is
//! a usage error. A problem inside an entry (an unknown rule or field, a bad date or
//! glob, no target) makes that entry incomplete: it suppresses nothing and is reported
//! at its line as `exception-incomplete`, like a missing owner or reason.

use std::path::Path;

use globset::{Glob, GlobMatcher};

use crate::error::Error;
use crate::parse::node::{Node, NodeKind};
use crate::settings::read::Doc;
use crate::source::{FileId, Span};
use crate::suppress::exception::{Exception, Kind, Target};
use crate::suppress::Date;

/// Fields an entry may have.
pub const FIELDS: &[&str] = &[
    "rule", "rules", "target", "path", "owner", "reason", "ticket", "expires",
];

/// Reads an exceptions file; the entries' spans point into `text` under file id 0 until
/// the engine places the file among the scan's sources.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Exception>, Error> {
    let doc = Doc::new(path, text);
    let root = doc.parse()?;
    let items = match &root.kind {
        NodeKind::Null => return Ok(Vec::new()),
        NodeKind::Array(items) => items,
        _ => {
            return Err(doc.error(
                root.span,
                &format!(
                    "an exceptions file is a list of entries (`- rule: ...`), not a {}",
                    root.type_name()
                ),
            ))
        }
    };
    let mut out = Vec::new();
    for item in items {
        let Some(members) = item.as_object() else {
            return Err(doc.error(
                item.span,
                &format!(
                    "each exception is a mapping with rule, target, owner, reason and expires, not a {}",
                    item.type_name()
                ),
            ));
        };
        let mut e = Exception {
            kind: Kind::External,
            rules: Vec::new(),
            target: Target::File(FileId(u32::MAX)),
            reason: None,
            owner: None,
            ticket: None,
            expires: None,
            span: Span::new(FileId(0), item.span.start as usize, item.span.end as usize),
            problems: Vec::new(),
        };
        let mut target: Option<GlobMatcher> = None;
        let mut path_glob: Option<GlobMatcher> = None;
        for (k, v) in members {
            let key = k.name.as_known().unwrap_or("");
            match key {
                "rule" | "rules" => add_rules(&mut e, v),
                "target" => match text_of(v) {
                    Some(t) => match address_glob(&t) {
                        Ok(g) => target = Some(g),
                        Err(m) => e.problems.push(format!("has target `{t}`: {m}")),
                    },
                    None => e.problems.push("has a target that is not text".into()),
                },
                "path" => match text_of(v).map(|p| (Glob::new(&p), p)) {
                    Some((Ok(g), _)) => path_glob = Some(g.compile_matcher()),
                    Some((Err(err), p)) => {
                        e.problems.push(format!("has path `{p}`: {}", err.kind()))
                    }
                    None => e.problems.push("has a path that is not text".into()),
                },
                _ => fill_field(&mut e, key, v),
            }
        }
        match target {
            Some(address) => {
                e.target = Target::Address {
                    address,
                    path: path_glob,
                }
            }
            None if e.problems.iter().all(|p| !p.starts_with("has target")) => {
                e.problems.push("has no target".into())
            }
            None => {}
        }
        out.push(e);
    }
    Ok(out)
}

/// Reads `rule` / `rules` (one name or a list) into the exception.
pub(crate) fn add_rules(e: &mut Exception, v: &Node) {
    let keys: Vec<Option<String>> = match v.as_array() {
        Some(items) => items.iter().map(text_of).collect(),
        None => vec![text_of(v)],
    };
    for key in keys {
        match key.as_deref().map(|k| (k, super::inline::resolve(k))) {
            Some((_, Some(meta))) => {
                if !e.rules.iter().any(|r| r.id == meta.id) {
                    e.rules.push(meta)
                }
            }
            Some((k, None)) => e.problems.push(format!("names unknown rule `{k}`")),
            None => e.problems.push("names a rule that is not text".into()),
        }
    }
}

/// Reads `owner`, `reason`, `ticket`, `expires`; anything else is an unknown field.
pub(crate) fn fill_field(e: &mut Exception, key: &str, v: &Node) {
    let value = text_of(v);
    match (key, value) {
        ("owner", Some(s)) => e.owner = Some(s),
        ("reason", Some(s)) => e.reason = Some(s),
        ("ticket", Some(s)) => e.ticket = Some(s),
        ("expires", Some(s)) => match Date::parse(&s) {
            Some(d) => e.expires = Some(d),
            None => e
                .problems
                .push(format!("has expiry `{s}`, not a YYYY-MM-DD date")),
        },
        ("owner" | "reason" | "ticket" | "expires", None) => {
            e.problems.push(format!("has a `{key}` that is not text"))
        }
        _ => e.problems.push(format!("has unknown field `{key}`")),
    }
}

/// A scalar's known text.
fn text_of(v: &Node) -> Option<String> {
    match &v.kind {
        NodeKind::Str(s) => s.as_known().map(str::to_string),
        NodeKind::Number(n) => Some(n.clone()),
        NodeKind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A glob over addresses where only `*` and `?` are wildcards: `[0]` and `["k"]` in a
/// Terraform address are literal.
pub fn address_glob(target: &str) -> Result<GlobMatcher, String> {
    let mut pattern = String::with_capacity(target.len());
    for c in target.chars() {
        match c {
            '[' | ']' | '{' | '}' => {
                pattern.push('[');
                pattern.push(c);
                pattern.push(']');
            }
            c => pattern.push(c),
        }
    }
    Glob::new(&pattern)
        .map(|g| g.compile_matcher())
        .map_err(|e| e.kind().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suppress::{Policy, Status};

    fn read(text: &str) -> Result<Vec<Exception>, String> {
        parse(Path::new("ex.yaml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn entries_become_external_address_exceptions() {
        let list = read(
            "- rule: IAM402\n  target: aws_iam_access_key.ci[0]\n  path: infra/**\n  owner: platform\n  reason: OIDC soon\n  ticket: 142\n  expires: 2026-06-30\n\
             - rules: [IAM401, nope]\n  target: Deployer\n  reason: x\n  color: red\n  expires: soon\n",
        )
        .expect("reads");
        assert_eq!(list.len(), 2);
        let first = &list[0];
        assert_eq!(first.kind, Kind::External);
        assert_eq!(first.ticket.as_deref(), Some("142"));
        let today = Date::parse("2026-01-01").expect("date");
        assert_eq!(first.status(Policy::default(), today), Status::Active);
        let line = |_: Span| 1;
        let meta = first.rules[0];
        assert!(first.covers(
            meta,
            Span::default(),
            "aws_iam_access_key.ci[0]",
            "infra/a.tf",
            &line,
            &[]
        ));
        assert!(!first.covers(
            meta,
            Span::default(),
            "aws_iam_access_key.ci0",
            "infra/a.tf",
            &line,
            &[]
        ));
        assert!(!first.covers(
            meta,
            Span::default(),
            "aws_iam_access_key.ci[0]",
            "app/a.tf",
            &line,
            &[]
        ));
        let Status::Incomplete(problems) = list[1].status(Policy::default(), today) else {
            panic!("incomplete");
        };
        let all = problems.join("; ");
        for want in [
            "unknown rule `nope`",
            "unknown field `color`",
            "expiry `soon`",
            "no owner",
        ] {
            assert!(all.contains(want), "{all}");
        }
    }

    #[test]
    fn structure_errors_stop_with_a_position() {
        assert!(read("rule: IAM101\n")
            .expect_err("map")
            .contains("ex.yaml:1:1:"));
        assert!(read("- IAM101\n")
            .expect_err("scalar")
            .contains("ex.yaml:1:3:"));
        assert!(read("- [\n").is_err());
        assert!(read("").expect("empty").is_empty());
        let no_target = read("- rule: IAM101\n  owner: a\n  reason: b\n").expect("reads");
        assert_eq!(no_target[0].problems, vec!["has no target".to_string()]);
    }
}
