//! Templates into the model: intrinsics, parameters, conditions, resources, SAM.

use super::*;
use crate::model::policy::Document;
use crate::model::{PermissionSetGrant, PolicyKind, PrincipalKind, Ref, ResourcePolicyKind};
use crate::source::FileId;

fn load_with(text: &str, kind: InputKind, given: &[(&str, &str)]) -> Inventory {
    let input = Input {
        file: FileId(0),
        rel_path: "t.yaml",
        scope: "t.yaml",
        text,
        kind,
    };
    let given = ParamValues {
        values: given
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    parse(input, &given)
}

fn load(text: &str) -> Inventory {
    let inv = load_with(text, InputKind::CfnYaml, &[]);
    assert!(inv.parse_errors.is_empty(), "{:?}", inv.parse_errors);
    inv
}

/// The `Action` / `Resource` texts of every statement of a document.
fn items(doc: &Document, field: &str) -> Vec<String> {
    let d = doc.parsed().expect("parsed document");
    d.statements
        .iter()
        .flat_map(|s| {
            let list = match field {
                "Action" => s.action.as_ref(),
                _ => s.resource.as_ref(),
            };
            list.map(|l| l.items.iter().map(|i| i.value.render()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
        .collect()
}

const ROLE_HEAD: &str = "
Resources:
  R:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
";

#[test]
fn sub_join_select_split_and_find_in_map() {
    let text = format!(
        "{}{}",
        "Parameters:\n  Bucket: {Type: String, Default: logs}\nMappings:\n  M:\n    a: {b: 's3:GetObject'}\n",
        ROLE_HEAD
    ) + "            Action:
              - !FindInMap [M, a, b]
              - !FindInMap [M, x, y, {DefaultValue: 's3:PutObject'}]
              - !Select [1, !Split [',', 'sqs:A,sqs:B']]
              - !Join [':', [kms, !Ref Bucket]]
            Resource:
              - !Sub 'arn:${AWS::Partition}:s3:::${Bucket}/${!Literal}'
              - !Sub ['${Name}-x', {Name: !Ref Bucket}]
              - !Sub '${R.Arn}'
";
    let inv = load(&text);
    let doc = &inv.policies[0].document;
    assert_eq!(
        items(doc, "Action"),
        ["s3:GetObject", "s3:PutObject", "sqs:B", "kms:logs"]
    );
    assert_eq!(
        items(doc, "Resource"),
        // an element not known stays in the list, unknown
        [
            "arn:${AWS::Partition}:s3:::logs/${Literal}",
            "logs-x",
            "${R.Arn}"
        ]
    );
    // a wholly unknown value leaves the list incomplete rather than listing it
    let st = &doc.parsed().expect("parsed").statements[0];
    assert!(st.resource.as_ref().is_some_and(|r| r.incomplete));
}

#[test]
fn conditions_on_defaults_keep_both_branches_given_values_decide() {
    let text = "Parameters:\n  Env: {Type: String, Default: dev}\nConditions:\n  Prod: !Equals [!Ref Env, prod]\n".to_string()
        + ROLE_HEAD
        + "            Action: !If [Prod, 's3:GetObject', '*']
            Resource: '*'
          - !If [Prod, {Effect: Allow, Action: 'iam:PassRole', Resource: '*'}, !Ref AWS::NoValue]
";
    let inv = load(&text);
    let doc = &inv.policies[0].document;
    assert_eq!(items(doc, "Action"), ["s3:GetObject", "*", "iam:PassRole"]);
    let decided = load_with(&text, InputKind::CfnYaml, &[("Env", "dev")]);
    assert_eq!(items(&decided.policies[0].document, "Action"), ["*"]);
    let prod = load_with(&text, InputKind::CfnYaml, &[("Env", "prod")]);
    assert_eq!(
        items(&prod.policies[0].document, "Action"),
        ["s3:GetObject", "iam:PassRole"]
    );
}

#[test]
fn an_undecided_if_around_a_document_gives_both_documents() {
    let inv = load(
        "Conditions:\n  C: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !If
        - C
        - {Statement: [{Effect: Allow, Action: 'a:B', Resource: '*'}]}
        - {Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}
",
    );
    assert_eq!(inv.policies.len(), 2);
    assert_eq!(items(&inv.policies[1].document, "Action"), ["*"]);
}

#[test]
fn a_resource_whose_condition_is_false_is_not_created() {
    let inv = load(
        "Conditions:\n  Never: !Equals [a, b]
Resources:
  Q:
    Type: AWS::IAM::User
    Condition: Never
",
    );
    assert!(inv.users.is_empty());
}

#[test]
fn getatt_arn_shapes_and_references_by_logical_id() {
    let inv = load_with(
        "Resources:
  App:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app
      Path: /svc/
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: 'sts:AssumeRole'}]}
  Pol:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref App
      PolicyName: p
      PolicyDocument: {Statement: [{Effect: Allow, Action: 'iam:PassRole', Resource: !GetAtt App.Arn}]}
",
        InputKind::CfnYaml,
        &[("AWS::Partition", "aws")],
    );
    let inline = inv
        .policies
        .iter()
        .find(|p| matches!(p.kind, PolicyKind::Inline { .. }))
        .expect("inline");
    assert_eq!(
        items(&inline.document, "Resource"),
        ["arn:aws:iam::${AWS::AccountId}:role/svc/app"]
    );
    let PolicyKind::Inline { principal } = &inline.kind else {
        unreachable!()
    };
    assert_eq!(
        principal.target,
        Ref::Address {
            address: "App".into(),
            attribute: "name".into()
        }
    );
    assert_eq!(inv.roles[0].origin.address, "App");
    assert_eq!(inv.roles[0].origin.scope, "t.yaml");
}

#[test]
fn getatt_of_an_unnamed_entity_is_its_own_arn_reference() {
    let inv = load(
        "Resources:
  Gen:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'}, Action: 'sts:AssumeRole'}]}
      Policies:
        - PolicyName: p
          PolicyDocument: {Statement: [{Effect: Allow, Action: 'iam:PassRole', Resource: [!GetAtt Gen.Arn, !Sub '${Gen.Arn}/x']}]}
",
    );
    let inline = inv
        .policies
        .iter()
        .find(|p| matches!(p.kind, PolicyKind::Inline { .. }))
        .expect("inline");
    let Document::Parsed(doc) = &inline.document else {
        panic!("parsed")
    };
    let resources = &doc.statements[0].resource.as_ref().expect("resource").items;
    // the generated name is not known: the reference itself, as `aws_iam_role.x.arn`
    assert_eq!(resources[0].value, Value::unknown("Gen.arn"));
    assert!(!resources[1].value.is_known());
    let trust = inv.roles[0].trust_policy.and_then(|i| inv.policies.get(i));
    let Some(Document::Parsed(trust)) = trust.map(|p| &p.document) else {
        panic!("trust")
    };
    let principal = &trust.statements[0].principal.as_ref().expect("principal");
    // the stack's own account
    assert_eq!(
        principal.entries[0].values.items[0]
            .value
            .entity_arn_resource(),
        Some("root")
    );
}

#[test]
fn json_templates_and_duplicate_keys() {
    let inv = load_with(
        r#"{"Resources": {"U": {"Type": "AWS::IAM::User", "Properties": {"UserName": "a", "UserName": "b"}}}}"#,
        InputKind::CfnJson,
        &[],
    );
    assert_eq!(inv.users.len(), 1);
    // CloudFormation deploys the last value
    assert!(inv.users[0].name.is("b"));
    assert_eq!(inv.parse_errors.len(), 1);
    assert!(inv.parse_errors[0]
        .message
        .contains("duplicate key `UserName`"));
    let yaml = load_with(
        "Resources:\n  U:\n    Type: AWS::IAM::User\n    Properties: {UserName: a}\n  U:\n    Type: AWS::IAM::Group\n",
        InputKind::CfnYaml,
        &[],
    );
    assert!(yaml.users.is_empty());
    assert_eq!(yaml.groups.len(), 1);
    assert_eq!(yaml.parse_errors.len(), 1);
    let bad = load_with("{\"Resources\": [", InputKind::CfnJson, &[]);
    assert_eq!(bad.parse_errors.len(), 1);
    let not_map = load_with("- a\n- b\n", InputKind::CfnYaml, &[]);
    assert!(not_map.parse_errors[0]
        .message
        .contains("must be a mapping"));
}

#[test]
fn sam_function_gets_an_execution_role_with_its_policies() {
    let inv = load(
        "Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - AmazonS3ReadOnlyAccess
        - S3CrudPolicy: {BucketName: data}
        - NoSuchPolicyTemplate: {}
        - Statement: [{Effect: Allow, Action: 'sqs:SendMessage', Resource: '*'}]
  WithRole:
    Type: AWS::Serverless::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/existing
      Policies: [AdministratorAccess]
",
    );
    assert_eq!(inv.roles.len(), 1);
    assert_eq!(inv.roles[0].origin.address, "FnRole");
    let names: Vec<String> = inv
        .attachments
        .iter()
        .filter_map(|a| a.aws_managed_name().map(str::to_string))
        .collect();
    assert_eq!(
        names,
        ["AWSLambdaBasicExecutionRole", "AmazonS3ReadOnlyAccess"]
    );
    let inline: Vec<&Document> = inv
        .policies
        .iter()
        .filter(|p| matches!(p.kind, PolicyKind::Inline { .. }))
        .map(|p| &p.document)
        .collect();
    assert_eq!(inline.len(), 3);
    assert_eq!(
        items(inline[0], "Resource"),
        [
            "arn:${AWS::Partition}:s3:::data",
            "arn:${AWS::Partition}:s3:::data/*"
        ]
    );
    assert!(items(inline[0], "Action").contains(&"s3:DeleteObject".to_string()));
    assert!(matches!(inline[1], Document::Unknown { .. }));
    assert_eq!(items(inline[2], "Action"), ["sqs:SendMessage"]);
    // a plain (non-SAM) template does not expand serverless resources
    let plain = load("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n");
    assert!(plain.roles.is_empty());
}

#[test]
fn resource_policies_scps_permission_sets_and_providers() {
    let inv = load(
        "Resources:
  BP:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: '*'}]}
  Bucket:
    Type: AWS::S3::Bucket
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: {Statement: [{Effect: Allow, Principal: {AWS: '*'}, Action: 'kms:*', Resource: '*'}]}
  QP:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [q1, q2]
      PolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: 'sqs:SendMessage', Resource: '*'}]}
  Perm:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: fn
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceArn: arn:aws:s3:::b
  Scp:
    Type: AWS::Organizations::Policy
    Properties:
      Name: deny-leave
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [r-abcd, ou-abcd-12345678]
      Content: {Version: '2012-10-17', Statement: [{Effect: Deny, Action: 'organizations:LeaveOrganization', Resource: '*'}]}
  Tags:
    Type: AWS::Organizations::Policy
    Properties:
      Type: TAG_POLICY
      Content: {tags: {}}
  PS:
    Type: AWS::SSO::PermissionSet
    Properties:
      Name: admins
      InstanceArn: arn:aws:sso:::instance/ssoins-1
      SessionDuration: PT12H
      ManagedPolicies: [arn:aws:iam::aws:policy/AdministratorAccess]
      InlinePolicy: {Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}
  Saml:
    Type: AWS::IAM::SAMLProvider
    Properties:
      Name: idp
      SamlMetadataDocument: '<xml/>'
    Metadata:
      leastpriv:
        ignore: [IAM101]
",
    );
    let kinds: Vec<ResourcePolicyKind> = inv.resource_policies.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            ResourcePolicyKind::S3Bucket,
            ResourcePolicyKind::KmsKey,
            ResourcePolicyKind::SqsQueue,
            ResourcePolicyKind::LambdaPermission
        ]
    );
    assert_eq!(
        inv.resource_policies[0].resource,
        Ref::Address {
            address: "Bucket".into(),
            attribute: "name".into()
        }
    );
    assert_eq!(
        inv.resource_policies[2].more_resources,
        [Ref::Literal("q2".into())]
    );
    let lambda = inv.resource_policies[3]
        .document
        .parsed()
        .expect("lambda doc");
    let st = &lambda.statements[0];
    assert_eq!(st.conditions.len(), 1);
    assert!(st
        .principal
        .as_ref()
        .is_some_and(|p| p.entries[0].kind == "Service"));
    assert_eq!(inv.service_control_policies.len(), 1);
    assert_eq!(inv.scp_attachments.len(), 2);
    assert_eq!(inv.permission_sets.len(), 1);
    assert!(matches!(
        inv.permission_set_policies[0].grant,
        PermissionSetGrant::Inline(Document::Parsed(_))
    ));
    assert!(matches!(
        inv.permission_set_policies[1].grant,
        PermissionSetGrant::Managed(Ref::Literal(_))
    ));
    assert_eq!(inv.saml_providers.len(), 1);
    assert_eq!(inv.suppressions.len(), 1);
    assert_eq!(inv.suppressions[0].origin.address, "Saml");
    assert!(inv.suppressions[0].entry.get("ignore").is_some());
}

#[test]
fn users_groups_memberships_keys_and_login_profiles() {
    let inv = load(
        "Resources:
  Alice:
    Type: AWS::IAM::User
    Properties:
      UserName: alice
      Groups: [!Ref Devs, ops]
      LoginProfile: {Password: '{{resolve:secretsmanager:x}}', PasswordResetRequired: true}
  Devs:
    Type: AWS::IAM::Group
  Add:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: ops
      Users: [!Ref Alice, bob]
  Key:
    Type: AWS::IAM::AccessKey
    Properties: {UserName: !Ref Alice, Status: Inactive}
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties: {Roles: [web]}
  Oidc:
    Type: AWS::IAM::OIDCProvider
    Properties: {Url: 'https://token.actions.githubusercontent.com', ClientIdList: [sts.amazonaws.com]}
",
    );
    assert_eq!(inv.memberships.len(), 4);
    assert_eq!(inv.login_profiles.len(), 1);
    assert!(inv.login_profiles[0]
        .password_reset_required
        .as_ref()
        .is_some_and(|s| s.value.is("true")));
    assert_eq!(inv.access_keys[0].user.kind, PrincipalKind::User);
    assert!(inv.access_keys[0]
        .status
        .as_ref()
        .is_some_and(|s| s.value.is("Inactive")));
    assert_eq!(
        inv.instance_profiles[0]
            .role
            .as_ref()
            .map(|r| r.target.clone()),
        Some(Ref::Literal("web".into()))
    );
    assert_eq!(inv.oidc_providers[0].client_ids.len(), 1);
}

#[test]
fn foreach_loops_are_expanded() {
    let inv = load(
        "Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Users:
    - Name
    - [ann, bo-b]
    - User&{Name}:
        Type: AWS::IAM::User
        Properties:
          UserName: !Ref Name
",
    );
    let names: Vec<String> = inv
        .users
        .iter()
        .map(|u| format!("{}={}", u.origin.address, u.name.render()))
        .collect();
    assert_eq!(names, ["Userann=ann", "Userbob=bo-b"]);
}

#[test]
fn hostile_templates_give_errors_not_panics() {
    for text in [
        "Resources: !Ref",
        "Resources:\n  A: {Type: AWS::IAM::Role, Properties: {Policies: !If [x]}}",
        "Resources:\n  A: {Type: AWS::IAM::Role, Properties: {RoleName: !Sub [1, 2, 3]}}",
        "Conditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n  R: {Type: AWS::IAM::User, Condition: A}",
        "Resources:\n  A: {Type: AWS::IAM::Policy, Properties: {PolicyDocument: !Select [99, []]}}",
        "Resources:\n  A: {Type: AWS::IAM::User, Properties: {Policies: [{PolicyDocument: !GetAtt [a]}]}}",
        "Resources:\n  Fn::ForEach::X: [I, !Ref Missing, {}]",
        "Resources:\n  A: {Type: AWS::Serverless::Function, Properties: {Policies: [{S3CrudPolicy: 7}]}}\nTransform: [AWS::Serverless-2016-10-31]",
    ] {
        let _ = load_with(text, InputKind::CfnYaml, &[]);
    }
    let cyclic = load_with(
        "Conditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n  R: {Type: AWS::IAM::User, Condition: A}",
        InputKind::CfnYaml,
        &[],
    );
    assert_eq!(cyclic.users.len(), 1, "a cyclic condition is undecided");
}

#[test]
fn an_undecided_if_around_a_trust_policy_gives_the_role_both() {
    let inv = load(
        "Conditions:\n  C: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: !If
        - C
        - {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: 'sts:AssumeRole'}]}
        - {Statement: [{Effect: Allow, Principal: '*', Action: 'sts:AssumeRole'}]}
",
    );
    assert_eq!(inv.roles.len(), 1);
    let trusts: Vec<usize> = inv
        .policies
        .iter()
        .filter_map(|p| match p.kind {
            PolicyKind::Trust { role } => Some(role),
            _ => None,
        })
        .collect();
    assert_eq!(trusts, [0, 0]);
    assert_eq!(inv.roles[0].trust_policy, Some(0));
}

#[test]
fn policy_text_with_unknown_pieces_is_parsed() {
    let inv = load(
        "Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !Sub |
        {\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\",
          \"Resource\": \"arn:${AWS::Partition}:s3:::b/*\"}]}
  Q:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !Sub '{\"Statement\": ${Missing}'
",
    );
    assert_eq!(items(&inv.policies[0].document, "Action"), ["s3:*"]);
    assert_eq!(
        items(&inv.policies[0].document, "Resource"),
        ["arn:${AWS::Partition}:s3:::b/*"]
    );
    assert!(matches!(inv.policies[1].document, Document::Unknown { .. }));
}

#[test]
fn foreach_expansion_is_bounded() {
    let list = format!(
        "[{}]",
        (0..200)
            .map(|i| format!("v{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let text = format!(
        "Resources:
  Fn::ForEach::A:
    - X
    - {list}
    - Fn::ForEach::B:
        - Y
        - {list}
        - U${{X}}${{Y}}:
            Type: AWS::IAM::User
"
    );
    let inv = load_with(&text, InputKind::CfnYaml, &[]);
    assert_eq!(inv.users.len(), 10_000 - 50);
    assert_eq!(inv.parse_errors.len(), 1);
    assert!(inv.parse_errors[0]
        .message
        .contains("more than 10000 copies"));
}

#[test]
fn sam_globals_shape_the_execution_role() {
    let inv = load(
        "Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    PermissionsBoundary: arn:aws:iam::123456789012:policy/boundary
Resources:
  A:
    Type: AWS::Serverless::Function
  B:
    Type: AWS::Serverless::Function
    Properties:
      PermissionsBoundary: arn:aws:iam::123456789012:policy/own
",
    );
    let boundaries: Vec<String> = inv
        .roles
        .iter()
        .map(|r| {
            r.permissions_boundary
                .as_ref()
                .map(|s| s.value.render())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        boundaries,
        [
            "arn:aws:iam::123456789012:policy/boundary",
            "arn:aws:iam::123456789012:policy/own"
        ]
    );
}

#[test]
fn nested_stacks_get_a_note_each() {
    let inv = load(
        "Transform: AWS::Serverless-2016-10-31
Parameters:
  Bucket: {Type: String}
Resources:
  Local:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: ./child.yaml, Parameters: {Env: prod}}
  Remote:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: 'https://s3.amazonaws.com/b/child.yaml'}
  Computed:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: !Sub 'https://${Bucket}.s3.amazonaws.com/child.yaml'}
  App:
    Type: AWS::Serverless::Application
    Properties:
      Location: {ApplicationId: 'arn:aws:serverlessrepo:us-east-1:123456789012:applications/x', SemanticVersion: 1.0.0}
  LocalApp:
    Type: AWS::Serverless::Application
    Properties: {Location: app/template.yaml}
",
    );
    let notes: Vec<String> = inv
        .notes
        .iter()
        .map(|n| format!("{}: {}", n.subject, n.cause))
        .collect();
    assert_eq!(notes.len(), 5, "{notes:?}");
    assert!(notes[0].starts_with("nested stack Local: template `./child.yaml` is a local file"));
    assert!(notes[1].contains("is remote and not read"));
    assert!(notes[2].contains("`https://${Bucket}.s3.amazonaws.com/child.yaml` is remote"));
    assert!(notes[3].contains("Serverless Application Repository"));
    assert!(notes[4].contains("`app/template.yaml` is a local file"));
}

/// Reads the first of `files` (report path, text) as the root, the others as the
/// templates its nested stacks can name.
fn load_tree(files: &[(&str, &str)], given: &[(&str, &str)]) -> (Inventory, Vec<FileId>) {
    let inputs: Vec<Input<'_>> = files
        .iter()
        .enumerate()
        .map(|(i, (path, text))| Input {
            file: FileId(i as u32),
            rel_path: path,
            scope: path,
            text,
            kind: if path.ends_with(".json") {
                InputKind::CfnJson
            } else {
                InputKind::CfnYaml
            },
        })
        .collect();
    let mut lib = Library::default();
    for input in &inputs {
        lib.add(*input, None);
    }
    let given = ParamValues {
        values: given
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    parse_nested(inputs[0], &given, &lib)
}

/// The actions of the first statement of the inline policies of the role at `address`.
fn role_actions(inv: &Inventory, address: &str) -> Vec<String> {
    inv.policies
        .iter()
        .filter(|p| p.origin.address == address && matches!(p.kind, PolicyKind::Inline { .. }))
        .flat_map(|p| items(&p.document, "Action"))
        .collect()
}

const CHILD_ROLE: &str = "Parameters:
  Action: {Type: String, Default: 's3:GetObject'}
  RoleName: {Type: String}
  Env: {Type: String, Default: dev}
  Peer: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Ref RoleName
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: 'sts:AssumeRole'}]}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [!Ref Action, !If [IsProd, 'ec2:Describe*', 'ec2:*']]
                Resource: [!Ref Peer]
Outputs:
  RoleArn: {Value: !GetAtt Role.Arn}
  RoleName: {Value: !Ref Role}
";

#[test]
fn nested_templates_are_read_with_the_parameters_their_parent_passes() {
    let parent = "Parameters:
  Stage: {Type: String, Default: prod}
Resources:
  Admin:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./stacks/role.yaml
      Parameters:
        Action: '*'
        RoleName: !Sub 'admin-${Stage}'
        Env: prod
        Peer: !GetAtt Peer.Arn
  Plain:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: stacks/role.yaml
      Parameters:
        Env: !Ref Stage
  Peer:
    Type: AWS::IAM::Role
    Properties:
      RoleName: peer
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: 'sts:AssumeRole'}]}
";
    let (inv, reached) = load_tree(
        &[
            ("app/parent.yaml", parent),
            ("app/stacks/role.yaml", CHILD_ROLE),
        ],
        &[],
    );
    assert!(inv.parse_errors.is_empty(), "{:?}", inv.parse_errors);
    assert!(inv.notes.is_empty(), "{:?}", inv.notes);
    assert_eq!(reached, vec![FileId(1)]);
    let addresses: Vec<&str> = inv
        .roles
        .iter()
        .map(|r| r.origin.address.as_str())
        .collect();
    assert_eq!(addresses, ["Admin.Role", "Plain.Role", "Peer"]);
    // the child's entities keep the child's spans, in the root's scope
    let admin = &inv.roles[0];
    assert_eq!(admin.origin.span.file, FileId(1));
    assert_eq!(admin.origin.scope, "app/parent.yaml");
    // `!Sub` of a parent parameter (its default is a value, not a decision)
    assert_eq!(admin.name, Value::known("admin-prod"));
    // a literal decides the child's condition: one branch
    assert_eq!(role_actions(&inv, "Admin.Role"), ["*", "ec2:Describe*"]);
    // a passed `!GetAtt` of the parent's role: its ARN shape
    let admin_policy = inv
        .policies
        .iter()
        .find(|p| p.origin.address == "Admin.Role" && matches!(p.kind, PolicyKind::Inline { .. }))
        .expect("admin inline policy");
    let resources = items(&admin_policy.document, "Resource");
    assert_eq!(
        resources,
        ["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/peer"]
    );
    // nothing passed: the child's default, or unknown when it has none (never a guess)
    let plain = &inv.roles[1];
    assert!(matches!(plain.name, Value::Unknown(_)), "{:?}", plain.name);
    // a parent parameter's default decides nothing: both branches
    assert_eq!(
        role_actions(&inv, "Plain.Role"),
        ["s3:GetObject", "ec2:Describe*", "ec2:*"]
    );
    let plain_policy = inv
        .policies
        .iter()
        .find(|p| p.origin.address == "Plain.Role" && matches!(p.kind, PolicyKind::Inline { .. }))
        .expect("plain inline policy");
    let Document::Parsed(doc) = &plain_policy.document else {
        panic!("parsed")
    };
    let peer = &doc.statements[0].resource.as_ref().expect("resource").items[0];
    assert!(!peer.value.is_known(), "{:?}", peer.value);
    // a value given to the scan for the parent's parameter decides it
    let (inv, _) = load_tree(
        &[
            ("app/parent.yaml", parent),
            ("app/stacks/role.yaml", CHILD_ROLE),
        ],
        &[("Stage", "prod")],
    );
    assert_eq!(
        role_actions(&inv, "Plain.Role"),
        ["s3:GetObject", "ec2:Describe*"]
    );
    // the inline policy's role is the child's role, linked by its prefixed address
    let linked = inv.policies.iter().find_map(|p| match &p.kind {
        PolicyKind::Inline { principal, .. } if p.origin.address == "Plain.Role" => {
            Some(principal.target.clone())
        }
        _ => None,
    });
    assert_eq!(
        linked,
        Some(Ref::Address {
            address: "Plain.Role".into(),
            attribute: "name".into()
        })
    );
}

#[test]
fn nested_stack_outputs_are_read_by_the_parent() {
    let parent = "Resources:
  Consumer:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: 'iam:PassRole'
            Resource:
              - !GetAtt Named.Outputs.RoleArn
              - !GetAtt Unnamed.Outputs.RoleArn
              - !Sub '${Named.Outputs.RoleArn}/x'
              - !GetAtt Named.Outputs.Missing
  # declared first, reads an output of a stack declared after it
  Unnamed:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: role.yaml
      Parameters:
        Peer: !GetAtt Named.Outputs.RoleArn
  Named:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: role.yaml
      Parameters: {RoleName: deploy}
";
    let child = CHILD_ROLE.replace(
        "RoleName: !Ref RoleName",
        "RoleName: !If [IsProd, !Ref RoleName, !Ref AWS::NoValue]",
    );
    let (inv, _) = load_tree(&[("parent.yaml", parent), ("role.yaml", &child)], &[]);
    assert!(inv.notes.is_empty(), "{:?}", inv.notes);
    let consumer = inv
        .policies
        .iter()
        .find(|p| p.origin.address == "Consumer")
        .expect("consumer");
    let Document::Parsed(doc) = &consumer.document else {
        panic!("parsed")
    };
    let values: Vec<Value> = doc.statements[0]
        .resource
        .as_ref()
        .expect("resource")
        .items
        .iter()
        .map(|i| i.value.clone())
        .collect();
    // `Env` is not passed: the condition is undecided and the role name not known, so
    // both outputs are the roles' own ARNs, under their stacks
    assert_eq!(values[0], Value::unknown("Named.Role.arn"));
    assert_eq!(values[1], Value::unknown("Unnamed.Role.arn"));
    assert!(!values[2].is_known());
    assert_eq!(values[3], Value::unknown("Named.Outputs.Missing"));
    // the output reached the sibling stack declared before it
    let unnamed = inv
        .policies
        .iter()
        .find(|p| p.origin.address == "Unnamed.Role" && matches!(p.kind, PolicyKind::Inline { .. }))
        .expect("unnamed inline policy");
    assert_eq!(items(&unnamed.document, "Resource"), ["${Named.Role.arn}"]);

    // a known name gives the ARN shape; pseudo parameters given apply to the child
    let (inv, _) = load_tree(
        &[
            (
                "parent.yaml",
                "Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Statement: [{Effect: Allow, Action: 'iam:PassRole', Resource: !GetAtt C.Outputs.RoleArn}]}
  C:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: role.yaml, Parameters: {RoleName: ci, Env: prod}}
",
            ),
            ("role.yaml", &child),
        ],
        &[("AWS::AccountId", "123456789012"), ("AWS::StackName", "root")],
    );
    let p = inv
        .policies
        .iter()
        .find(|p| p.origin.address == "P")
        .expect("P");
    assert_eq!(
        items(&p.document, "Resource"),
        ["arn:${AWS::Partition}:iam::123456789012:role/ci"]
    );
}

#[test]
fn nested_stack_cycles_depth_and_missing_templates_get_notes() {
    let notes = |inv: &Inventory| -> Vec<String> {
        inv.notes
            .iter()
            .map(|n| format!("{}: {}", n.subject, n.cause))
            .collect()
    };
    // a template that includes itself, directly
    let own = "Resources:
  Me:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: ./self.yaml}
  R:
    Type: AWS::IAM::User
";
    let (inv, reached) = load_tree(&[("self.yaml", own)], &[]);
    assert_eq!(inv.users.len(), 1);
    assert!(reached.is_empty());
    assert_eq!(
        notes(&inv),
        ["nested stack Me: template `./self.yaml` includes itself (through self.yaml): not read again"]
    );
    // through another one: read once each
    let a = "Resources:\n  ToB:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: b.yaml}\n  A:\n    Type: AWS::IAM::User\n";
    let b = "Resources:\n  ToA:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: a.yaml}\n  B:\n    Type: AWS::IAM::User\n";
    let (inv, reached) = load_tree(&[("a.yaml", a), ("b.yaml", b)], &[]);
    let users: Vec<&str> = inv
        .users
        .iter()
        .map(|u| u.origin.address.as_str())
        .collect();
    assert_eq!(users, ["ToB.B", "A"]);
    assert_eq!(reached, vec![FileId(1)]);
    assert_eq!(notes(&inv).len(), 1);
    assert!(notes(&inv)[0].starts_with("nested stack ToB.ToA: template `a.yaml` includes itself"));

    // a chain deeper than the limit stops with a note
    let texts: Vec<(String, String)> = (0..12)
        .map(|i| {
            (
                format!("t{i}.yaml"),
                format!(
                    "Resources:\n  Next:\n    Type: AWS::CloudFormation::Stack\n    Properties: {{TemplateURL: t{}.yaml}}\n  U:\n    Type: AWS::IAM::User\n",
                    i + 1
                ),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let (inv, reached) = load_tree(&files, &[]);
    assert_eq!(inv.users.len(), nested::MAX_DEPTH + 1);
    assert_eq!(reached.len(), nested::MAX_DEPTH);
    let deepest = notes(&inv);
    assert_eq!(deepest.len(), 1, "{deepest:?}");
    assert!(
        deepest[0].contains("is nested more than 8 deep"),
        "{deepest:?}"
    );

    // a local template that is not in the scan
    let (inv, _) = load_tree(
        &[(
            "p.yaml",
            "Resources:\n  S:\n    Type: AWS::Serverless::Application\n    Properties: {Location: apps/gone.json}\n",
        )],
        &[],
    );
    assert_eq!(
        notes(&inv),
        ["nested stack S: template `apps/gone.json` is a local file not among the scanned templates: not read"]
    );
}

#[test]
fn nested_template_paths_resolve_against_the_parent() {
    use nested::resolve;
    assert_eq!(
        resolve("a/b/p.yaml", "./c.yaml").as_deref(),
        Some("a/b/c.yaml")
    );
    assert_eq!(
        resolve("a/b/p.yaml", "../c/d.json").as_deref(),
        Some("a/c/d.json")
    );
    assert_eq!(resolve("p.yaml", "../x.yaml").as_deref(), Some("../x.yaml"));
    assert_eq!(
        resolve("../up/p.yaml", "../x.yaml").as_deref(),
        Some("../x.yaml")
    );
    assert_eq!(
        resolve("/abs/dir/p.yaml", "../x.yaml").as_deref(),
        Some("/abs/x.yaml")
    );
    assert_eq!(
        resolve("a/p.yaml", "/etc/x.yaml").as_deref(),
        Some("/etc/x.yaml")
    );
    assert_eq!(
        resolve("a/p.yaml", "https://b.s3.amazonaws.com/x.yaml"),
        None
    );
    assert_eq!(resolve("a/p.yaml", " "), None);
    // the textual pass over-approximates: any template path near a location key
    let text = "Description: not.yaml
Resources:
  A: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: './a.yaml'}}
  B:
    Type: AWS::Serverless::Application
    Properties:
      Location:
        nested/b.template
  C: {Properties: {\"TemplateURL\": \"https://x/c.yaml\"}}
";
    assert_eq!(
        nested::local_references(text),
        ["./a.yaml", "nested/b.template"]
    );
}

#[test]
fn nested_templates_read_for_one_root_are_bounded() {
    // each template uses the next one ten times: 10^8 reads without a bound
    let texts: Vec<(String, String)> = (0..9)
        .map(|i| {
            let stacks: String = (0..10)
                .map(|s| {
                    format!(
                        "  S{s}:\n    Type: AWS::CloudFormation::Stack\n    Properties: {{TemplateURL: t{}.yaml}}\n",
                        i + 1
                    )
                })
                .collect();
            (
                format!("t{i}.yaml"),
                format!("Resources:\n{stacks}  U:\n    Type: AWS::IAM::User\n"),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let (inv, reached) = load_tree(&files, &[]);
    assert!(
        inv.users.len() <= nested::MAX_READS + 1,
        "{}",
        inv.users.len()
    );
    assert!(inv
        .notes
        .iter()
        .any(|n| n.cause.contains("nested templates are read for one root")));
    assert_eq!(reached.len(), 8);
}
