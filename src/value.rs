//! Scalar values that may be only partly known.
//!
//! A value the scanner cannot resolve (an unset variable, a reference to an attribute
//! known only after apply, a CloudFormation `!Ref`) is never guessed: it stays
//! [`Value::Unknown`] or, when only part of a string is unknown, [`Value::Partial`],
//! carrying the source text of what was not resolved. Rules must not make confident
//! findings from unknown parts.

use serde::Serialize;

/// A piece of a partly known string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Piece {
    /// Literal text.
    Lit(String),
    /// An expression that could not be resolved, as written in the source.
    Expr(String),
}

/// The unresolved partition of an [`Value::entity_arn`].
const ENTITY_PARTITION: &str = "partition";

/// The unresolved account of an [`Value::entity_arn`]: the account the scan deploys to.
const ENTITY_ACCOUNT: &str = "account_id";

/// Whether an unresolved expression is the account the scan deploys to: the account of an
/// [`Value::entity_arn`], Terraform's `data.aws_caller_identity` or CloudFormation's
/// `AWS::AccountId` pseudo parameter (a stack's own account).
pub fn is_scan_account(expr: &str) -> bool {
    expr == ENTITY_ACCOUNT || expr == "AWS::AccountId" || expr.contains("aws_caller_identity")
}

/// Whether an unresolved expression is the partition the scan deploys to.
fn is_scan_partition(expr: &str) -> bool {
    expr == ENTITY_PARTITION || expr == "AWS::Partition"
}

/// A scalar value: known, partly known, or unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Fully known text (numbers and booleans are kept as their text).
    Known(String),
    /// A string whose literal pieces are known and whose expressions are not.
    Partial(Vec<Piece>),
    /// Nothing is known; the source text of the expression.
    Unknown(String),
}

impl Value {
    /// A known value.
    pub fn known(s: impl Into<String>) -> Value {
        Value::Known(s.into())
    }

    /// An unknown value with its source text.
    pub fn unknown(expr: impl Into<String>) -> Value {
        Value::Unknown(expr.into())
    }

    /// Builds a value from pieces, collapsing to `Known` or `Unknown` where it can.
    pub fn from_pieces(pieces: Vec<Piece>) -> Value {
        let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
        for p in pieces {
            match (merged.last_mut(), p) {
                (_, Piece::Lit(s)) if s.is_empty() => {}
                (Some(Piece::Lit(prev)), Piece::Lit(s)) => prev.push_str(&s),
                (_, p) => merged.push(p),
            }
        }
        match merged.len() {
            0 => Value::Known(String::new()),
            1 => match merged.pop() {
                Some(Piece::Lit(s)) => Value::Known(s),
                Some(Piece::Expr(e)) => Value::Unknown(e),
                None => Value::Known(String::new()),
            },
            _ => {
                if merged.iter().all(|p| matches!(p, Piece::Lit(_))) {
                    let mut s = String::new();
                    for p in merged {
                        if let Piece::Lit(l) = p {
                            s.push_str(&l);
                        }
                    }
                    Value::Known(s)
                } else {
                    Value::Partial(merged)
                }
            }
        }
    }

    /// Splits a string containing `${...}` interpolations (as left inside JSON policy
    /// text by a heredoc or template) into known and unknown pieces. `$${` is a literal `${`.
    pub fn from_template_text(s: &str) -> Value {
        if !s.contains("${") {
            return Value::Known(s.to_string());
        }
        let bytes = s.as_bytes();
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'$'
                && bytes.get(i + 1) == Some(&b'$')
                && bytes.get(i + 2) == Some(&b'{')
            {
                lit.push_str("${");
                i += 3;
                continue;
            }
            if bytes[i] == b'$' && bytes.get(i + 1) == Some(&b'{') {
                // find the matching close brace, honouring nesting and quotes
                let mut depth = 0usize;
                let mut j = i + 1;
                let mut in_str = false;
                let mut end = None;
                while j < bytes.len() {
                    let c = bytes[j];
                    if in_str {
                        if c == b'\\' {
                            j += 1;
                        } else if c == b'"' {
                            in_str = false;
                        }
                    } else if c == b'"' {
                        in_str = true;
                    } else if c == b'{' {
                        depth += 1;
                    } else if c == b'}' {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(j);
                            break;
                        }
                    }
                    j += 1;
                }
                match end {
                    Some(e) => {
                        if !lit.is_empty() {
                            pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                        }
                        let inner = s.get(i + 2..e).unwrap_or("").trim().to_string();
                        pieces.push(Piece::Expr(inner));
                        i = e + 1;
                        continue;
                    }
                    None => {
                        lit.push_str(s.get(i..).unwrap_or(""));
                        break;
                    }
                }
            }
            // push one UTF-8 char
            let ch_len = utf8_len(bytes[i]);
            lit.push_str(s.get(i..i + ch_len).unwrap_or(""));
            i += ch_len.max(1);
        }
        if !lit.is_empty() {
            pieces.push(Piece::Lit(lit));
        }
        Value::from_pieces(pieces)
    }

    /// The text if fully known.
    pub fn as_known(&self) -> Option<&str> {
        match self {
            Value::Known(s) => Some(s),
            _ => None,
        }
    }

    /// True when fully known.
    pub fn is_known(&self) -> bool {
        matches!(self, Value::Known(_))
    }

    /// True when the value is exactly the known string `s`.
    pub fn is(&self, s: &str) -> bool {
        self.as_known() == Some(s)
    }

    /// The ARN of an IAM entity of the scan whose partition and account are known only at
    /// apply: `arn:${partition}:iam::${account_id}:<resource>`, for `resource` such as
    /// `role/ci/deploy` (what `aws_iam_role.deploy.arn` evaluates to).
    pub fn entity_arn(resource: &str) -> Value {
        Value::Partial(vec![
            Piece::Lit("arn:".into()),
            Piece::Expr(ENTITY_PARTITION.into()),
            Piece::Lit(":iam::".into()),
            Piece::Expr(ENTITY_ACCOUNT.into()),
            Piece::Lit(format!(":{resource}")),
        ])
    }

    /// Whether an unresolved piece of the value is the scan's own account
    /// ([`is_scan_account`]).
    pub fn names_scan_account(&self) -> bool {
        match self {
            Value::Partial(p) => p
                .iter()
                .any(|piece| matches!(piece, Piece::Expr(e) if is_scan_account(e))),
            _ => false,
        }
    }

    /// The `resource` of a value [`Value::entity_arn`] made (`role/ci/deploy`), or of the
    /// same shape written in CloudFormation (`arn:${AWS::Partition}:iam::${AWS::AccountId}:…`).
    pub fn entity_arn_resource(&self) -> Option<&str> {
        match self {
            Value::Partial(p) => match p.as_slice() {
                [Piece::Lit(a), Piece::Expr(partition), Piece::Lit(b), Piece::Expr(account), Piece::Lit(rest)]
                    if a == "arn:"
                        && is_scan_partition(partition)
                        && b == ":iam::"
                        && (account == ENTITY_ACCOUNT || account == "AWS::AccountId") =>
                {
                    rest.strip_prefix(':')
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The known literal text after the last unresolved piece (the whole text if known).
    /// `arn:${partition}:iam::aws:policy/AdministratorAccess` → `:iam::aws:policy/AdministratorAccess`.
    pub fn known_suffix(&self) -> Option<&str> {
        match self {
            Value::Known(s) => Some(s),
            Value::Partial(p) => match p.last() {
                Some(Piece::Lit(s)) => Some(s),
                _ => None,
            },
            Value::Unknown(_) => None,
        }
    }

    /// The known literal text before the first unresolved piece.
    pub fn known_prefix(&self) -> Option<&str> {
        match self {
            Value::Known(s) => Some(s),
            Value::Partial(p) => match p.first() {
                Some(Piece::Lit(s)) => Some(s),
                _ => None,
            },
            Value::Unknown(_) => None,
        }
    }

    /// The value as written in the source: an unknown value is its expression
    /// (`var.arn`), a partial one its template (`arn:${var.p}:s3:::x`).
    pub fn source_text(&self) -> String {
        match self {
            Value::Unknown(e) => e.clone(),
            _ => self.render(),
        }
    }

    /// The value as it would be written in Terraform: unknown parts as `${expr}`.
    pub fn render(&self) -> String {
        match self {
            Value::Known(s) => s.clone(),
            Value::Unknown(e) => format!("${{{e}}}"),
            Value::Partial(p) => {
                let mut out = String::new();
                for piece in p {
                    match piece {
                        Piece::Lit(s) => out.push_str(s),
                        Piece::Expr(e) => {
                            out.push_str("${");
                            out.push_str(e);
                            out.push('}');
                        }
                    }
                }
                out
            }
        }
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Value::Known(v) => s.serialize_str(v),
            Value::Unknown(e) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("unknown", e)?;
                m.end()
            }
            Value::Partial(_) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("partial", &self.render())?;
                m.end()
            }
        }
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_text_splits_pieces() {
        let v = Value::from_template_text("arn:aws:s3:::${var.bucket}/*");
        assert_eq!(
            v,
            Value::Partial(vec![
                Piece::Lit("arn:aws:s3:::".into()),
                Piece::Expr("var.bucket".into()),
                Piece::Lit("/*".into())
            ])
        );
        assert_eq!(v.render(), "arn:aws:s3:::${var.bucket}/*");
        assert_eq!(
            Value::from_template_text("${var.x}"),
            Value::unknown("var.x")
        );
        assert_eq!(Value::from_template_text("a$${b}"), Value::known("a${b}"));
        assert_eq!(Value::from_template_text("*"), Value::known("*"));
        // unterminated interpolation stays literal
        assert_eq!(Value::from_template_text("x${y"), Value::known("x${y"));
    }

    #[test]
    fn suffix_of_partial_arn() {
        let v = Value::from_template_text(
            "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess",
        );
        assert_eq!(
            v.known_suffix(),
            Some(":iam::aws:policy/AdministratorAccess")
        );
        assert_eq!(v.known_prefix(), Some("arn:"));
        assert!(!v.is_known());
    }
}
