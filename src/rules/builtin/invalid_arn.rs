use crate::model::policy::{Item, Statement};
use crate::model::wildcard::has_wildcard;
use crate::model::Policy;
use crate::rules::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a `Resource` or `NotResource` entry that is neither `*` nor a well-formed
    /// ARN, `arn:partition:service:region:account:resource`: fewer than six
    /// `:`-separated parts (`arn:aws:s3::my-bucket`), a bare name (`my-bucket`), an unknown
    /// partition (`arn:amazon:…`), a service or region with characters AWS never uses,
    /// an account that is not 12 digits (or `aws`, or empty), or an empty resource part.
    /// Wildcards are accepted in every part, and a `*` that ends the last part written
    /// after the service spans the parts left out (`arn:aws:logs:*`,
    /// `arn:aws:sns:*:*`), as IAM lets a segment's final `*` match beyond the colons.
    ///
    /// Not reported: values that are not fully known (`${aws_s3_bucket.logs.arn}/*`,
    /// `arn:${data.aws_partition.current.partition}:s3:::logs`); principals and condition
    /// values.
    ///
    /// ## Why is this bad?
    /// IAM matches resources as text. A malformed ARN matches no resource, so an `Allow`
    /// grants nothing and a `Deny` protects nothing, and the policy may be rejected only
    /// at apply time. A bucket name where an ARN belongs is a common slip with S3.
    ///
    /// ## Example
    /// ```hcl
    /// statement {
    ///   actions   = ["s3:GetObject"]
    ///   resources = ["reports-bucket/*", "arn:aws:s3::reports-bucket"]
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```hcl
    /// statement {
    ///   actions   = ["s3:GetObject"]
    ///   resources = ["arn:aws:s3:::reports-bucket/*"]
    /// }
    /// ```
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html>
    /// - <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html>
    pub InvalidArn {
        id: "IAM804",
        name: "invalid-arn",
        severity: Medium,
        precision: High,
        tags: ["validity"],
        summary: "Resource is not a valid ARN",
    }
}

/// AWS partitions.
const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// What is wrong with a resource entry, or `None` when it is `*` or a well-formed ARN.
fn problem(resource: &str) -> Option<String> {
    if !resource.is_empty() && resource.bytes().all(|b| b == b'*') {
        return None;
    }
    let mut parts: Vec<&str> = resource.splitn(6, ':').collect();
    // a final `*` after the service matches across the colons of the parts left out
    if (4..6).contains(&parts.len()) && parts.last().is_some_and(|p| p.ends_with('*')) {
        parts.resize(6, "*");
    }
    let [arn, partition, service, region, account, rest] = parts.as_slice() else {
        return Some(if resource.starts_with("arn:") {
            format!(
                "`{resource}` has {} of the 6 `:`-separated parts of an ARN (arn:partition:service:region:account:resource)",
                parts.len()
            )
        } else {
            format!(
                "`{resource}` is not an ARN (arn:partition:service:region:account:resource) or `*`"
            )
        });
    };
    let wild = |s: &str| has_wildcard(s);
    let lower = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if *arn != "arn" && !wild(arn) {
        return Some(format!(
            "`{resource}` is not an ARN (arn:partition:service:region:account:resource) or `*`"
        ));
    }
    if !wild(partition) && !PARTITIONS.contains(partition) {
        return Some(format!(
            "`{resource}`: `{partition}` is not an AWS partition"
        ));
    }
    if service.is_empty() || !(wild(service) || lower(service)) {
        return Some(format!("`{resource}`: `{service}` is not a service name"));
    }
    if !(wild(region) || lower(region)) {
        return Some(format!("`{resource}`: `{region}` is not a region"));
    }
    let account_ok = account.is_empty()
        || *account == "aws"
        || wild(account)
        || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()));
    if !account_ok {
        return Some(format!(
            "`{resource}`: `{account}` is not an account id (12 digits)"
        ));
    }
    if rest.is_empty() {
        return Some(format!("`{resource}` has an empty resource part"));
    }
    None
}

impl Rule for InvalidArn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, st: &Statement, policy: &Policy, cx: &mut Ctx<'_>) {
        let items = [&st.resource, &st.not_resource]
            .into_iter()
            .flatten()
            .flat_map(|r| r.items.iter());
        for Item { value, span } in items {
            if let Some(msg) = value.as_known().and_then(problem) {
                cx.report(&Self::META, *span, &policy.origin.address, msg);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn well_formed_arns_pass() {
        for ok in [
            "*",
            "arn:aws:s3:::reports/*",
            "arn:aws:s3:::reports",
            "arn:aws:iam::111122223333:role/app",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "arn:aws-us-gov:dynamodb:us-gov-west-1:111122223333:table/t",
            "arn:*:ec2:*:*:instance/*",
            "arn:aws:logs:eu-west-1:111122223333:log-group:/app:*",
            "arn:aws:ec2:us-east-1::image/ami-1",
            "arn:aws:sns:*:1111*:topic",
            "arn:aws:logs:*",
            "arn:aws:sns:*:*",
            "arn:aws:dynamodb:eu-west-1:*",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn malformed_arns_fail() {
        for bad in [
            "reports-bucket/*",
            "arn:aws:s3::reports",
            "arn:amazon:s3:::reports",
            "arn:aws:S3:::reports",
            "arn:aws::::x",
            "arn:aws:iam::1111:role/app",
            "arn:aws:iam::111122223333:",
            "arn:aws:ec2:US-EAST-1:111122223333:instance/i-1",
            "arn:aws:*",
            "arn:aws:sns:*:reports",
            "arn:aws:S3:*",
            "",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}
