use crate::model::{Inventory, PrincipalKind, Ref};
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an IAM user that is a member of no group. Memberships come from
    /// `aws_iam_user_group_membership`, `aws_iam_group_membership`, the `Groups` of an
    /// `AWS::IAM::User` and `AWS::IAM::UserToGroupAddition`, across every file of the scan.
    ///
    /// When the scan cannot tell, the user is not reported:
    ///
    /// - a membership names its user by an expression that is not resolved (a variable
    ///   without a value, an attribute of a resource outside the scan, `!ImportValue`),
    ///   or by a name that may be this user's;
    /// - a Terraform module the scan could not read (not installed, not a literal
    ///   source) may hold the memberships;
    /// - the scan declares no group and no membership at all: a repository (or module)
    ///   that only creates users usually leaves group management to another one, and
    ///   reporting every user there would be noise. A user-only repository is therefore
    ///   not checked by this rule.
    ///
    /// It does not see memberships made outside infrastructure code (the console, SCIM).
    ///
    /// ## Why is this bad?
    /// Permissions of people should come from groups that stand for their job, so that
    /// joining, moving and leaving are one membership change and a review reads a few
    /// group policies instead of every user. A user outside every group either has no
    /// permissions (and may be a leftover) or has them attached directly, which the
    /// groups-only practice forbids.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_user" "alice" {
    ///   name = "alice"
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// resource "aws_iam_user_group_membership" "alice" {
    ///   user   = aws_iam_user.alice.name
    ///   groups = [aws_iam_group.developers.name]
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege>
    pub UserNotInGroup {
        id: "IAM403",
        name: "user-not-in-group",
        severity: Low,
        precision: High,
        tags: ["users", "least-privilege"],
        summary: "IAM user is not a member of any group",
    }
}

/// Whether memberships the scan cannot place may belong to user `idx`.
fn maybe_member(inv: &Inventory, idx: usize) -> bool {
    let name = inv.users.get(idx).and_then(|u| u.name.as_known());
    inv.memberships.iter().any(|m| {
        m.user.kind == PrincipalKind::User
            && m.user.resolved.is_none()
            && match (&m.user.target, name) {
                (Ref::Literal(written), Some(name)) => written == name,
                _ => true,
            }
    })
}

impl Rule for UserNotInGroup {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        if inv.groups.is_empty() && inv.memberships.is_empty() {
            return;
        }
        if inv.notes.iter().any(|n| n.subject.contains("module.")) {
            return;
        }
        for (idx, user) in inv.users.iter().enumerate() {
            let member = inv
                .memberships
                .iter()
                .any(|m| m.user.kind == PrincipalKind::User && m.user.resolved == Some(idx));
            if member || maybe_member(inv, idx) {
                continue;
            }
            let who = match user.name.as_known() {
                Some(n) => format!("user \"{n}\""),
                None => format!("user {}", user.origin.address),
            };
            cx.report(
                &Self::META,
                user.origin.span,
                &user.origin.address,
                format!("{who} is not a member of any group; give people their permissions through groups"),
            );
        }
    }
}
