//! The plan's `configuration`: where each module's source is, and the expressions each
//! resource was written with (constant values and the references they make).
//!
//! Expressions tell a value the configuration sets apart from one the provider computes,
//! and name the resource an unknown value comes from (`aws_iam_role.app.name`), which is
//! how an attachment is linked to a role whose name is known only after apply.

use std::collections::HashMap;

use super::skim::Raw;

/// The configuration of every module, by module path without instance keys
/// (`""` for the root, `module.ci`, `module.ci.module.roles`).
#[derive(Debug, Default)]
pub struct Config<'a> {
    modules: HashMap<String, ModuleConfig<'a>>,
    /// True when the plan has a `configuration` section.
    pub present: bool,
}

/// One module of the configuration.
#[derive(Debug, Default)]
struct ModuleConfig<'a> {
    /// Directory relative to the root module's; `None` when not a local path.
    dir: Option<String>,
    /// `expressions` of each resource, by address within the module.
    resources: HashMap<String, Raw<'a>>,
}

/// Deepest module nesting followed.
const MAX_MODULE_DEPTH: usize = 32;

impl<'a> Config<'a> {
    /// Reads `configuration` (absent: nothing is known about expressions).
    pub fn read(configuration: Option<Raw<'a>>) -> Config<'a> {
        let mut cfg = Config::default();
        if let Some(root) = configuration.and_then(|c| c.get("root_module")) {
            cfg.present = true;
            cfg.module(root, String::new(), Some(String::new()), 0);
        }
        cfg
    }

    fn module(&mut self, m: Raw<'a>, path: String, dir: Option<String>, depth: usize) {
        if depth > MAX_MODULE_DEPTH {
            return;
        }
        let mut resources = HashMap::new();
        for r in m.get("resources").map(|r| r.items()).unwrap_or_default() {
            let (Some(address), Some(expressions)) = (
                r.get("address").and_then(|a| a.as_str()),
                r.get("expressions"),
            ) else {
                continue;
            };
            resources.insert(address, expressions);
        }
        for (name, call) in m
            .get("module_calls")
            .map(|c| c.members())
            .unwrap_or_default()
        {
            let child_dir = match (&dir, call.get("source").and_then(|s| s.as_str())) {
                (Some(parent), Some(source)) => join_local(parent, &source),
                _ => None,
            };
            let child_path = if path.is_empty() {
                format!("module.{name}")
            } else {
                format!("{path}.module.{name}")
            };
            if let Some(child) = call.get("module") {
                self.module(child, child_path, child_dir, depth + 1);
            }
        }
        self.modules.insert(path, ModuleConfig { dir, resources });
    }

    /// The source directory of a module path (without instance keys).
    pub fn dir(&self, module_path: &str) -> Option<String> {
        self.modules.get(module_path).and_then(|m| m.dir.clone())
    }

    /// The expressions of a resource, by module path and address within it (both without
    /// instance keys).
    pub fn expressions(&self, module_path: &str, address: &str) -> Option<Raw<'a>> {
        self.modules
            .get(module_path)
            .and_then(|m| m.resources.get(address))
            .copied()
    }
}

/// `parent` joined with a local module source (`./x`, `../x`); `None` for any other
/// source (registry, git, http) or a path that leaves the root's parent.
fn join_local(parent: &str, source: &str) -> Option<String> {
    if !(source.starts_with("./") || source.starts_with("../")) {
        return None;
    }
    let mut parts: Vec<&str> = parent.split('/').filter(|p| !p.is_empty()).collect();
    let mut ups = 0usize;
    for seg in source.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    ups += 1;
                }
            }
            s => parts.push(s),
        }
    }
    let mut out: Vec<&str> = std::iter::repeat_n("..", ups).collect();
    out.extend(parts);
    Some(out.join("/"))
}

/// The references an expression makes, as written (`aws_iam_role.app.name`,
/// `aws_iam_role.app`, `var.x`).
pub fn references(expr: Option<Raw<'_>>) -> Vec<String> {
    expr.and_then(|e| e.get("references"))
        .map(|r| r.items().iter().filter_map(|i| i.as_str()).collect())
        .unwrap_or_default()
}

/// The resource a set of references reads, with the attribute: the first reference of
/// the form `type.name[.attribute]` (instance key kept) to a managed resource. Terraform
/// before 0.14 lists only `type.name`; the attribute is then `default`.
pub fn resource_reference(refs: &[String], default: &str) -> Option<(String, String)> {
    let parsed: Vec<(String, String)> = refs
        .iter()
        .filter_map(|r| {
            let (ty, rest) = r.split_once('.')?;
            if !ty.starts_with("aws_") {
                return None;
            }
            let (name, attribute) = rest.split_once('.').unwrap_or((rest, ""));
            Some((format!("{ty}.{name}"), attribute.to_string()))
        })
        .collect();
    parsed
        .iter()
        .find(|(_, a)| !a.is_empty())
        .or_else(|| parsed.first())
        .map(|(address, attribute)| {
            let attribute = if attribute.is_empty() {
                default.to_string()
            } else {
                attribute.clone()
            };
            (address.clone(), attribute)
        })
}

/// `module.a[0].module.b["k"]` → `module.a.module.b`: a module instance path without
/// its instance keys.
pub fn strip_keys(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    for c in path.chars() {
        if depth > 0 {
            if in_str {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_str = false;
                }
            } else if c == '"' {
                in_str = true;
            } else if c == '[' {
                depth += 1;
            } else if c == ']' {
                depth -= 1;
            }
            continue;
        }
        if c == '[' {
            depth = 1;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_sources_join_and_others_do_not() {
        assert_eq!(
            join_local("", "./modules/ci").as_deref(),
            Some("modules/ci")
        );
        assert_eq!(
            join_local("modules/ci", "../roles").as_deref(),
            Some("modules/roles")
        );
        assert_eq!(
            join_local("", "../../shared").as_deref(),
            Some("../../shared")
        );
        assert_eq!(join_local("", "terraform-aws-modules/iam/aws"), None);
        assert_eq!(join_local("", "git::https://x/y.git"), None);
    }

    #[test]
    fn keys_are_stripped_from_module_paths() {
        assert_eq!(
            strip_keys(r#"module.a[0].module.b["x.]y"]"#),
            "module.a.module.b"
        );
        assert_eq!(strip_keys(""), "");
    }

    #[test]
    fn the_first_resource_reference_wins() {
        let refs = vec![
            "var.x".to_string(),
            "aws_iam_role.app.name".to_string(),
            "aws_iam_role.app".to_string(),
        ];
        assert_eq!(
            resource_reference(&refs, "arn"),
            Some(("aws_iam_role.app".to_string(), "name".to_string()))
        );
        assert_eq!(
            resource_reference(&["aws_iam_policy.p".to_string()], "arn"),
            Some(("aws_iam_policy.p".to_string(), "arn".to_string()))
        );
        assert_eq!(resource_reference(&["var.x".to_string()], "arn"), None);
    }
}
