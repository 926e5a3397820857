//! `declare_rule!`: a rule's doc comment becomes its documentation, clippy-style.

/// Declares a built-in rule: a unit struct and its `META`, whose `docs` are the doc comment.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub FullAdminStatement {
///         id: "IAM101", name: "full-admin-statement", severity: High, precision: VeryHigh,
///         tags: ["least-privilege"], summary: "...",
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis $name:ident {
            id: $id:literal,
            name: $rname:literal,
            severity: $sev:ident,
            precision: $prec:ident,
            tags: [$($tag:literal),* $(,)?],
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $name;

        impl $name {
            /// This rule's metadata.
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                id: $id,
                name: $rname,
                severity: $crate::rules::Severity::$sev,
                precision: $crate::rules::Precision::$prec,
                tags: &[$($tag),*],
                summary: $summary,
                docs: concat!($($doc, "\n"),*),
                source: file!(),
            };
        }
    };
}

/// Builds the `BUILTIN` table from rule struct names.
#[macro_export]
macro_rules! impl_rule_list {
    ($($rule:ident),* $(,)?) => {
        /// Every built-in rule, in id order.
        pub static BUILTIN: &[&dyn Rule] = &[$(&$rule),*];
    };
}
