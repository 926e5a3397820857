use crate::model::Inventory;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports a policy document that is not a valid IAM policy: text that is not JSON,
    /// a statement that is not an object, an `Effect` other than `Allow` or `Deny`, a
    /// missing `Effect`, unknown elements (`Actions` for `Action`), or values of the
    /// wrong type.
    ///
    /// ## Why is this bad?
    /// AWS rejects such a document at apply time, or, worse, a misspelt element is read
    /// differently from what the author meant. leastpriv cannot check what it cannot
    /// read, so the rest of that document goes unchecked until it is fixed.
    ///
    /// ## Example
    /// ```json
    /// { "Statement": [{ "Effect": "Permit", "Actions": "s3:GetObject", "Resource": "*" }] }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Version": "2012-10-17",
    ///   "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>
    pub MalformedPolicy {
        id: "IAM801",
        name: "malformed-policy",
        severity: Medium,
        precision: High,
        tags: ["validity"],
        summary: "Policy document is not a valid IAM policy",
    }
}

impl Rule for MalformedPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        for p in &inv.policy_problems {
            cx.report(&Self::META, p.span, &p.address, p.message.clone());
        }
    }
}
