//! Exceptions: documented, owned, time-bound decisions to accept a finding.
//!
//! An inline comment (`# leastpriv:ignore[...]`), a CloudFormation `Metadata` entry and an
//! entry of the exceptions file are the same record: the rules it covers, what it applies to, a reason, an owner,
//! an optional ticket and an expiry date, and where it is written (so a problem with it is
//! a finding at that place).

use globset::GlobMatcher;

use crate::rules::RuleMeta;
use crate::source::{FileId, Span};
use crate::suppress::Date;

/// What an exception applies to.
#[derive(Debug, Clone)]
pub enum Target {
    /// Findings in `file` that start on `line`, or lie inside a block (resource, policy,
    /// statement) that starts on `line`. `None`: the comment is above nothing.
    Line {
        /// The file.
        file: FileId,
        /// 1-based line the comment points at.
        line: Option<usize>,
    },
    /// Every finding in a file (`leastpriv:ignore-file[...]`).
    File(FileId),
    /// Findings of one entity in one file: a CloudFormation resource's `Metadata`
    /// exceptions cover findings with its logical id as address, or inside its span.
    Entity {
        /// The template.
        file: FileId,
        /// The logical id.
        address: String,
        /// The resource's span.
        span: Span,
    },
    /// Findings whose address matches a glob (`aws_iam_role.ci_*`), optionally only in
    /// paths matching another glob: the exceptions file's targets.
    Address {
        /// Glob over the finding's logical address.
        address: GlobMatcher,
        /// Glob over the finding's repository-relative path.
        path: Option<GlobMatcher>,
    },
}

/// Where an exception is written, as SARIF's `suppression.kind` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A comment in the scanned code.
    InSource,
    /// A record outside the code (the exceptions file).
    External,
}

impl Kind {
    /// SARIF's spelling: `inSource` or `external`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::InSource => "inSource",
            Kind::External => "external",
        }
    }
}

/// One exception record.
#[derive(Debug, Clone)]
pub struct Exception {
    /// Inline comment or external record.
    pub kind: Kind,
    /// The rules it covers (ids and names resolved to the rules).
    pub rules: Vec<&'static RuleMeta>,
    /// What it applies to.
    pub target: Target,
    /// Why the finding is accepted (required).
    pub reason: Option<String>,
    /// Who owns the decision.
    pub owner: Option<String>,
    /// A ticket tracking the fix.
    pub ticket: Option<String>,
    /// Last day the exception holds.
    pub expires: Option<Date>,
    /// Where the exception is written.
    pub span: Span,
    /// What is wrong with how it is written (an unknown rule, a bad date, an unknown
    /// field); any problem makes it incomplete.
    pub problems: Vec<String>,
}

/// Settings for what makes an exception complete: the IAM practice asks that every
/// exception be justified and time-bound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// An exception without an expiry date is incomplete.
    pub require_expiry: bool,
    /// An exception expiring more than this many days after today is incomplete.
    pub max_days: Option<u32>,
}

/// An exception's state on a given day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// It suppresses what it matches.
    Active,
    /// It is past its expiry date and suppresses nothing.
    Expired(Date),
    /// Something required is missing or wrong; it suppresses nothing.
    Incomplete(Vec<String>),
}

impl Exception {
    /// The exception's state on `today` under `policy`.
    pub fn status(&self, policy: Policy, today: Date) -> Status {
        let mut missing = self.problems.clone();
        if self.rules.is_empty() && self.problems.is_empty() {
            missing.push("names no rule".to_string());
        }
        if self.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            missing.push("has no reason".to_string());
        }
        if self.kind == Kind::External && self.owner.as_deref().is_none_or(|o| o.trim().is_empty())
        {
            missing.push("has no owner".to_string());
        }
        match self.expires {
            None if policy.require_expiry => missing.push("has no expiry date".to_string()),
            Some(d) => {
                if let Some(max) = policy.max_days {
                    if d.days() - today.days() > i64::from(max) {
                        missing.push(format!("expires {d}, more than {max} days after {today}"));
                    }
                }
            }
            None => {}
        }
        if !missing.is_empty() {
            return Status::Incomplete(missing);
        }
        match self.expires {
            Some(d) if d < today => Status::Expired(d),
            _ => Status::Active,
        }
    }

    /// True when the exception covers a finding of `rule` at `span`, with `address`, in
    /// the file at `path`. `line_of` gives a span's start line, `blocks` the spans of
    /// resources, policies and statements (an exception above a block covers what is
    /// inside it).
    pub fn covers(
        &self,
        rule: &RuleMeta,
        span: Span,
        address: &str,
        path: &str,
        line_of: &dyn Fn(Span) -> usize,
        blocks: &[Span],
    ) -> bool {
        if !self.rules.iter().any(|r| r.id == rule.id) {
            return false;
        }
        match &self.target {
            Target::File(file) => span.file == *file,
            Target::Line { file, line } => {
                let Some(line) = *line else {
                    return false;
                };
                span.file == *file
                    && (line_of(span) == line
                        || blocks.iter().any(|b| {
                            b.file == span.file
                                && b.start <= span.start
                                && span.end <= b.end
                                && line_of(*b) == line
                        }))
            }
            Target::Entity {
                file,
                address: id,
                span: at,
            } => {
                span.file == *file
                    && (address == id || (at.start <= span.start && span.end <= at.end))
            }
            Target::Address {
                address: glob,
                path: path_glob,
            } => glob.is_match(address) && path_glob.as_ref().is_none_or(|g| g.is_match(path)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::builtin::{FullAdminStatement, WildcardAction};

    fn exception(target: Target) -> Exception {
        Exception {
            kind: Kind::InSource,
            rules: vec![&FullAdminStatement::META],
            target,
            reason: Some("break-glass role".into()),
            owner: None,
            ticket: None,
            expires: Date::parse("2026-06-30"),
            span: Span::default(),
            problems: Vec::new(),
        }
    }

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn status_follows_reason_expiry_and_policy() {
        let e = exception(Target::File(FileId(0)));
        let p = Policy::default();
        assert_eq!(e.status(p, day("2026-06-30")), Status::Active);
        assert_eq!(
            e.status(p, day("2026-07-01")),
            Status::Expired(day("2026-06-30"))
        );
        let strict = Policy {
            require_expiry: true,
            max_days: Some(90),
        };
        assert!(matches!(
            e.status(strict, day("2026-01-01")),
            Status::Incomplete(ref m) if m[0].contains("more than 90 days")
        ));
        assert_eq!(e.status(strict, day("2026-04-01")), Status::Active);
        let mut open = e.clone();
        open.expires = None;
        assert_eq!(open.status(p, day("2030-01-01")), Status::Active);
        assert_eq!(
            open.status(strict, day("2030-01-01")),
            Status::Incomplete(vec!["has no expiry date".into()])
        );
        let mut no_reason = e.clone();
        no_reason.reason = Some("  ".into());
        assert_eq!(
            no_reason.status(p, day("2026-01-01")),
            Status::Incomplete(vec!["has no reason".into()])
        );
        let mut external = e.clone();
        external.kind = Kind::External;
        assert_eq!(
            external.status(p, day("2026-01-01")),
            Status::Incomplete(vec!["has no owner".into()])
        );
        external.owner = Some("platform-team".into());
        assert_eq!(external.status(p, day("2026-01-01")), Status::Active);
    }

    #[test]
    fn entity_targets_cover_their_logical_id_and_span_in_their_file() {
        let file = FileId(3);
        let e = exception(Target::Entity {
            file,
            address: "CiKey".into(),
            span: Span::new(file, 100, 200),
        });
        let line = |_: Span| 1;
        let admin = &FullAdminStatement::META;
        let inside = Span::new(file, 120, 130);
        let outside = Span::new(file, 300, 310);
        assert!(e.covers(admin, inside, "", "t.yaml", &line, &[]));
        assert!(e.covers(admin, outside, "CiKey", "t.yaml", &line, &[]));
        assert!(!e.covers(admin, outside, "OtherKey", "t.yaml", &line, &[]));
        let elsewhere = Span::new(FileId(4), 120, 130);
        assert!(!e.covers(admin, elsewhere, "CiKey", "u.yaml", &line, &[]));
    }

    #[test]
    fn address_targets_match_globs() {
        let glob = |g: &str| globset::Glob::new(g).unwrap().compile_matcher();
        let e = exception(Target::Address {
            address: glob("aws_iam_role.ci_*"),
            path: Some(glob("infra/**")),
        });
        let line = |_: Span| 1;
        let at = Span::default();
        let admin = &FullAdminStatement::META;
        assert!(e.covers(
            admin,
            at,
            "aws_iam_role.ci_deploy",
            "infra/ci/main.tf",
            &line,
            &[]
        ));
        assert!(!e.covers(
            admin,
            at,
            "aws_iam_role.app",
            "infra/ci/main.tf",
            &line,
            &[]
        ));
        assert!(!e.covers(
            admin,
            at,
            "aws_iam_role.ci_deploy",
            "other/main.tf",
            &line,
            &[]
        ));
        let other = &WildcardAction::META;
        assert!(!e.covers(
            other,
            at,
            "aws_iam_role.ci_deploy",
            "infra/main.tf",
            &line,
            &[]
        ));
    }
}
