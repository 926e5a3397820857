//! What the scan could not evaluate, and why (`scan --show-unknown`): each unresolved
//! value that matters to IAM (a policy document, an attachment's policy or principal, an
//! inline policy's owner) and each module call that could not be followed, as a note with
//! its location and cause. Every reporter lists them when asked; none of them is a
//! finding, and none changes the exit code.

use crate::model::Inventory;
use crate::source::Span;

/// One thing not evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownNote {
    /// Where the value (or module call) is written.
    pub span: Span,
    /// What stayed unknown (`policy document of aws_iam_policy.ops`).
    pub subject: String,
    /// The expression, as written (empty for a module call).
    pub expression: String,
    /// Why it could not be evaluated.
    pub cause: String,
}

impl UnknownNote {
    /// The note as one line of prose.
    pub fn message(&self) -> String {
        if self.expression.is_empty() {
            format!("{}: {}", self.subject, self.cause)
        } else {
            format!(
                "{} is not known: `{}` {}",
                self.subject, self.expression, self.cause
            )
        }
    }
}

/// The notes of an inventory, in file order.
pub fn collect(inv: &Inventory) -> Vec<UnknownNote> {
    let mut out: Vec<UnknownNote> = super::inventory::unresolved(inv)
        .into_iter()
        .map(|(span, subject, expression)| UnknownNote {
            span,
            subject,
            cause: cause(&expression),
            expression,
        })
        .chain(inv.notes.iter().map(|n| UnknownNote {
            span: n.span,
            subject: n.subject.clone(),
            expression: String::new(),
            cause: n.cause.clone(),
        }))
        .collect();
    out.sort_by(|a, b| {
        (a.span.file, a.span.start, &a.subject).cmp(&(b.span.file, b.span.start, &b.subject))
    });
    out.dedup();
    out
}

/// Why an expression is unknown, from what it refers to: causes outside the code first
/// (a variable with no value, a module not in the scan, a value known only after apply),
/// then the evaluator's own limits.
pub fn cause(expression: &str) -> String {
    let refs = references(expression);
    let has = |root: &str| refs.iter().find(|(r, _)| r == root);
    if let Some((_, name)) = has("var") {
        return format!(
            "depends on variable `{name}`, which has no value here (no default, tfvars, --var or TF_VAR_)"
        );
    }
    if let Some((_, name)) = has("module") {
        return format!("depends on an output of module `{name}`, which was not evaluated");
    }
    if let Some((_, name)) = has("data") {
        return if matches!(
            name.as_str(),
            "aws_caller_identity" | "aws_partition" | "aws_region"
        ) {
            format!("depends on `data.{name}`, known only when Terraform runs")
        } else {
            format!("depends on data source `{name}`, read only when Terraform runs")
        };
    }
    if has("each").or(has("count")).is_some() {
        return "depends on a `count` / `for_each` whose instances are not known".into();
    }
    if let Some((root, name)) = refs
        .iter()
        .find(|(r, _)| !matches!(r.as_str(), "local" | "path" | "self" | "terraform"))
    {
        return format!("depends on `{root}.{name}`, known only after apply");
    }
    if let Some((_, name)) = has("local") {
        return format!("depends on local `{name}`, which could not be evaluated");
    }
    match leading_function(expression) {
        Some(f) => format!("calls `{f}`, which leastpriv does not evaluate here"),
        None => "is an expression leastpriv does not evaluate".into(),
    }
}

/// `(root, name)` of every `root.name` reference in an expression, skipping the inside
/// of string literals only roughly (enough to classify).
fn references(expression: &str) -> Vec<(String, String)> {
    let bytes = expression.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes
            .get(i)
            .copied()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && (i == 0
                || bytes
                    .get(i - 1)
                    .is_some_and(|&p| !ident(p) && p != b'.' && p != b'"'));
        if !starts {
            i += 1;
            continue;
        }
        let root_end = (i..bytes.len())
            .find(|&k| bytes.get(k).is_none_or(|&c| !ident(c)))
            .unwrap_or(bytes.len());
        if bytes.get(root_end) == Some(&b'.') {
            let name_end = (root_end + 1..bytes.len())
                .find(|&k| bytes.get(k).is_none_or(|&c| !ident(c)))
                .unwrap_or(bytes.len());
            if let (Some(root), Some(name)) = (
                expression.get(i..root_end),
                expression.get(root_end + 1..name_end),
            ) {
                if !name.is_empty() && !root.chars().all(|c| c.is_ascii_digit()) {
                    out.push((root.to_string(), name.to_string()));
                }
            }
        }
        i = root_end.max(i + 1);
    }
    out
}

/// The name of the function an expression calls at its top, if it is a call.
fn leading_function(expression: &str) -> Option<&str> {
    let e = expression.trim().trim_start_matches("${").trim_start();
    let end = e.find('(')?;
    let name = e.get(..end)?.trim();
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_name_what_the_value_depends_on() {
        assert!(cause("var.actions").contains("variable `actions`"));
        assert!(cause("replace(var.name, \"-\", \"_\")").contains("variable `name`"));
        assert!(cause("module.ci.role_arn").contains("module `ci`"));
        assert!(cause("data.aws_caller_identity.current.account_id")
            .contains("known only when Terraform runs"));
        assert!(cause("aws_s3_bucket.logs.arn")
            .contains("`aws_s3_bucket.logs`, known only after apply"));
        assert!(cause("each.value").contains("for_each"));
        assert!(cause("local.broken").contains("local `broken`"));
        assert!(cause("templatestring(x)").contains("`templatestring`"));
        assert!(cause("1 +").contains("does not evaluate"));
    }
}
