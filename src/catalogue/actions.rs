//! Services, actions, resource types and condition keys, and the queries over them.
//!
//! All actions sit in one vector, grouped by service (services sorted by prefix, actions
//! by name, both case-insensitively), so an action is a dense [`ActionId`] that later
//! analyses can use as a bit index, and a service is a contiguous range of ids: a pattern
//! with a literal service prefix (`s3:Get*`) only scans that service's actions.

use std::cmp::Ordering;
use std::ops::Range;

use crate::model::semantics::Tri;
use crate::model::wildcard::{self, has_wildcard};

/// How AWS classifies what an action does (the Service Authorization Reference's
/// "access level"). Actions AWS lists as "Tagging, Write" are [`AccessLevel::Tagging`] and
/// "Permissions management, Write" are [`AccessLevel::PermissionsManagement`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccessLevel {
    /// Lists resources.
    List,
    /// Reads resources or their data.
    Read,
    /// Creates, changes or deletes resources.
    Write,
    /// Changes who may do what (policies, grants, ACLs).
    PermissionsManagement,
    /// Changes tags only.
    Tagging,
}

impl AccessLevel {
    /// The name AWS uses (`Permissions management`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }

    /// The one-letter code of the data file (`L`, `R`, `W`, `P`, `T`).
    pub(crate) fn from_code(code: &str) -> Option<AccessLevel> {
        Some(match code {
            "L" => AccessLevel::List,
            "R" => AccessLevel::Read,
            "W" => AccessLevel::Write,
            "P" => AccessLevel::PermissionsManagement,
            "T" => AccessLevel::Tagging,
            _ => return None,
        })
    }

    /// True for levels that change something (write, permissions management, tagging).
    pub fn is_mutating(self) -> bool {
        !matches!(self, AccessLevel::List | AccessLevel::Read)
    }
}

/// Dense index of an action in the catalogue (`0..Catalogue::len()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActionId(pub u32);

/// A condition key as the catalogue lists it (`s3:x-amz-acl`, `aws:RequestTag/${TagKey}`).
#[derive(Clone, Debug)]
pub struct ConditionKey {
    pub(crate) name: Box<str>,
    pub(crate) value_type: Box<str>,
    /// The name with its placeholders (`${TagKey}`, `<key>`) turned into `*`, when it has any.
    pub(crate) pattern: Option<Box<str>>,
}

impl ConditionKey {
    /// The key as AWS documents it, placeholders included.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its value type (`String`, `ARN`, `Bool`, `ArrayOfString`, …); empty when not listed.
    pub fn value_type(&self) -> &str {
        &self.value_type
    }

    /// True when a key used in a policy is this key: case-insensitively, with each
    /// placeholder standing for any text (`aws:RequestTag/team` is `aws:RequestTag/${TagKey}`).
    pub fn matches(&self, key: &str) -> bool {
        match &self.pattern {
            Some(p) => wildcard::matches(p, key, true),
            None => self.name.eq_ignore_ascii_case(key),
        }
    }
}

/// A resource type of a service (`object` of S3) with its ARN format.
#[derive(Clone, Debug)]
pub struct ResourceType {
    pub(crate) name: Box<str>,
    pub(crate) arn: Box<str>,
    pub(crate) condition_keys: Box<[u16]>,
}

impl ResourceType {
    /// The type's name (`object`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its ARN format with AWS's placeholders
    /// (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`).
    pub fn arn_format(&self) -> &str {
        &self.arn
    }
}

/// A resource type an action can be scoped to.
#[derive(Clone, Copy, Debug)]
pub struct ResourceUse {
    pub(crate) index: u16,
    /// True when AWS marks the type as required for the action.
    pub required: bool,
}

/// An AWS service: its prefix, resource types, condition keys and range of actions.
#[derive(Clone, Debug)]
pub struct Service {
    pub(crate) prefix: Box<str>,
    pub(crate) name: Box<str>,
    pub(crate) actions: Range<u32>,
    pub(crate) resource_types: Vec<ResourceType>,
    pub(crate) condition_keys: Vec<ConditionKey>,
}

impl Service {
    /// The action prefix (`s3`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The service's name (`Amazon S3`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its resource types.
    pub fn resource_types(&self) -> &[ResourceType] {
        &self.resource_types
    }

    /// Every condition key its actions and resource types can receive (global keys aside).
    pub fn condition_keys(&self) -> &[ConditionKey] {
        &self.condition_keys
    }

    /// The ids of its actions.
    pub fn action_ids(&self) -> impl Iterator<Item = ActionId> {
        self.actions.clone().map(ActionId)
    }
}

/// One action (`s3:GetObject`).
#[derive(Clone, Debug)]
pub struct Action {
    pub(crate) full: Box<str>,
    pub(crate) colon: usize,
    pub(crate) id: ActionId,
    pub(crate) service: u16,
    pub(crate) access: AccessLevel,
    pub(crate) resources: Box<[ResourceUse]>,
    pub(crate) condition_keys: Box<[u16]>,
}

impl Action {
    /// `s3:GetObject`, as AWS spells it.
    pub fn full_name(&self) -> &str {
        &self.full
    }

    /// `s3`.
    pub fn prefix(&self) -> &str {
        self.full.get(..self.colon).unwrap_or("")
    }

    /// `GetObject`.
    pub fn name(&self) -> &str {
        self.full.get(self.colon + 1..).unwrap_or("")
    }

    /// Its index in the catalogue.
    pub fn id(&self) -> ActionId {
        self.id
    }

    /// Its access level.
    pub fn access_level(&self) -> AccessLevel {
        self.access
    }

    /// True when the action supports resource-level permissions: it has at least one
    /// resource type, so a policy can name the resources it applies to. An action without
    /// any (`s3:ListAllMyBuckets`, `ec2:DescribeInstances`) needs `"Resource": "*"`.
    pub fn has_resource_types(&self) -> bool {
        !self.resources.is_empty()
    }

    /// The resource types it can be scoped to, as indices into its service's types.
    pub fn resource_uses(&self) -> &[ResourceUse] {
        &self.resources
    }
}

/// The catalogue: every service and action.
#[derive(Debug, Default)]
pub struct Catalogue {
    pub(crate) services: Vec<Service>,
    pub(crate) actions: Vec<Action>,
    pub(crate) global_keys: Vec<ConditionKey>,
    pub(crate) source: String,
}

/// Compares ASCII case-insensitively, as the catalogue is sorted.
pub(crate) fn cmp_ci(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

impl Catalogue {
    /// Where the data came from (package, version, licence), from the data file's header.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Number of actions.
    pub fn len(&self) -> usize {
        self.actions.len()
    }

    /// True when nothing was loaded (never the case for the embedded data; see the tests).
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    /// Every service, sorted by prefix.
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// Every action, in id order.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// The action with this id.
    pub fn action(&self, id: ActionId) -> Option<&Action> {
        self.actions.get(id.0 as usize)
    }

    /// The service with this prefix, case-insensitively.
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        self.services
            .binary_search_by(|s| cmp_ci(&s.prefix, prefix))
            .ok()
            .and_then(|i| self.services.get(i))
    }

    /// The service an action belongs to.
    pub fn service_of(&self, action: &Action) -> Option<&Service> {
        self.services.get(usize::from(action.service))
    }

    /// The action named `prefix:Name`, case-insensitively (`S3:getobject`). Wildcards are
    /// not expanded here (see [`Catalogue::expand`]).
    pub fn lookup(&self, name: &str) -> Option<&Action> {
        let (prefix, action) = name.split_once(':')?;
        let svc = self.service(prefix)?;
        let slice = self.slice(svc.actions.clone());
        slice
            .binary_search_by(|a| cmp_ci(a.name(), action))
            .ok()
            .and_then(|i| slice.get(i))
    }

    fn slice(&self, r: Range<u32>) -> &[Action] {
        self.actions
            .get(r.start as usize..r.end as usize)
            .unwrap_or(&[])
    }

    /// The actions an IAM action pattern matches (`s3:Get*`, `iam:*`, `*`, `s3:?etObject`),
    /// case-insensitively, in id order. A pattern whose service part is literal scans
    /// only that service; a bare `*` yields everything without matching. A pattern with no
    /// `:` (other than all-`*`) matches nothing.
    pub fn expand<'a>(&'a self, pattern: &'a str) -> impl Iterator<Item = &'a Action> + 'a {
        let (range, mode) = self.plan(pattern);
        self.slice(range).iter().filter(move |a| match mode {
            Mode::All => true,
            Mode::Name(p) => wildcard::matches(p, a.name(), true),
            Mode::Full => wildcard::matches(pattern, &a.full, true),
        })
    }

    /// Which actions [`Catalogue::expand`] has to look at, and how to test them.
    fn plan<'a>(&self, pattern: &'a str) -> (Range<u32>, Mode<'a>) {
        let everything = 0..u32::try_from(self.actions.len()).unwrap_or(u32::MAX);
        if !pattern.is_empty() && pattern.bytes().all(|b| b == b'*') {
            return (everything, Mode::All);
        }
        let Some((svc_part, name_part)) = pattern.split_once(':') else {
            // `?`-only or literal text without a colon can never match `svc:Name`
            return if pattern.contains('*') {
                (everything, Mode::Full)
            } else {
                (0..0, Mode::All)
            };
        };
        if has_wildcard(svc_part) {
            return (everything, Mode::Full);
        }
        match self.service(svc_part) {
            Some(svc) if !has_wildcard(name_part) => {
                let slice = self.slice(svc.actions.clone());
                match slice.binary_search_by(|a| cmp_ci(a.name(), name_part)) {
                    Ok(i) => {
                        let at = svc.actions.start + u32::try_from(i).unwrap_or(0);
                        (at..at + 1, Mode::All)
                    }
                    Err(_) => (0..0, Mode::All),
                }
            }
            Some(svc) if name_part.bytes().all(|b| b == b'*') && !name_part.is_empty() => {
                (svc.actions.clone(), Mode::All)
            }
            Some(svc) => (svc.actions.clone(), Mode::Name(name_part)),
            None => (0..0, Mode::All),
        }
    }

    /// True when the pattern matches at least one action.
    pub fn matches_any(&self, pattern: &str) -> bool {
        self.expand(pattern).next().is_some()
    }

    /// The resource types an action can be scoped to, with whether each is required.
    pub fn resource_types<'a>(
        &'a self,
        action: &'a Action,
    ) -> impl Iterator<Item = (&'a ResourceType, bool)> + 'a {
        let svc = self.service_of(action);
        action.resources.iter().filter_map(move |u| {
            svc.and_then(|s| s.resource_types.get(usize::from(u.index)))
                .map(|t| (t, u.required))
        })
    }

    /// The condition keys an action can receive: its own, those of its resource types
    /// (a key may appear more than once), and the global `aws:` keys every request carries.
    pub fn condition_keys<'a>(
        &'a self,
        action: &'a Action,
    ) -> impl Iterator<Item = &'a ConditionKey> + 'a {
        let svc = self.service_of(action);
        let own = action.condition_keys.iter().copied();
        let of_types = self
            .resource_types(action)
            .flat_map(|(t, _)| t.condition_keys.iter().copied());
        own.chain(of_types)
            .filter_map(move |i| svc.and_then(|s| s.condition_keys.get(usize::from(i))))
            .chain(self.global_keys.iter())
    }

    /// The global condition keys (`aws:PrincipalArn`, `aws:SourceIp`, …).
    pub fn global_condition_keys(&self) -> &[ConditionKey] {
        &self.global_keys
    }

    /// Whether a request for `action` can carry condition key `key`: [`Tri::Yes`] when the
    /// catalogue lists it for the action, its resource types or globally; [`Tri::No`] when
    /// the key belongs to a known service (or `aws:`) and is not listed; [`Tri::Unknown`]
    /// when its prefix is no service the catalogue knows, such as an OIDC provider's keys
    /// (`oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub`) or a service newer than the data.
    pub fn condition_key_applies(&self, action: &Action, key: &str) -> Tri {
        if self.condition_keys(action).any(|k| k.matches(key)) {
            return Tri::Yes;
        }
        let prefix = key.split_once(':').map_or(key, |(p, _)| p);
        if prefix.eq_ignore_ascii_case("aws") || self.service(prefix).is_some() {
            Tri::No
        } else {
            Tri::Unknown
        }
    }
}

/// How [`Catalogue::expand`] tests the actions in its range.
#[derive(Clone, Copy)]
enum Mode<'a> {
    /// Every action in the range matches.
    All,
    /// The action name (after the `:`) must match this pattern.
    Name(&'a str),
    /// The full `svc:Name` must match the whole pattern.
    Full,
}

#[cfg(test)]
mod tests {
    use crate::catalogue::{get, AccessLevel};
    use crate::model::semantics::Tri;

    #[test]
    fn lookup_is_case_insensitive() {
        let cat = get();
        let a = cat.lookup("S3:getobject").expect("s3:GetObject");
        assert_eq!(a.full_name(), "s3:GetObject");
        assert_eq!(a.prefix(), "s3");
        assert_eq!(a.name(), "GetObject");
        assert_eq!(
            cat.action(a.id()).map(|x| x.full_name()),
            Some("s3:GetObject")
        );
        assert!(cat.lookup("s3:GetObjects").is_none());
        assert!(cat.lookup("nosuchservice:GetObject").is_none());
        assert!(cat.lookup("GetObject").is_none());
        assert!(cat.lookup("").is_none());
    }

    #[test]
    fn access_levels() {
        let cat = get();
        let level = |n: &str| cat.lookup(n).map(|a| a.access_level());
        assert_eq!(level("s3:ListAllMyBuckets"), Some(AccessLevel::List));
        assert_eq!(level("s3:GetObject"), Some(AccessLevel::Read));
        assert_eq!(level("s3:PutObject"), Some(AccessLevel::Write));
        assert_eq!(
            level("iam:AttachRolePolicy"),
            Some(AccessLevel::PermissionsManagement)
        );
        assert_eq!(level("iam:TagRole"), Some(AccessLevel::Tagging));
    }

    #[test]
    fn expansion_of_patterns() {
        let cat = get();
        let names = |p: &str| {
            cat.expand(p)
                .map(|a| a.full_name().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(cat.expand("*").count(), cat.len());
        assert_eq!(cat.expand("**").count(), cat.len());
        assert_eq!(names("iam:PassRole"), ["iam:PassRole"]);
        assert_eq!(names("IAM:passrole"), ["iam:PassRole"]);
        assert!(names("iam:Pass*").contains(&"iam:PassRole".to_string()));
        let s3_get = names("s3:Get*");
        assert!(s3_get.len() > 50, "{}", s3_get.len());
        assert!(s3_get.iter().all(|n| n.starts_with("s3:Get")));
        assert_eq!(names("s3:?etObject"), ["s3:GetObject"]);
        let iam_all = cat.service("iam").map(|s| s.action_ids().count());
        assert_eq!(Some(cat.expand("iam:*").count()), iam_all);
        // a wildcard in the service part may span the colon
        assert!(names("ia*Role").contains(&"iam:PassRole".to_string()));
        assert!(names("s?:GetObject").contains(&"s3:GetObject".to_string()));
        assert!(names("*:GetObject").contains(&"s3:GetObject".to_string()));
        assert!(names("s3:GetObjects").is_empty());
        assert!(names("nosuch:*").is_empty());
        assert!(names("GetObject").is_empty());
        assert!(names("").is_empty());
        assert!(names("?").is_empty());
        // ids are in order, so results can feed bit sets
        let ids: Vec<u32> = cat.expand("ec2:Describe*").map(|a| a.id().0).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn resource_level_permissions() {
        let cat = get();
        let restrictable = |n: &str| cat.lookup(n).map(|a| a.has_resource_types());
        assert_eq!(restrictable("s3:ListAllMyBuckets"), Some(false));
        assert_eq!(restrictable("ec2:DescribeInstances"), Some(false));
        assert_eq!(restrictable("sts:GetCallerIdentity"), Some(false));
        assert_eq!(restrictable("s3:GetObject"), Some(true));
        assert_eq!(restrictable("iam:PassRole"), Some(true));
        let get_object = cat.lookup("s3:GetObject").expect("action");
        let types: Vec<&str> = cat
            .resource_types(get_object)
            .map(|(t, _)| t.name())
            .collect();
        assert!(types.contains(&"object"), "{types:?}");
        let object = cat
            .resource_types(get_object)
            .find(|(t, _)| t.name() == "object")
            .map(|(t, _)| t.arn_format());
        assert_eq!(
            object,
            Some("arn:${Partition}:s3:::${BucketName}/${ObjectName}")
        );
    }

    #[test]
    fn condition_keys_of_actions() {
        let cat = get();
        let put_object = cat.lookup("s3:PutObject").expect("action");
        let put_policy = cat.lookup("s3:PutBucketPolicy").expect("action");
        let web_identity = cat.lookup("sts:AssumeRoleWithWebIdentity").expect("action");
        let pass_role = cat.lookup("iam:PassRole").expect("action");
        let applies = |a, k| cat.condition_key_applies(a, k);
        assert_eq!(
            applies(put_object, "s3:x-amz-server-side-encryption"),
            Tri::Yes
        );
        // the seeds' example: PutBucketPolicy never carries the encryption header
        assert_eq!(
            applies(put_policy, "s3:x-amz-server-side-encryption"),
            Tri::No
        );
        assert_eq!(applies(put_object, "AWS:SourceIp"), Tri::Yes);
        assert_eq!(applies(put_object, "aws:PrincipalTag/team"), Tri::Yes);
        assert_eq!(applies(put_object, "aws:NoSuchKey"), Tri::No);
        assert_eq!(applies(pass_role, "iam:PassedToService"), Tri::Yes);
        assert_eq!(applies(web_identity, "accounts.google.com:aud"), Tri::Yes);
        assert_eq!(applies(web_identity, "gitlab.com:project_id"), Tri::Yes);
        // GitHub's `sub` and `aud` are not in the reference: no service has that prefix
        assert_eq!(
            applies(web_identity, "token.actions.githubusercontent.com:sub"),
            Tri::Unknown
        );
        assert_eq!(
            applies(
                web_identity,
                "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub"
            ),
            Tri::Unknown
        );
        // resource-type keys count: a role's tags for iam:PassRole
        assert_eq!(applies(pass_role, "iam:ResourceTag/team"), Tri::Yes);
    }
}
