use crate::model::policy::Statement;
use crate::model::Policy;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a statement whose `Sid` repeats the `Sid` of an earlier statement of the same
    /// policy document. The later statement is reported. `Sid`s compare exactly
    /// (case-sensitively); empty and unresolved ones are not compared.
    ///
    /// Not reported: statements that `aws_iam_policy_document` merges by `Sid`
    /// (`source_policy_documents`, `override_policy_documents`): leastpriv evaluates that
    /// merge first, so only the merged statements are checked.
    ///
    /// ## Why is this bad?
    /// IAM requires `Sid`s to be unique within a policy, and many services reject a
    /// resource policy that repeats one. Where a duplicate is accepted, tools that merge or
    /// override statements by `Sid` (Terraform's policy documents among them) keep one and
    /// drop the other, so a reviewer may read a statement that is not in effect.
    ///
    /// ## Example
    /// ```json
    /// { "Version": "2012-10-17", "Statement": [
    ///   { "Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*" },
    ///   { "Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::a" } ] }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "Version": "2012-10-17", "Statement": [
    ///   { "Sid": "ReadObjects", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*" },
    ///   { "Sid": "ListBucket", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::a" } ] }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html>
    pub DuplicateSid {
        id: "IAM803",
        name: "duplicate-sid",
        severity: Low,
        precision: VeryHigh,
        tags: ["validity"],
        summary: "Two statements of one policy share a Sid",
    }
}

impl Rule for DuplicateSid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        let Some(sid) = st
            .sid
            .as_ref()
            .and_then(|s| s.as_known())
            .filter(|s| !s.is_empty())
        else {
            return;
        };
        let Some(doc) = policy.document.parsed() else {
            return;
        };
        let earlier = doc
            .statements
            .iter()
            .take_while(|other| !std::ptr::eq(*other, st))
            .any(|other| other.sid.as_ref().is_some_and(|s| s.is(sid)));
        if earlier {
            cx.report(
                &Self::META,
                st.span,
                &policy.origin.address,
                format!("`Sid` \"{sid}\" is used by an earlier statement of this policy; Sids must be unique"),
            );
        }
    }
}
