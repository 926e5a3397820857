use crate::analysis::{self, effective::At};
use crate::model::{Inventory, PrincipalKind};
use crate::rules::{Ctx, RawFinding, Related, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Counts the users and roles whose effective permissions make them administrator
    /// (every action on every resource, IAM included; AWS managed policies and group
    /// policies included) and reports when there are more than 3. One finding, at the
    /// first administrator in file order, with every administrator as a related
    /// location. Groups are not counted (their members are); principals whose
    /// administrator access rests on something the scan cannot resolve are not counted.
    /// The limit of 3 is the default of `thresholds: max_admins` in `.leastpriv.yaml`
    /// (docs/configuration.md).
    ///
    /// ## Why is this bad?
    /// Every administrator is a credential that can take the whole account. Keeping the
    /// set small makes it reviewable and limits the blast radius of one leaked key or
    /// one compromised pipeline.
    ///
    /// ## Example
    /// Four roles, each with `AdministratorAccess` attached.
    ///
    /// Use instead: give workloads least-privilege roles and keep administrator access
    /// to a few break-glass principals.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html>
    pub TooManyAdmins {
        id: "IAM305",
        name: "too-many-admins",
        severity: Medium,
        precision: High,
        tags: ["least-privilege"],
        summary: "More administrators than the allowed maximum",
    }
}

impl Rule for TooManyAdmins {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        let analysis = cx.analysis();
        let mut admins: Vec<_> = analysis
            .subjects
            .iter()
            .filter(|s| s.id.kind != PrincipalKind::Group && s.admin.answer.is_yes())
            .filter_map(|s| Some((s, s.id.get(inv)?)))
            .collect();
        let max = cx.thresholds().max_admins;
        if admins.len() <= max {
            return;
        }
        admins.sort_by_key(|(_, p)| (p.origin.span.file, p.origin.span.start));
        let Some((_, first)) = admins.first() else {
            return;
        };
        let mut related: Vec<Related> = Vec::new();
        for (s, p) in &admins {
            let who = analysis::describe(inv, s.id);
            related.push(Related {
                span: p.origin.span,
                message: format!("{who} is administrator"),
            });
            related.extend(At::related(
                &s.admin.grants,
                &format!("makes {who} administrator"),
            ));
        }
        let names: Vec<String> = admins
            .iter()
            .map(|(s, _)| analysis::describe(inv, s.id))
            .collect();
        cx.push(RawFinding {
            rule: &Self::META,
            span: first.origin.span,
            address: first.origin.address.clone(),
            message: format!(
                "{} principals are administrators (at most {max} allowed): {}",
                admins.len(),
                names.join(", ")
            ),
            related,
            steps: Vec::new(),
        });
    }
}
