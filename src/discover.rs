//! Finds the files to scan and classifies them by extension and content.
//!
//! Walks with the `ignore` crate (honours `.gitignore`, `.ignore` and `.leastprivignore`
//! even outside a git repository), keeps hidden folders such as `.github/` visible, and
//! skips `.git`, `.terraform`, `.terragrunt-cache`, `node_modules` and `cdk.out` by name.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::error::Error;

/// Directories never entered.
pub const SKIP_DIRS: &[&str] = &[
    ".git",
    ".terraform",
    ".terragrunt-cache",
    "node_modules",
    "cdk.out",
];

/// Files larger than this are skipped (and counted) rather than read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InputKind {
    /// Terraform HCL (`.tf`).
    Hcl,
    /// Terraform variable values (`.tfvars`): searched for credentials.
    TfVars,
    /// Terraform JSON syntax (`.tf.json`).
    TfJson,
    /// `terraform show -json` output.
    TfPlan,
    /// CloudFormation / SAM template in JSON.
    CfnJson,
    /// CloudFormation / SAM template in YAML.
    CfnYaml,
}

impl InputKind {
    /// Short name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Hcl => "terraform",
            InputKind::TfVars => "tfvars",
            InputKind::TfJson => "terraform-json",
            InputKind::TfPlan => "terraform-plan",
            InputKind::CfnJson => "cloudformation-json",
            InputKind::CfnYaml => "cloudformation-yaml",
        }
    }
}

/// A candidate file: it may still turn out to be none of the [`InputKind`]s once read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Path on disk.
    pub path: PathBuf,
    /// Path for reports.
    pub rel_path: String,
}

/// The result of walking the inputs.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Files to read, sorted by report path.
    pub candidates: Vec<Candidate>,
    /// Files passed over: unsupported extension, excluded, or too large.
    pub skipped: usize,
    /// Paths that could not be walked, with why.
    pub errors: Vec<(PathBuf, String)>,
}

/// Walks `paths`, skipping what `exclude` globs match (matched against report paths).
pub fn discover(paths: &[PathBuf], exclude: &[String]) -> Result<Discovered, Error> {
    let excludes = build_globs(exclude)?;
    let cwd = std::env::current_dir().ok();
    let mut out = Discovered::default();
    for root in paths {
        if !root.exists() {
            return Err(Error::Usage(format!(
                "{}: no such file or directory",
                root.display()
            )));
        }
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .ignore(true)
            .parents(true)
            .add_custom_ignore_filename(".leastprivignore")
            .filter_entry(|e| {
                !(e.depth() > 0
                    && e.file_type().is_some_and(|t| t.is_dir())
                    && e.file_name()
                        .to_str()
                        .is_some_and(|n| SKIP_DIRS.contains(&n)))
            })
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    out.errors.push((root.clone(), err.to_string()));
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            let rel_path = report_path(path, cwd.as_deref());
            if excludes.is_match(&rel_path) || excludes.is_match(path) {
                out.skipped += 1;
                continue;
            }
            // a file named on the command line is read whatever its name
            if entry.depth() > 0 && !has_candidate_extension(path) {
                out.skipped += 1;
                continue;
            }
            if entry
                .metadata()
                .map(|m| m.len() > MAX_FILE_BYTES)
                .unwrap_or(false)
            {
                out.skipped += 1;
                out.errors.push((
                    path.to_path_buf(),
                    format!(
                        "larger than {} MiB, not read",
                        MAX_FILE_BYTES / (1024 * 1024)
                    ),
                ));
                continue;
            }
            out.candidates.push(Candidate {
                path: path.to_path_buf(),
                rel_path,
            });
        }
    }
    out.candidates.sort();
    out.candidates.dedup_by(|a, b| a.path == b.path);
    Ok(out)
}

fn build_globs(patterns: &[String]) -> Result<GlobSet, Error> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let g = Glob::new(p).map_err(|e| Error::Usage(format!("--exclude {p:?}: {e}")))?;
        b.add(g);
        // `dir` also excludes everything under it
        if !p.contains('*') {
            if let Ok(g) = Glob::new(&format!("{}/**", p.trim_end_matches('/'))) {
                b.add(g);
            }
        }
    }
    b.build().map_err(|e| Error::Usage(e.to_string()))
}

/// The path shown in reports: relative to the working directory when inside it.
pub fn report_path(path: &Path, cwd: Option<&Path>) -> String {
    let abs;
    let p = if path.is_absolute() {
        match cwd {
            Some(c) => match path.strip_prefix(c) {
                Ok(r) => r,
                Err(_) => path,
            },
            None => path,
        }
    } else {
        abs = path.components().collect::<PathBuf>();
        &abs
    };
    let s = p.to_string_lossy().replace('\\', "/");
    s.trim_start_matches("./").to_string()
}

fn has_candidate_extension(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    [
        ".tf",
        ".tfvars",
        ".json",
        ".yaml",
        ".yml",
        ".template",
        ".cfn",
        ".cform",
    ]
    .iter()
    .any(|ext| name.ends_with(ext))
}

/// Classifies a file by its name and, for JSON and YAML, its content. `None`: not ours.
pub fn classify(path: &Path, text: &str) -> Option<InputKind> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if name.ends_with(".tf") {
        return Some(InputKind::Hcl);
    }
    if name.ends_with(".tfvars") {
        return Some(InputKind::TfVars);
    }
    if name.ends_with(".tf.json") {
        return Some(InputKind::TfJson);
    }
    if name.ends_with(".tfvars.json") {
        return Some(InputKind::TfVars);
    }
    let head = text.get(..text.len().min(64 * 1024)).unwrap_or(text);
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    let looks_json = trimmed.starts_with('{');
    if looks_json {
        if head.contains("\"format_version\"")
            && (text.contains("\"planned_values\"") || text.contains("\"resource_changes\""))
        {
            return Some(InputKind::TfPlan);
        }
        if head.contains("\"AWSTemplateFormatVersion\"")
            || (text.contains("\"Resources\"") && text.contains("\"AWS::"))
        {
            return Some(InputKind::CfnJson);
        }
        return None;
    }
    // YAML templates: any name without another format's extension, told by content
    let yaml_name = [".yaml", ".yml", ".template", ".cfn", ".cform"]
        .iter()
        .any(|ext| name.ends_with(ext))
        || !name.contains('.');
    (yaml_name && yaml_template_content(head, text)).then_some(InputKind::CfnYaml)
}

/// A CloudFormation template in YAML: a top-level `AWSTemplateFormatVersion`, or a
/// top-level `Resources:` and a resource type `AWS::…` (SAM templates may have neither
/// version nor anything else).
fn yaml_template_content(head: &str, text: &str) -> bool {
    let top_level = |t: &str, key: &str| {
        t.lines()
            .any(|l| l.starts_with(key) && l[key.len()..].trim_start().starts_with(':'))
    };
    top_level(head, "AWSTemplateFormatVersion")
        || top_level(head, "\"AWSTemplateFormatVersion\"")
        || (top_level(text, "Resources")
            && text.lines().any(|l| {
                let l = l.trim_start().trim_start_matches("- ");
                l.strip_prefix("Type:")
                    .map(|r| r.trim_start().trim_start_matches(['"', '\'']))
                    .is_some_and(|r| r.starts_with("AWS::") || r.starts_with("Custom::"))
            }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_name_and_content() {
        let p = Path::new;
        assert_eq!(classify(p("a/main.tf"), ""), Some(InputKind::Hcl));
        assert_eq!(classify(p("prod.tfvars"), ""), Some(InputKind::TfVars));
        assert_eq!(classify(p("main.tf.json"), "{}"), Some(InputKind::TfJson));
        assert_eq!(
            classify(
                p("x.json"),
                r#"{"format_version":"1.2","planned_values":{}}"#
            ),
            Some(InputKind::TfPlan)
        );
        assert_eq!(
            classify(
                p("t.json"),
                r#"{"Resources":{"R":{"Type":"AWS::IAM::Role"}}}"#
            ),
            Some(InputKind::CfnJson)
        );
        assert_eq!(
            classify(p("t.yaml"), "Resources:\n  R:\n    Type: AWS::IAM::Role\n"),
            Some(InputKind::CfnYaml)
        );
        assert_eq!(classify(p("package.json"), r#"{"name":"x"}"#), None);
        assert_eq!(classify(p("ci.yml"), "on: push\n"), None);
        // any name without another format's extension, by content
        assert_eq!(
            classify(
                p("stack"),
                "AWSTemplateFormatVersion: 2010-09-09\nResources: {}\n"
            ),
            Some(InputKind::CfnYaml)
        );
        assert_eq!(
            classify(
                p("app.cfn"),
                "Resources:\n  R:\n    Type: 'AWS::SNS::Topic'\n"
            ),
            Some(InputKind::CfnYaml)
        );
        assert_eq!(
            classify(
                p("t.template"),
                r#"{"Resources": {"R": {"Type": "AWS::SNS::Topic"}}}"#
            ),
            Some(InputKind::CfnJson)
        );
        // a snippet in documentation is not a template
        assert_eq!(
            classify(p("README.md"), "AWSTemplateFormatVersion: x\nResources:\n"),
            None
        );
        assert_eq!(
            classify(p("notes.yaml"), "text: Resources: AWS::IAM::Role\n"),
            None
        );
    }
}
