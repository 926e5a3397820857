//! Terraform's JSON syntax (`*.tf.json`), read as the HCL it stands for.
//!
//! A `.tf.json` file is translated into native syntax text that declares the same
//! blocks, attributes and expressions, and is then read with the rest of its module
//! directory exactly like a `.tf` file, so both syntaxes give the same model. The
//! translation follows Terraform's rules for the JSON syntax:
//!
//! - `resource` / `data` are `{ TYPE: { NAME: BODY | [BODY, ...] } }`; `module`,
//!   `variable`, `output` and `provider` are `{ NAME: BODY | [BODY, ...] }`; `locals` is
//!   `BODY | [BODY, ...]`; `terraform` and `moved` / `import` / `check` blocks are skipped;
//! - in a body, a key is a nested block when the schema makes it one (the block types
//!   of the IAM resources and data sources read, and the meta blocks `lifecycle`,
//!   `dynamic`, `provisioner`, `connection`, `validation`, ...); every other key is an
//!   attribute;
//! - every JSON string is a template (`"${aws_iam_role.app.name}"` is a reference),
//!   except a variable's `default` and `type`, which are a literal value and a type
//!   expression; a `"//"` key is a comment.
//!
//! The generated text never reaches a report: every span read from it is mapped back to
//! the JSON it came from through a [`Remap`], so findings point at the JSON file.

use crate::parse::json;
use crate::parse::node::{Node, NodeKind};
use crate::source::{FileId, Remap};
use crate::value::Value;

/// Body keys that are nested blocks in the JSON syntax (for the resources leastpriv
/// reads and Terraform's own meta blocks).
const BLOCK_KEYS: &[&str] = &[
    "statement",
    "principals",
    "not_principals",
    "condition",
    "inline_policy",
    "dynamic",
    "content",
    "lifecycle",
    "provisioner",
    "connection",
    "validation",
    "precondition",
    "postcondition",
    "timeouts",
    "assume_role",
    "default_tags",
];

/// Deepest body nesting translated.
const MAX_DEPTH: usize = 64;

/// A translation error at a byte offset of the JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Byte offset in the JSON text.
    pub offset: usize,
    /// What was wrong.
    pub message: String,
}

/// The native syntax text a `.tf.json` text stands for, the map from its offsets back
/// to the JSON's, and the strings whose template is not valid (each read as `null`; the
/// error's offset is the translation's, as every span of a translated file is).
pub type Translation = (String, Remap, Vec<Error>);

/// Translates a `.tf.json` text (see the module docs); an error when it is not a JSON
/// object.
pub fn to_hcl(text: &str) -> Result<Translation, Error> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let base = text.len() - body.len();
    let root = json::parse(body, FileId(0), base, json::Options::default()).map_err(|e| Error {
        offset: e.offset + base,
        message: format!("invalid JSON: {}", e.message),
    })?;
    let Some(members) = root.as_object() else {
        return Err(Error {
            offset: root.span.start as usize,
            message: "a .tf.json file must hold a JSON object".into(),
        });
    };
    let mut w = Writer::default();
    for (key, value) in members {
        let Value::Known(kind) = &key.name else {
            continue;
        };
        match kind.as_str() {
            "resource" | "data" => {
                for (t, by_name) in object(value) {
                    for (name, bodies) in object(by_name) {
                        for b in one_or_many(bodies) {
                            w.block(kind, &[&t, &name], b, b.span.start as usize);
                        }
                    }
                }
            }
            "module" | "variable" | "output" | "provider" => {
                for (name, bodies) in object(value) {
                    for b in one_or_many(bodies) {
                        w.block(kind, &[&name], b, b.span.start as usize);
                    }
                }
            }
            "locals" => {
                for b in one_or_many(value) {
                    w.block("locals", &[], b, b.span.start as usize);
                }
            }
            _ => {}
        }
    }
    Ok((w.out, w.remap, w.problems))
}

/// The members of an object with known keys (anything else: none).
fn object(n: &Node) -> Vec<(String, &Node)> {
    n.as_object()
        .unwrap_or(&[])
        .iter()
        .filter_map(|(k, v)| match &k.name {
            Value::Known(name) if name != "//" => Some((name.clone(), v)),
            _ => None,
        })
        .collect()
}

/// A body, or each body of an array of them.
fn one_or_many(n: &Node) -> Vec<&Node> {
    match &n.kind {
        NodeKind::Array(items) => items.iter().filter(|i| i.as_object().is_some()).collect(),
        NodeKind::Object(_) => vec![n],
        _ => Vec::new(),
    }
}

/// Builds the native text and its remap.
#[derive(Default)]
struct Writer {
    out: String,
    remap: Remap,
    problems: Vec<Error>,
}

impl Writer {
    /// Writes `text` standing for the JSON bytes `from..to`.
    fn emit(&mut self, text: &str, from: usize, to: usize) {
        self.remap.push(self.out.len(), from, to);
        self.out.push_str(text);
    }

    fn block(&mut self, kind: &str, labels: &[&str], body: &Node, at: usize) {
        let end = body.span.end as usize;
        let mut header = kind.to_string();
        for l in labels {
            header.push(' ');
            header.push_str(&quote(l, false));
        }
        header.push_str(" {\n");
        self.emit(&header, at, at + 1);
        let literal_default = kind == "variable";
        self.body(body, literal_default, 0);
        self.emit("}\n", end.saturating_sub(1), end);
    }

    fn body(&mut self, body: &Node, variable: bool, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for (key, value) in body.as_object().unwrap_or(&[]) {
            let Value::Known(name) = &key.name else {
                continue;
            };
            if name == "//" {
                continue;
            }
            let (ks, ke) = (key.span.start as usize, key.span.end as usize);
            if BLOCK_KEYS.contains(&name.as_str()) && !variable_attribute(variable, name) {
                self.nested(name, value, depth);
                continue;
            }
            if !is_identifier(name) {
                continue;
            }
            self.emit(&format!("{name} = "), ks, ke);
            let literal = variable && name == "default";
            if variable && name == "type" {
                if let NodeKind::Str(Value::Known(t)) = &value.kind {
                    self.emit(t, value.span.start as usize, value.span.end as usize);
                    self.emit("\n", ke, ke);
                    continue;
                }
            }
            self.value(value, literal, depth);
            self.emit("\n", value.span.end as usize, value.span.end as usize);
        }
    }

    /// A nested block key: `{ ... }`, `[{ ... }, ...]`, or for `dynamic` /
    /// `provisioner`, `{ LABEL: { ... } }`.
    fn nested(&mut self, name: &str, value: &Node, depth: usize) {
        let labelled = matches!(name, "dynamic" | "provisioner");
        for b in one_or_many(value) {
            if labelled {
                for (label, inner) in object(b) {
                    for ib in one_or_many(inner) {
                        self.nested_block(name, Some(&label), ib, depth);
                    }
                }
            } else {
                self.nested_block(name, None, b, depth);
            }
        }
    }

    fn nested_block(&mut self, name: &str, label: Option<&str>, b: &Node, depth: usize) {
        let (s, e) = (b.span.start as usize, b.span.end as usize);
        let header = match label {
            Some(l) => format!("{name} {} {{\n", quote(l, false)),
            None => format!("{name} {{\n"),
        };
        self.emit(&header, s, s + 1);
        self.body(b, false, depth + 1);
        self.emit("}\n", e.saturating_sub(1), e);
    }

    fn value(&mut self, n: &Node, literal: bool, depth: usize) {
        let (s, e) = (n.span.start as usize, n.span.end as usize);
        if depth > MAX_DEPTH {
            self.emit("null", s, e);
            return;
        }
        match &n.kind {
            NodeKind::Null => self.emit("null", s, e),
            NodeKind::Bool(b) => self.emit(if *b { "true" } else { "false" }, s, e),
            NodeKind::Number(x) => self.emit(x, s, e),
            NodeKind::Str(v) => {
                let text = match v {
                    Value::Known(t) => t.clone(),
                    other => other.render(),
                };
                let quoted = quote(&text, literal);
                let templated = !literal && (text.contains("${") || text.contains("%{"));
                match templated.then(|| hcl_edit::parser::parse_expr(&quoted)) {
                    Some(Err(err)) => {
                        // Terraform rejects this string; the rest of the file is read
                        self.problems.push(Error {
                            offset: self.out.len(),
                            message: format!(
                                "invalid template in a JSON string: {}",
                                err.message()
                            ),
                        });
                        self.emit("null", s, e);
                    }
                    _ => self.emit(&quoted, s, e),
                }
            }
            NodeKind::Array(items) => {
                self.emit("[", s, s + 1);
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        self.emit(", ", item.span.start as usize, item.span.start as usize);
                    }
                    self.value(item, literal, depth + 1);
                }
                self.emit("]", e.saturating_sub(1), e);
            }
            NodeKind::Object(members) => {
                self.emit("{\n", s, s + 1);
                for (k, v) in members {
                    let key = match &k.name {
                        Value::Known(name) if name != "//" => name.clone(),
                        _ => continue,
                    };
                    let (ks, ke) = (k.span.start as usize, k.span.end as usize);
                    // a key is a template too, but a literal one is the common case
                    self.emit(&format!("{} = ", quote(&key, true)), ks, ke);
                    self.value(v, literal, depth + 1);
                    self.emit("\n", v.span.end as usize, v.span.end as usize);
                }
                self.emit("}", e.saturating_sub(1), e);
            }
            NodeKind::Unknown(_) | NodeKind::Json(_) => self.emit("null", s, e),
        }
    }
}

/// In a `variable` block only `validation` is a block.
fn variable_attribute(variable: bool, name: &str) -> bool {
    variable && name != "validation"
}

/// True for a name HCL accepts as an attribute name.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A quoted HCL string holding `s`: as a template (interpolations and directives copied
/// as the expressions they are), or as a literal (`${` and `%{` escaped).
fn quote(s: &str, literal: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let opens = matches!(c, '$' | '%') && chars.get(i + 1) == Some(&'{');
        if opens && chars.get(i + 2).is_some() && !literal {
            if i > 0 && chars.get(i - 1) == Some(&c) && out.ends_with(c) {
                // `$${` is an escaped `${`: keep it literal
                out.push(c);
                i += 1;
                continue;
            }
            out.push(c);
            out.push('{');
            i += 2;
            copy_expression(&chars, &mut i, &mut out, 0);
            continue;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if opens => {
                out.push(c);
                out.push(c);
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
        i += 1;
    }
    out.push('"');
    out
}

/// Copies an interpolation's expression up to and including its closing `}`: strings
/// inside it (and their own interpolations) are copied as written.
fn copy_expression(chars: &[char], i: &mut usize, out: &mut String, depth: usize) {
    let mut braces = 0usize;
    while let Some(&c) = chars.get(*i) {
        *i += 1;
        match c {
            '\n' | '\r' => out.push(' '),
            '{' => {
                braces += 1;
                out.push(c);
            }
            '}' => {
                out.push(c);
                if braces == 0 {
                    return;
                }
                braces -= 1;
            }
            '"' => {
                out.push(c);
                while let Some(&d) = chars.get(*i) {
                    *i += 1;
                    out.push(d);
                    match d {
                        '\\' => {
                            if let Some(&e) = chars.get(*i) {
                                *i += 1;
                                out.push(e);
                            }
                        }
                        '"' => break,
                        '$' | '%' if chars.get(*i) == Some(&'{') && depth < 16 => {
                            out.push('{');
                            *i += 1;
                            copy_expression(chars, i, out, depth + 1);
                        }
                        _ => {}
                    }
                }
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_attributes_and_templates() {
        let text = r#"{
  "//": "generated",
  "resource": {
    "aws_iam_role": {
      "app": { "name": "app-${var.env}", "assume_role_policy": "{\"Statement\":[]}" }
    }
  },
  "data": {
    "aws_iam_policy_document": {
      "d": [{ "statement": [{ "actions": ["s3:*"], "condition": { "test": "Bool", "variable": "aws:SecureTransport", "values": ["true"] } }] }]
    }
  },
  "variable": { "env": { "type": "string", "default": "a${b}" } },
  "locals": { "x": 1 }
}"#;
        let (hcl, _, problems) = to_hcl(text).expect("translates");
        assert!(problems.is_empty());
        let expected = "resource \"aws_iam_role\" \"app\" {\nname = \"app-${var.env}\"\nassume_role_policy = \"{\\\"Statement\\\":[]}\"\n}\ndata \"aws_iam_policy_document\" \"d\" {\nstatement {\nactions = [\"s3:*\"]\ncondition {\ntest = \"Bool\"\nvariable = \"aws:SecureTransport\"\nvalues = [\"true\"]\n}\n}\n}\nvariable \"env\" {\ntype = string\ndefault = \"a$${b}\"\n}\nlocals {\nx = 1\n}\n";
        assert_eq!(hcl, expected);
        assert!(crate::parse::hcl::parse_body(&hcl).is_ok());
        let (hcl, _, _) =
            to_hcl(r#"{"locals": {"a": "${jsonencode(\"x${y}\")} $${z} \"q\""}}"#).expect("ok");
        assert_eq!(
            hcl,
            "locals {\na = \"${jsonencode(\"x${y}\")} $${z} \\\"q\\\"\"\n}\n"
        );
    }

    #[test]
    fn an_invalid_template_is_one_problem() {
        let text = "{\"locals\": {\n\"a\": \"${f(<X>)}\", \"b\": \"ok\"}}";
        let (hcl, _, problems) = to_hcl(text).expect("valid JSON");
        assert_eq!(hcl, "locals {\na = null\nb = \"ok\"\n}\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].offset, hcl.find("null").unwrap_or(0));
    }

    #[test]
    fn errors_and_odd_shapes_never_panic() {
        assert!(to_hcl("[1]").is_err());
        assert!(to_hcl("{").is_err());
        for text in [
            "{}",
            r#"{"resource": 1}"#,
            r#"{"resource": {"a": {"b": [1, {"x": null}]}}}"#,
            r#"{"locals": [{"a b": 1}, 2]}"#,
            r#"{"variable": {"v": {"default": {"k": ["${x}"]}}}}"#,
            r#"{"locals": {"a": "${jsonencode(\"x${y}\")} and $${z} \"q\"", "b": "${"}}"#,
        ] {
            let (hcl, _, _) = to_hcl(text).expect("valid JSON");
            assert!(
                crate::parse::hcl::parse_body(&hcl).is_ok(),
                "{text} -> {hcl}"
            );
        }
    }
}
