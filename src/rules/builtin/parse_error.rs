use crate::model::Inventory;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports an input file (or part of one) that could not be parsed, with the
    /// parser's message at the position it gave. The rest of the scan goes on, and the
    /// exit code is 2 whatever `--fail-on` says, so a pipeline never mistakes an unread
    /// file for a clean one.
    ///
    /// ## Why is this bad?
    /// Whatever IAM the file declares went unchecked. Terraform would reject the file
    /// too, or the scanner met syntax it does not support yet (please report it).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_role" "app" {
    ///   name = "app"
    /// # the closing brace is missing
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// resource "aws_iam_role" "app" {
    ///   name = "app"
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://developer.hashicorp.com/terraform/language/syntax/configuration>
    pub ParseErrorNotice {
        id: "IAM900",
        name: "parse-error",
        severity: Info,
        precision: VeryHigh,
        tags: ["meta"],
        summary: "Input could not be parsed; its IAM was not checked",
    }
}

impl Rule for ParseErrorNotice {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        for e in &inv.parse_errors {
            cx.report(
                &Self::META,
                e.span,
                "",
                format!("could not parse: {}", e.message),
            );
        }
    }
}
