//! SARIF 2.1.0 reporter, shaped for GitHub code scanning.
//!
//! The log is built from small hand-rolled `#[derive(Serialize)]` structs covering exactly
//! the subset we emit, instead of the `serde-sarif` crate: that crate generates its types
//! from the full schema at build time (a heavy build) and we need only a few objects.
//! `tests/sarif_schema.rs` validates the output against the official OASIS schema.
//!
//! What GitHub needs, and how it is met:
//! - `tool.driver.rules[]` comes from each rule's [`RuleMeta`] (never copied), with
//!   `security-severity`, `precision` and `tags` (always containing `security`) in
//!   `properties`; every result points back with `ruleId` and `ruleIndex`.
//! - Artifact URIs are repository-relative, percent-encoded, and resolved against
//!   `%SRCROOT%` (declared in `originalUriBaseIds`); columns are UTF-16 code units.
//! - `partialFingerprints` carries our own `leastpriv/v1` key. `primaryLocationLineHash`
//!   is left for GitHub to compute.
//! - `runAutomationDetails.id` is the category (`leastpriv/` by default).
//! - Parse errors become `toolExecutionNotifications` and make `executionSuccessful` false.
//! - Suppressed findings are results too, after the others, each with one
//!   `suppressions[]` entry: `kind` `inSource` (a comment) or `external` (an exceptions
//!   file record), `status` `accepted`, the reason as `justification`, the comment's
//!   location, and owner, ticket and expiry in `properties`.
//!
//! The log holds no timestamps, so the same report gives the same bytes, and it never
//! quotes source text: a secret found in the code cannot leak through the SARIF file.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::report::{Report, Reporter};
use crate::rules::{RuleMeta, Severity};
use crate::source::Span;

/// The project's home page; rule help links are built from it.
pub const INFORMATION_URI: &str = "https://github.com/leastpriv/leastpriv";

/// `$schema` of the log.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Default `runAutomationDetails.id`: the GitHub code scanning category `leastpriv`.
pub const DEFAULT_AUTOMATION_ID: &str = "leastpriv/";

/// The `partialFingerprints` key holding [`crate::report::Finding::fingerprint`].
pub const FINGERPRINT_KEY: &str = "leastpriv/v1";

/// The URI base id artifact locations are relative to.
const SRCROOT: &str = "%SRCROOT%";

/// Writes a SARIF 2.1.0 log with one run. `%SRCROOT%` is the current directory, which
/// report paths are relative to.
#[derive(Debug, Clone)]
pub struct Sarif {
    /// `runAutomationDetails.id`. GitHub reads everything up to the last `/` as the
    /// analysis category, so keep the trailing slash (see [`Sarif::with_category`]).
    pub automation_id: String,
}

impl Default for Sarif {
    fn default() -> Self {
        Sarif {
            automation_id: DEFAULT_AUTOMATION_ID.to_string(),
        }
    }
}

impl Sarif {
    /// A reporter with the default category, `leastpriv/`.
    pub fn new() -> Self {
        Sarif::default()
    }

    /// A reporter whose `runAutomationDetails.id` is the category `category`
    /// (a trailing `/` is added when missing).
    pub fn with_category(category: &str) -> Self {
        let mut automation_id = category.to_string();
        if !automation_id.ends_with('/') {
            automation_id.push('/');
        }
        Sarif { automation_id }
    }

    /// Writes the log with `%SRCROOT%` standing for `src_root` (`None` leaves
    /// `originalUriBaseIds` out).
    fn write_with_root(
        &self,
        report: &Report,
        src_root: Option<&Path>,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let log = build_log(report, &self.automation_id, src_root);
        serde_json::to_writer_pretty(&mut *out, &log)?;
        out.write_all(b"\n")
    }
}

impl Reporter for Sarif {
    fn write(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let cwd = std::env::current_dir().ok();
        self.write_with_root(report, cwd.as_deref(), out)
    }
}

/// SARIF `level` of a rule's default configuration and of its results.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `problem.severity` rule property.
pub fn problem_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "recommendation",
    }
}

// ---------------------------------------------------------------------------------------
// The subset of the SARIF object model we emit.

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    automation_details: AutomationDetails<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<UriBaseIds>,
    column_kind: &'static str,
    invocations: [Invocation<'a>; 1],
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    semantic_version: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Help,
    help_uri: String,
    default_configuration: DefaultConfiguration,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

impl<'a> Text<'a> {
    fn borrowed(text: &'a str) -> Self {
        Text { text: text.into() }
    }

    fn owned(text: String) -> Self {
        Text { text: text.into() }
    }
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct DefaultConfiguration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    tags: Vec<&'a str>,
    precision: &'static str,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
}

#[derive(Serialize)]
struct AutomationDetails<'a> {
    id: &'a str,
}

#[derive(Serialize)]
struct UriBaseIds {
    #[serde(rename = "%SRCROOT%")]
    src_root: AbsoluteLocation,
}

#[derive(Serialize)]
struct AbsoluteLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Text<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation<'a>>,
    partial_fingerprints: PartialFingerprints<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    code_flows: Vec<CodeFlow<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression<'a>>,
    properties: ResultProperties,
}

#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    status: &'static str,
    justification: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<SarifLocation<'a>>,
    #[serde(skip_serializing_if = "SuppressionProperties::is_empty")]
    properties: SuppressionProperties<'a>,
}

#[derive(Serialize)]
struct SuppressionProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ticket: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
}

impl SuppressionProperties<'_> {
    fn is_empty(&self) -> bool {
        self.owner.is_none() && self.ticket.is_none() && self.expires.is_none()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CodeFlow<'a> {
    thread_flows: [ThreadFlow<'a>; 1],
}

#[derive(Serialize)]
struct ThreadFlow<'a> {
    locations: Vec<ThreadFlowLocation<'a>>,
}

#[derive(Serialize)]
struct ThreadFlowLocation<'a> {
    location: SarifLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    fully_qualified_name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct PartialFingerprints<'a> {
    #[serde(rename = "leastpriv/v1")]
    v1: &'a str,
}

#[derive(Serialize)]
struct ResultProperties {
    severity: &'static str,
}

// ---------------------------------------------------------------------------------------
// Building the log.

fn build_log<'a>(report: &'a Report, automation_id: &'a str, src_root: Option<&Path>) -> Log<'a> {
    // The rules that ran, in order; a finding of a rule missing from that list (which
    // the engine never produces) still gets a descriptor, so every ruleIndex resolves.
    let mut rules: Vec<&'static RuleMeta> = report.rules.clone();
    let all = report
        .findings
        .iter()
        .map(|f| (f, None))
        .chain(report.suppressed.iter().map(|s| (&s.finding, Some(s))));
    for (f, _) in all.clone() {
        if !rules.iter().any(|r| r.id == f.rule.id) {
            rules.push(f.rule);
        }
    }
    let results = all
        .map(|(f, suppressed)| {
            let rule_index = rules.iter().position(|r| r.id == f.rule.id).unwrap_or(0);
            let mut location = physical_location(report, f.span);
            if let Some(loc) = location.as_mut() {
                if !f.address.is_empty() {
                    loc.logical_locations.push(LogicalLocation {
                        fully_qualified_name: &f.address,
                        kind: "resource",
                    });
                }
            }
            SarifResult {
                rule_id: f.rule.id,
                rule_index,
                level: level(f.rule.severity),
                message: Text::borrowed(&f.message),
                locations: location.into_iter().collect(),
                partial_fingerprints: PartialFingerprints { v1: &f.fingerprint },
                related_locations: described_locations(report, &f.related, true),
                code_flows: code_flow(report, &f.steps),
                suppressions: suppressed
                    .map(|s| Suppression {
                        kind: s.kind.as_str(),
                        status: "accepted",
                        justification: &s.justification,
                        location: physical_location(report, s.at),
                        properties: SuppressionProperties {
                            owner: s.owner.as_deref(),
                            ticket: s.ticket.as_deref(),
                            expires: s.expires.map(|d| d.to_string()),
                        },
                    })
                    .into_iter()
                    .collect(),
                properties: ResultProperties {
                    severity: f.rule.severity.as_str(),
                },
            }
        })
        .collect();
    let notifications: Vec<Notification<'_>> = report
        .inventory
        .parse_errors
        .iter()
        .map(|e| Notification {
            level: "error",
            message: Text::borrowed(&e.message),
            locations: physical_location(report, e.span).into_iter().collect(),
        })
        .collect();
    // what could not be evaluated (`--show-unknown`) is a note, not a failure
    let mut notifications = notifications;
    notifications.extend(report.notes.iter().map(|n| Notification {
        level: "note",
        message: Text::owned(n.message()),
        locations: physical_location(report, n.span).into_iter().collect(),
    }));
    Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "leastpriv",
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: rules.iter().map(|m| descriptor(m)).collect(),
                },
            },
            automation_details: AutomationDetails { id: automation_id },
            original_uri_base_ids: src_root.map(|root| UriBaseIds {
                src_root: AbsoluteLocation {
                    uri: directory_uri(root),
                },
            }),
            column_kind: "utf16CodeUnits",
            invocations: [Invocation {
                execution_successful: report.stats.parse_errors == 0,
                tool_execution_notifications: notifications,
            }],
            results,
        }],
    }
}

fn descriptor(meta: &'static RuleMeta) -> ReportingDescriptor<'static> {
    let mut markdown = meta.docs_markdown();
    if markdown.trim().is_empty() {
        markdown = format!("{}\n", meta.summary);
    }
    let mut tags: Vec<&'static str> = meta.tags.to_vec();
    if !tags.contains(&"security") {
        tags.push("security");
    }
    ReportingDescriptor {
        id: meta.id,
        name: meta.name,
        short_description: Text::borrowed(meta.summary),
        full_description: Text::owned(meta.what_it_does()),
        help: Help {
            text: markdown.clone(),
            markdown,
        },
        help_uri: format!("{INFORMATION_URI}/blob/main/{}", meta.doc_path()),
        default_configuration: DefaultConfiguration {
            level: level(meta.severity),
        },
        properties: RuleProperties {
            tags,
            precision: meta.precision.as_str(),
            security_severity: meta.severity.security_severity(),
            problem_severity: problem_severity(meta.severity),
        },
    }
}

/// The file and region of a span, or `None` when the span's file is unknown.
fn physical_location<'a>(report: &Report, span: Span) -> Option<SarifLocation<'a>> {
    let loc = report.locate(span);
    if loc.path.is_empty() {
        return None;
    }
    let mut region = Region {
        start_line: loc.start_line.max(1),
        start_column: loc.start_col.max(1),
        end_line: loc.end_line.max(1),
        end_column: loc.end_col.max(1),
    };
    // A span ending just after a newline would highlight an empty extra line: end it at
    // the end of its last line instead.
    if span.end > span.start && region.end_column == 1 && region.end_line > region.start_line {
        let last = report.locate(Span {
            file: span.file,
            start: span.end - 1,
            end: span.end - 1,
        });
        region.end_line = last.start_line.max(1);
        region.end_column = last.start_col.max(1);
    }
    normalize_region(&mut region);
    Some(SarifLocation {
        physical_location: PhysicalLocation {
            artifact_location: artifact_location(loc.path),
            region,
        },
        logical_locations: Vec::new(),
        id: None,
        message: None,
    })
}

/// Locations with their messages (and ids, for `relatedLocations`); spans outside the
/// scanned files (AWS managed policies) are left out.
fn described_locations<'a>(
    report: &Report,
    list: &'a [crate::rules::Related],
    numbered: bool,
) -> Vec<SarifLocation<'a>> {
    list.iter()
        .filter_map(|r| {
            let mut loc = physical_location(report, r.span)?;
            loc.message = Some(Text::borrowed(&r.message));
            Some(loc)
        })
        .enumerate()
        .map(|(i, mut loc)| {
            if numbered {
                loc.id = Some(i + 1);
            }
            loc
        })
        .collect()
}

/// A path's steps as one thread flow.
fn code_flow<'a>(report: &Report, steps: &'a [crate::rules::Related]) -> Vec<CodeFlow<'a>> {
    let locations: Vec<ThreadFlowLocation<'a>> = described_locations(report, steps, false)
        .into_iter()
        .map(|location| ThreadFlowLocation { location })
        .collect();
    if locations.is_empty() {
        return Vec::new();
    }
    vec![CodeFlow {
        thread_flows: [ThreadFlow { locations }],
    }]
}

/// Makes a region non-empty and well ordered: an empty or inverted range becomes the one
/// character at its start.
fn normalize_region(r: &mut Region) {
    if r.end_line < r.start_line || (r.end_line == r.start_line && r.end_column <= r.start_column) {
        r.end_line = r.start_line;
        r.end_column = r.start_column + 1;
    }
}

/// A report path as an artifact location: relative paths against `%SRCROOT%`, absolute
/// ones (files outside the current directory) as `file:` URIs.
fn artifact_location(path: &str) -> ArtifactLocation {
    if is_absolute(path) {
        ArtifactLocation {
            uri: file_uri(path),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: encode_path(path),
            uri_base_id: Some(SRCROOT),
        }
    }
}

/// True for `/x` and `C:/x` (report paths always use `/`).
fn is_absolute(path: &str) -> bool {
    path.starts_with('/') || has_drive(path)
}

fn has_drive(path: &str) -> bool {
    let b = path.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// `file:` URI of an absolute path with `/` separators.
fn file_uri(path: &str) -> String {
    if has_drive(path) {
        // keep the drive's colon: file:///C:/x
        format!("file:///{}:{}", &path[..1], encode_path(&path[2..]))
    } else {
        format!("file://{}", encode_path(path))
    }
}

/// `file:` URI of a directory, with the trailing slash SARIF requires of a base URI.
fn directory_uri(dir: &Path) -> String {
    let mut s = dir.to_string_lossy().replace('\\', "/");
    if !is_absolute(&s) {
        s.insert(0, '/');
    }
    if !s.ends_with('/') {
        s.push('/');
    }
    file_uri(&s)
}

/// Percent-encodes every byte of a path except unreserved characters and `/`.
fn encode_path(path: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xF) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Inventory, ParseError};
    use crate::report::{Finding, Stats};
    use crate::rules::Precision;
    use crate::source::SourceMap;
    use serde_json::Value;

    static LOW: RuleMeta = RuleMeta {
        id: "TEST002",
        name: "test-low",
        severity: Severity::Low,
        precision: Precision::Medium,
        tags: &["security", "test"],
        summary: "A low test rule",
        docs: " ## What it does\n Nothing much.\n",
        source: file!(),
    };

    fn report() -> Report {
        let mut sources = SourceMap::default();
        let text = "resource \"x\" \"y\" {\n  a = 1\n}\n";
        let f = sources.add("dir a/main.tf".into(), "dir a/main.tf".into(), text.into());
        let g = sources.add("bad.tf".into(), "bad.tf".into(), "{{".into());
        let admin = &crate::rules::builtin::FullAdminStatement::META;
        let findings = vec![
            Finding {
                rule: admin,
                span: Span::new(f, 0, text.len()),
                address: "x.y".into(),
                message: "whole block".into(),
                related: Vec::new(),
                steps: Vec::new(),
                fingerprint: "aaaa:1".into(),
            },
            Finding {
                rule: &LOW,
                span: Span::new(f, 21, 21),
                address: String::new(),
                message: "empty span".into(),
                related: Vec::new(),
                steps: Vec::new(),
                fingerprint: "bbbb:1".into(),
            },
        ];
        let mut inventory = Inventory::default();
        inventory.parse_errors.push(ParseError {
            span: Span::new(g, 1, 2),
            message: "unexpected `{`".into(),
        });
        let stats = Stats {
            parse_errors: 1,
            ..Stats::default()
        };
        Report::new(sources, findings, vec![admin, &LOW], stats, inventory)
    }

    fn render(report: &Report) -> String {
        let mut out = Vec::new();
        Sarif::default()
            .write_with_root(report, Some(Path::new("/work/my repo")), &mut out)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn levels_follow_severity() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::High), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Low), "note");
        assert_eq!(level(Severity::Info), "note");
        assert_eq!(problem_severity(Severity::Critical), "error");
        assert_eq!(problem_severity(Severity::High), "error");
        assert_eq!(problem_severity(Severity::Medium), "warning");
        assert_eq!(problem_severity(Severity::Low), "recommendation");
        assert_eq!(problem_severity(Severity::Info), "recommendation");
    }

    #[test]
    fn output_is_deterministic_pretty_and_newline_terminated() {
        let a = render(&report());
        let b = render(&report());
        assert_eq!(a, b);
        assert!(a.ends_with("}\n"));
        assert!(a.contains("\n  \"version\": \"2.1.0\""));
    }

    #[test]
    fn log_content() {
        let log: Value = serde_json::from_str(&render(&report())).unwrap();
        let run = &log["runs"][0];
        assert_eq!(log["$schema"], SCHEMA_URI);
        assert_eq!(
            run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///work/my%20repo/"
        );
        assert_eq!(run["automationDetails"]["id"], "leastpriv/");
        assert_eq!(run["columnKind"], "utf16CodeUnits");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules[0]["id"], "IAM101");
        assert_eq!(rules[0]["defaultConfiguration"]["level"], "error");
        assert_eq!(rules[0]["properties"]["security-severity"], "9.5");
        assert_eq!(rules[0]["properties"]["problem.severity"], "error");
        assert_eq!(
            rules[0]["helpUri"],
            "https://github.com/leastpriv/leastpriv/blob/main/docs/rules/IAM101.md"
        );
        // "security" is added once, not duplicated
        assert_eq!(
            rules[1]["properties"]["tags"],
            serde_json::json!(["security", "test"])
        );
        assert_eq!(rules[1]["defaultConfiguration"]["level"], "note");

        let results = run["results"].as_array().unwrap();
        let whole = &results[0];
        assert_eq!(whole["ruleIndex"], 0);
        assert_eq!(whole["level"], "error");
        let loc = &whole["locations"][0];
        let art = &loc["physicalLocation"]["artifactLocation"];
        assert_eq!(art["uri"], "dir%20a/main.tf");
        assert_eq!(art["uriBaseId"], "%SRCROOT%");
        // the block ends with a newline: the region ends on the `}` line, not after it
        assert_eq!(
            loc["physicalLocation"]["region"],
            serde_json::json!({"startLine": 1, "startColumn": 1, "endLine": 3, "endColumn": 2})
        );
        assert_eq!(loc["logicalLocations"][0]["fullyQualifiedName"], "x.y");
        assert_eq!(loc["logicalLocations"][0]["kind"], "resource");
        assert_eq!(whole["partialFingerprints"][FINGERPRINT_KEY], "aaaa:1");
        assert!(whole["partialFingerprints"]
            .get("primaryLocationLineHash")
            .is_none());
        assert_eq!(whole["properties"]["severity"], "critical");

        let empty = &results[1];
        assert_eq!(empty["ruleIndex"], 1);
        assert_eq!(empty["level"], "note");
        assert_eq!(
            empty["locations"][0]["physicalLocation"]["region"],
            serde_json::json!({"startLine": 2, "startColumn": 3, "endLine": 2, "endColumn": 4})
        );
        assert!(empty["locations"][0].get("logicalLocations").is_none());

        let inv = &run["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        let note = &inv["toolExecutionNotifications"][0];
        assert_eq!(note["level"], "error");
        assert_eq!(note["message"]["text"], "unexpected `{`");
        assert_eq!(
            note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "bad.tf"
        );
    }

    #[test]
    fn never_quotes_source_text() {
        let mut sources = SourceMap::default();
        let secret = "AKIAABCDEFGHIJKLMNOP";
        let text = format!("key = \"{secret}\"\n");
        let f = sources.add("k.tf".into(), "k.tf".into(), text.clone());
        let findings = vec![Finding {
            rule: &LOW,
            span: Span::new(f, 0, text.len()),
            address: String::new(),
            message: "credential".into(),
            related: Vec::new(),
            steps: Vec::new(),
            fingerprint: "cccc:1".into(),
        }];
        let r = Report::new(
            sources,
            findings,
            vec![&LOW],
            Stats::default(),
            Inventory::default(),
        );
        assert!(!render(&r).contains(secret));
    }

    #[test]
    fn uris() {
        assert_eq!(encode_path("a b/c#d%e.tf"), "a%20b/c%23d%25e.tf");
        assert_eq!(encode_path("ü.tf"), "%C3%BC.tf");
        assert_eq!(encode_path("x:y"), "x%3Ay");
        assert_eq!(file_uri("/tmp/a b.tf"), "file:///tmp/a%20b.tf");
        assert_eq!(file_uri("C:/a b.tf"), "file:///C:/a%20b.tf");
        assert_eq!(directory_uri(Path::new("/w")), "file:///w/");
        assert_eq!(directory_uri(Path::new("/")), "file:///");
        let abs = artifact_location("/tmp/x.tf");
        assert_eq!(abs.uri, "file:///tmp/x.tf");
        assert_eq!(abs.uri_base_id, None);
        let rel = artifact_location("infra/x.tf");
        assert_eq!(rel.uri_base_id, Some(SRCROOT));
    }

    #[test]
    fn regions_are_never_empty() {
        let mut r = Region {
            start_line: 4,
            start_column: 7,
            end_line: 4,
            end_column: 7,
        };
        normalize_region(&mut r);
        assert_eq!((r.end_line, r.end_column), (4, 8));
        let mut ok = Region {
            start_line: 1,
            start_column: 5,
            end_line: 2,
            end_column: 1,
        };
        normalize_region(&mut ok);
        assert_eq!((ok.end_line, ok.end_column), (2, 1));
    }

    #[test]
    fn category() {
        assert_eq!(Sarif::with_category("iac").automation_id, "iac/");
        assert_eq!(Sarif::with_category("iac/").automation_id, "iac/");
        assert_eq!(Sarif::new().automation_id, DEFAULT_AUTOMATION_ID);
    }
}
