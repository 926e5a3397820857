//! Variable values given from outside a module directory: `TF_VAR_name` environment
//! variables, `--var-file` files and `--var name=value` arguments.
//!
//! Terraform's precedence, later winning: a variable's `default` < `TF_VAR_name` <
//! `terraform.tfvars` < `*.auto.tfvars` (by name) < `--var-file` files (in order) <
//! `--var` arguments (in order). [`VarValues::env`] holds the values that go below the
//! module's own tfvars files, [`VarValues::cli`] those that go above them.
//!
//! A value from a var file is an HCL expression. A value from the command line or the
//! environment is read as Terraform reads it: as an HCL expression when the variable
//! declares a complex type (`list(...)`, `map(...)`, `object(...)`, `any`, ...), else as
//! a literal string (a number or bool for `type = number` / `type = bool`). Such values
//! are not written in any scanned file, so every span of their tree is the span of the
//! variable's declaration: a finding about them points at the `variable` block.

use hcl_edit::expr::Expression;

use super::eval::Eval;
use crate::parse::node::{Node, NodeKind};
use crate::source::Span;
use crate::value::Value;

/// Longest value text read (bytes); a longer value is unknown.
pub const MAX_VALUE_LEN: usize = 1 << 20;

/// One `name = value` given from outside the module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The variable's name.
    pub name: String,
    /// The value as written.
    pub text: String,
    /// True when `text` is always an HCL expression (a var file); false for a raw
    /// command-line or environment value, read according to the variable's type.
    pub hcl: bool,
}

/// Values for the root modules of a scan, in the order they apply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VarValues {
    /// `TF_VAR_name` values: above defaults, below the module's tfvars files.
    pub env: Vec<Assignment>,
    /// `--var-file` then `--var` values: above the module's tfvars files.
    pub cli: Vec<Assignment>,
}

impl VarValues {
    /// True when nothing is given.
    pub fn is_empty(&self) -> bool {
        self.env.is_empty() && self.cli.is_empty()
    }
}

/// The `TF_VAR_` assignments among environment variables (in the order given).
pub fn from_env<I: IntoIterator<Item = (String, String)>>(vars: I) -> Vec<Assignment> {
    vars.into_iter()
        .filter_map(|(k, v)| {
            let name = k.strip_prefix("TF_VAR_")?;
            (!name.is_empty()).then(|| Assignment {
                name: name.to_string(),
                text: v,
                hcl: false,
            })
        })
        .collect()
}

/// Reads a `--var name=value` argument.
pub fn from_arg(arg: &str) -> Result<Assignment, String> {
    match arg.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok(Assignment {
            name: name.trim().to_string(),
            text: value.to_string(),
            hcl: false,
        }),
        _ => Err(format!("--var {arg:?}: expected NAME=VALUE")),
    }
}

/// Reads a var file's attributes (`name = expression`) in order.
pub fn from_file(text: &str) -> Result<Vec<Assignment>, String> {
    if text.len() > MAX_VALUE_LEN {
        return Err(format!("larger than {MAX_VALUE_LEN} bytes"));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body = super::parse_body(text).map_err(|(_, message)| message)?;
    Ok(body
        .attributes()
        .filter_map(|a| {
            let range = hcl_edit::Span::span(&a.value)?;
            Some(Assignment {
                name: a.key.as_str().to_string(),
                text: text.get(range)?.to_string(),
                hcl: true,
            })
        })
        .collect())
}

/// True when a variable's `type` expression is a complex type, whose command-line values
/// Terraform reads as HCL.
pub fn complex_type(type_source: Option<&str>) -> bool {
    match type_source.map(str::trim) {
        None | Some("string" | "number" | "bool") => false,
        Some(_) => true,
    }
}

/// The value of an assignment for a variable declared at `at` whose `type` is
/// `type_source` (if written). Every span of the result is `at`.
pub fn value(a: &Assignment, type_source: Option<&str>, at: Span) -> Node {
    if a.text.len() > MAX_VALUE_LEN {
        return Node::new(at, NodeKind::Unknown(format!("var.{}", a.name)));
    }
    let mut node = if a.hcl || complex_type(type_source) {
        match parse_expr(&a.text) {
            Some(expr) => Eval::new(&a.text, at.file).node(&expr, at),
            None => Node::new(at, NodeKind::Unknown(format!("var.{}", a.name))),
        }
    } else {
        let text = a.text.as_str();
        match type_source.map(str::trim) {
            Some("number") if text.trim().parse::<f64>().is_ok_and(f64::is_finite) => {
                Node::new(at, NodeKind::Number(text.trim().to_string()))
            }
            Some("bool") if matches!(text, "true" | "false") => {
                Node::new(at, NodeKind::Bool(text == "true"))
            }
            _ => Node::new(at, NodeKind::Str(Value::Known(text.to_string()))),
        }
    };
    node.map_spans(&|_| at);
    node
}

/// Parses one expression; a parser failure (or panic) is `None`.
fn parse_expr(text: &str) -> Option<Expression> {
    std::panic::catch_unwind(|| hcl_edit::parser::parse_expr(text))
        .ok()?
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn at() -> Span {
        Span::new(FileId(3), 10, 20)
    }

    #[test]
    fn raw_values_follow_the_declared_type() {
        let a = from_arg("users=[\"a\", \"b\"]").unwrap();
        assert_eq!(a.name, "users");
        let list = value(&a, Some("list(string)"), at());
        assert_eq!(list.as_array().map(<[Node]>::len), Some(2));
        assert!(list.as_array().unwrap().iter().all(|n| n.span == at()));
        let s = value(&a, None, at());
        assert_eq!(
            s.kind,
            NodeKind::Str(Value::Known("[\"a\", \"b\"]".to_string()))
        );
        let n = value(&from_arg("n=3").unwrap(), Some("number"), at());
        assert_eq!(n.kind, NodeKind::Number("3".to_string()));
        let b = value(&from_arg("b=true").unwrap(), Some(" bool "), at());
        assert_eq!(b.kind, NodeKind::Bool(true));
        let bad = value(&from_arg("m={").unwrap(), Some("map(string)"), at());
        assert!(bad.is_unknown());
    }

    #[test]
    fn arguments_and_env() {
        assert!(from_arg("novalue").is_err());
        assert!(from_arg("=x").is_err());
        assert_eq!(from_arg("a=b=c").unwrap().text, "b=c");
        let env = from_env(vec![
            ("TF_VAR_x".to_string(), "1".to_string()),
            ("TF_VAR_".to_string(), "1".to_string()),
            ("HOME".to_string(), "/".to_string()),
        ]);
        assert_eq!(env.len(), 1);
        assert_eq!(env.first().map(|a| a.name.as_str()), Some("x"));
    }

    #[test]
    fn var_files_are_hcl() {
        let got = from_file("a = \"x\"\nb = [1, 2]\n").unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got.get(1).map(|a| a.text.as_str()), Some("[1, 2]"));
        assert!(got.iter().all(|a| a.hcl));
        assert!(from_file("a = \n").is_err());
        let v = value(got.get(1).unwrap(), None, at());
        assert_eq!(v.as_array().map(<[Node]>::len), Some(2));
    }
}
