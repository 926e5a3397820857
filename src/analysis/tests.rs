//! Tests of effective permissions and paths on small Terraform inventories.

use crate::analysis::effective::{Effective, PrincipalId};
use crate::analysis::{analyse, describe};
use crate::discover::InputKind;
use crate::model::semantics::{Context, Tri};
use crate::model::{Inventory, PrincipalKind};
use crate::parse::Input;
use crate::source::FileId;

fn inventory(text: &str) -> Inventory {
    let mut inv = crate::parse::hcl::parse(Input {
        file: FileId(0),
        rel_path: "main.tf",
        scope: "",
        text,
        kind: InputKind::Hcl,
    });
    assert!(inv.parse_errors.is_empty(), "{:?}", inv.parse_errors);
    crate::link::link(&mut inv);
    inv
}

fn role(index: usize) -> PrincipalId {
    PrincipalId {
        kind: PrincipalKind::Role,
        index,
    }
}

const ROLE: &str = r#"
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
  BOUNDARY
}
resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_iam_policy" "boundary" {
  name   = "boundary"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
}
"#;

fn with_boundary(boundary: &str) -> Inventory {
    inventory(&ROLE.replace("BOUNDARY", boundary))
}

#[test]
fn aws_managed_policies_grant_their_statements() {
    let inv = with_boundary("");
    let eff = Effective::of(&inv, role(0));
    let cx = Context::new();
    assert_eq!(eff.admin(&cx).answer, Tri::Yes);
    let d = eff.allows("iam:PassRole", "*", &cx);
    assert_eq!(d.answer, Tri::Yes);
    // the grant points at the attachment, not into the embedded document
    assert_eq!(d.grants.len(), 1);
    assert!(d.grants[0].label.contains("AdministratorAccess"));
}

#[test]
fn a_boundary_limits_by_reference_by_arn_or_stays_unknown() {
    let cx = Context::new();
    let by_ref = with_boundary("permissions_boundary = aws_iam_policy.boundary.arn");
    let eff = Effective::of(&by_ref, role(0));
    assert_eq!(eff.allows("s3:GetObject", "*", &cx).answer, Tri::Yes);
    assert_eq!(eff.allows("iam:PassRole", "*", &cx).answer, Tri::No);
    assert_eq!(eff.admin(&cx).answer, Tri::No);

    let by_name =
        with_boundary("permissions_boundary = \"arn:aws:iam::111122223333:policy/boundary\"");
    let eff = Effective::of(&by_name, role(0));
    assert_eq!(eff.allows("iam:PassRole", "*", &cx).answer, Tri::No);

    let managed =
        with_boundary("permissions_boundary = \"arn:aws:iam::aws:policy/ReadOnlyAccess\"");
    let eff = Effective::of(&managed, role(0));
    assert_eq!(eff.allows("s3:GetObject", "*", &cx).answer, Tri::Yes);
    assert_eq!(eff.allows("s3:PutObject", "*", &cx).answer, Tri::No);

    let unknown = with_boundary("permissions_boundary = var.boundary");
    let eff = Effective::of(&unknown, role(0));
    assert_eq!(eff.allows("s3:GetObject", "*", &cx).answer, Tri::Unknown);
    assert_eq!(eff.admin(&cx).answer, Tri::Unknown);
}

#[test]
fn an_unresolved_attachment_makes_answers_unknown() {
    let inv = inventory(
        r#"
resource "aws_iam_user" "u" { name = "u" }
resource "aws_iam_user_policy" "u" {
  user   = aws_iam_user.u.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }] })
}
resource "aws_iam_user_policy_attachment" "u" {
  user       = aws_iam_user.u.name
  policy_arn = var.other
}
resource "aws_iam_user_group_membership" "u" {
  user   = aws_iam_user.u.name
  groups = ["not-in-the-scan"]
}
"#,
    );
    let user = PrincipalId {
        kind: PrincipalKind::User,
        index: 0,
    };
    let eff = Effective::of(&inv, user);
    assert_eq!(eff.sources.len(), 3);
    let d = eff.allows("iam:CreateAccessKey", "*", &Context::new());
    assert_eq!(d.answer, Tri::Unknown);
    let analysis = analyse(&inv);
    let s = analysis.subject(user).expect("subject");
    assert!(s.methods.iter().all(|f| f.answer == Tri::Unknown));
    assert!(!s.methods.is_empty());
    assert_eq!(describe(&inv, user), "user \"u\"");
}

#[test]
fn trust_policies_admit_by_arn_reference_or_own_account_root_only() {
    let inv = inventory(
        r#"
data "aws_caller_identity" "current" {}
resource "aws_iam_user" "a" { name = "a" }
resource "aws_iam_user_policy" "a" {
  user   = aws_iam_user.a.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }] })
}
resource "aws_iam_role" "by_name" {
  name = "by-name"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:user/a" } }] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
resource "aws_iam_role" "own_root" {
  name = "own-root"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" } }] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
resource "aws_iam_role" "other_root" {
  name = "other-root"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::444455556666:root" } }] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
resource "aws_iam_role" "denied" {
  name = "denied"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } },
    { Effect = "Deny", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:user/a" } },
  ] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}
"#,
    );
    let analysis = analyse(&inv);
    // one path from user a, to the first admissible role (by-name); the roles themselves
    // are administrators and start no path
    assert_eq!(analysis.paths.len(), 1);
    let p = &analysis.paths[0];
    assert_eq!(describe(&inv, p.from), "user \"a\"");
    assert_eq!(p.hops.len(), 1);
    assert_eq!(describe(&inv, p.hops[0].role), "role \"by-name\"");
    let trusts = |role: usize| {
        super::paths::admits(
            &inv,
            self::role(role),
            PrincipalId {
                kind: PrincipalKind::User,
                index: 0,
            },
        )
        .is_some()
    };
    assert!(trusts(0));
    assert!(trusts(1));
    assert!(!trusts(2));
    assert!(!trusts(3));
}

const SCP: &str = r#"
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
resource "aws_organizations_organization" "org" {}
resource "aws_organizations_organizational_unit" "dev" {
  name      = "dev"
  parent_id = aws_organizations_organization.org.roots[0].id
}
resource "aws_organizations_policy" "guard" {
  name    = "guard"
  content = jsonencode({ Version = "2012-10-17", Statement = [
    { Effect = "Deny", Action = "iam:CreateAccessKey", Resource = "*" }
  ] })
}
resource "aws_organizations_policy_attachment" "guard" {
  policy_id = aws_organizations_policy.guard.id
  target_id = TARGET
}
"#;

#[test]
fn scps_limit_with_their_denies_only() {
    let cx = Context::new();
    // attached to the root: binds every member account
    let inv = inventory(&SCP.replace("TARGET", "aws_organizations_organization.org.roots[0].id"));
    let eff = Effective::of(&inv, role(0));
    assert_eq!(eff.allows("iam:CreateAccessKey", "*", &cx).answer, Tri::No);
    assert_eq!(eff.allows("iam:PassRole", "*", &cx).answer, Tri::Yes);
    assert_eq!(eff.admin(&cx).answer, Tri::No);
    // attached to an OU: the role may or may not be in it
    let inv = inventory(&SCP.replace("TARGET", "aws_organizations_organizational_unit.dev.id"));
    let eff = Effective::of(&inv, role(0));
    assert_eq!(
        eff.allows("iam:CreateAccessKey", "*", &cx).answer,
        Tri::Unknown
    );
    assert_eq!(eff.allows("iam:PassRole", "*", &cx).answer, Tri::Yes);
    // not attached: no limit
    let inv = inventory(&SCP.replace("TARGET", "\"\"").replace(
        "resource \"aws_organizations_policy_attachment\"",
        "resource \"aws_organizations_policy_attachment_unused\"",
    ));
    let eff = Effective::of(&inv, role(0));
    assert_eq!(eff.allows("iam:CreateAccessKey", "*", &cx).answer, Tri::Yes);
}
