use crate::model::Inventory;
use crate::rules::builtin::scp_deny_root_missing::{first_origin, has_unread_module};
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// In a scan that is an account or organization baseline, reports that it creates no
    /// IAM Access Analyzer analyzer (`aws_accessanalyzer_analyzer`,
    /// `AWS::AccessAnalyzer::Analyzer`, of any type). A scan is a baseline when it
    /// declares the account password policy (`aws_iam_account_password_policy`), a
    /// service control policy, or the organization itself
    /// (`aws_organizations_organization`, `AWS::Organizations::Organization`); other
    /// scans (an application's roles) are never reported.
    ///
    /// It reports once per scan, at the first of those declarations (by file, then
    /// position). An analyzer declared with a `count` or `for_each` counts as present,
    /// even when switched off (`count = 0`): like every resource, it is read as code a
    /// caller can switch on. A scan with a module it could
    /// not read (see `--show-unknown`) is not reported, since the analyzer could be in
    /// it. Analyzers created outside the scan (by another repository, by hand, by a
    /// delegated administrator account) are not seen.
    ///
    /// ## Why is this bad?
    /// Access Analyzer reports resources shared outside the account or organization (a
    /// bucket policy open to the world, a role trusting an unknown account, a public
    /// snapshot) as they appear. Without it nobody is told when an unintended grant
    /// goes live; the baseline is where every account gets one.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_account_password_policy" "baseline" {
    ///   minimum_password_length = 14
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// resource "aws_iam_account_password_policy" "baseline" {
    ///   minimum_password_length = 14
    /// }
    ///
    /// resource "aws_accessanalyzer_analyzer" "account" {
    ///   analyzer_name = "account"
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/what-is-access-analyzer.html>
    /// - CIS AWS Foundations Benchmark 1.20 (IAM Access Analyzer enabled in all regions)
    pub AccessAnalyzerMissing {
        id: "IAM607",
        name: "access-analyzer-missing",
        severity: Low,
        precision: Medium,
        tags: ["account", "monitoring", "cis-1.20"],
        summary: "Account baseline creates no IAM Access Analyzer",
    }
}

impl Rule for AccessAnalyzerMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_inventory(&self, inv: &Inventory, cx: &mut Ctx<'_>) {
        if !inv.access_analyzers.is_empty() || has_unread_module(inv) {
            return;
        }
        let baseline = inv
            .password_policies
            .iter()
            .map(|p| &p.origin)
            .chain(inv.service_control_policies.iter().map(|p| &p.origin))
            .chain(inv.organizations.iter().map(|o| &o.origin));
        let Some(first) = first_origin(baseline) else {
            return;
        };
        cx.report(
            &Self::META,
            first.span,
            &first.address,
            "this account baseline creates no IAM Access Analyzer analyzer \
             (`aws_accessanalyzer_analyzer`); unintended external access would go unnoticed",
        );
    }
}
