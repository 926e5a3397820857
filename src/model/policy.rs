//! IAM policy documents: statements with their spans, in a form every input format fills.

use serde::Serialize;

use crate::source::Span;
use crate::value::Value;

/// A policy document, or what stood in its place.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Document {
    /// Parsed into statements.
    Parsed(PolicyDocument),
    /// An expression that could not be evaluated (a variable, a data source not yet
    /// evaluated, a value known only after apply). Its source text.
    Unknown {
        /// Source text of the expression.
        expr: String,
        /// Where it was written.
        #[serde(skip)]
        span: Span,
    },
    /// The text could not be read as a policy (a diagnostic was reported).
    Invalid {
        /// Why.
        message: String,
        /// Where it was written.
        #[serde(skip)]
        span: Span,
    },
}

impl Document {
    /// The parsed document, if any.
    pub fn parsed(&self) -> Option<&PolicyDocument> {
        match self {
            Document::Parsed(d) => Some(d),
            _ => None,
        }
    }

    /// Where the document (or its stand-in) was written.
    pub fn span(&self) -> Span {
        match self {
            Document::Parsed(d) => d.span,
            Document::Unknown { span, .. } | Document::Invalid { span, .. } => *span,
        }
    }
}

/// `{ Version, Id, Statement: [...] }`.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyDocument {
    /// Where the document was written.
    #[serde(skip)]
    pub span: Span,
    /// `Version`.
    pub version: Option<Value>,
    /// `Id`.
    pub id: Option<Value>,
    /// The statements that could be read.
    pub statements: Vec<Statement>,
    /// True when `Statement` (or part of it) was an unresolved expression, so the
    /// statements listed may not be all there are.
    pub statements_incomplete: bool,
}

/// `Allow`, `Deny`, or not known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// `"Allow"`.
    Allow,
    /// `"Deny"`.
    Deny,
    /// Unresolved or invalid; the text.
    Unknown(String),
}

/// One statement.
#[derive(Clone, Debug, Serialize)]
pub struct Statement {
    /// The whole statement.
    #[serde(skip)]
    pub span: Span,
    /// `Sid`.
    pub sid: Option<Value>,
    /// `Effect`.
    pub effect: Effect,
    /// `Action`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Items>,
    /// `NotAction`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_action: Option<Items>,
    /// `Resource`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Items>,
    /// `NotResource`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_resource: Option<Items>,
    /// `Principal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<Principals>,
    /// `NotPrincipal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_principal: Option<Principals>,
    /// `Condition`, flattened to one entry per operator and key.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// True when `Condition` (or part of it) was an unresolved expression.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub conditions_incomplete: bool,
}

impl Statement {
    /// True only when the effect is known to be `Allow`.
    pub fn is_allow(&self) -> bool {
        self.effect == Effect::Allow
    }

    /// True when the statement has any condition, known or not.
    pub fn has_conditions(&self) -> bool {
        !self.conditions.is_empty() || self.conditions_incomplete
    }
}

/// A string-or-list field such as `Action` or `Resource`.
#[derive(Clone, Debug, Serialize)]
pub struct Items {
    /// The whole field value.
    #[serde(skip)]
    pub span: Span,
    /// The items that could be read, each with its span.
    pub items: Vec<Item>,
    /// True when the list (or some element) was an unresolved expression that may add
    /// items not listed here.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub incomplete: bool,
}

/// One element of an [`Items`] list.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub struct Item {
    /// The value.
    pub value: Value,
    /// Where it was written.
    #[serde(skip)]
    pub span: Span,
}

impl Items {
    /// The first item that is exactly `*`.
    pub fn star(&self) -> Option<&Item> {
        self.items.iter().find(|i| i.value.is("*"))
    }

    /// True when some item is exactly `*`.
    pub fn has_star(&self) -> bool {
        self.star().is_some()
    }

    /// Known item texts.
    pub fn known(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| i.value.as_known())
    }

    /// True when every item is known and the list is complete.
    pub fn fully_known(&self) -> bool {
        !self.incomplete && self.items.iter().all(|i| i.value.is_known())
    }
}

/// `Principal` / `NotPrincipal`.
#[derive(Clone, Debug, Serialize)]
pub struct Principals {
    /// The whole field value.
    #[serde(skip)]
    pub span: Span,
    /// `"Principal": "*"`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub any: bool,
    /// `AWS`, `Service`, `Federated`, `CanonicalUser` (as written) with their values.
    pub entries: Vec<PrincipalEntry>,
    /// True when part of it was unresolved.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub incomplete: bool,
}

/// One principal type with its values.
#[derive(Clone, Debug, Serialize)]
pub struct PrincipalEntry {
    /// `AWS`, `Service`, `Federated`, `CanonicalUser`, or another key as written.
    pub kind: String,
    /// The identifiers.
    pub values: Items,
}

impl Principals {
    /// True when the principal is everyone: `"*"` or `{"AWS": "*"}` (or `*` under any type).
    pub fn is_everyone(&self) -> bool {
        self.any
            || self
                .entries
                .iter()
                .any(|e| (e.kind == "AWS" || e.kind == "*") && e.values.has_star())
    }

    /// The span of the `*` that makes the principal everyone, or the field's span.
    pub fn everyone_span(&self) -> Span {
        self.entries
            .iter()
            .find_map(|e| e.values.star().map(|i| i.span))
            .unwrap_or(self.span)
    }
}

/// One `operator → key → values` entry of a `Condition` block.
#[derive(Clone, Debug, Serialize)]
pub struct Condition {
    /// The entry.
    #[serde(skip)]
    pub span: Span,
    /// `StringEquals`, `ForAnyValue:StringLike`, `Bool`, … as written.
    pub operator: Value,
    /// The condition key, as written (`aws:MultiFactorAuthPresent`).
    pub key: Value,
    /// The values.
    pub values: Items,
}

impl Condition {
    /// The condition key lower-cased (keys are case-insensitive), if known.
    pub fn key_lower(&self) -> Option<String> {
        self.key.as_known().map(str::to_ascii_lowercase)
    }
}
