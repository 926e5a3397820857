//! AWS SAM (`Transform: AWS::Serverless-2016-10-31`): the execution role SAM creates
//! for an `AWS::Serverless::Function` or `AWS::Serverless::StateMachine` without a
//! `Role`, with the policies its `Policies` property gives it.
//!
//! SAM names that role `<LogicalId>Role`; it is a role in the model at that address,
//! declared where the function is. `Policies` may be a policy name or ARN, a policy
//! document, a SAM policy template (`S3CrudPolicy: {BucketName: ...}`) or a list of these.
//! Templates are expanded to the statements SAM documents for them ([`TEMPLATES`]); an
//! unknown template gives an unresolved document. A function also gets
//! `AWSLambdaBasicExecutionRole`, as SAM attaches it. `PermissionsBoundary` and
//! `AssumeRolePolicyDocument` may come from `Globals.Function`.

use super::resources::GENERATED;
use super::resources::{self_ref, Reader, Res};
use crate::model::{Attachment, Document, Policy, PolicyKind, Principal, PrincipalKind, Ref};
use crate::parse::json;
use crate::parse::node::{Node, NodeKind};
use crate::parse::policy_doc;
use crate::source::Span;
use crate::value::{Piece, Value};

/// SAM policy templates: name, parameters, and the statements SAM documents for them
/// (`${Param}` is the template parameter; `${AWS::…}` stays a pseudo parameter).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "S3ReadPolicy",
        r#"[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket","s3:GetBucketLocation","s3:GetObjectVersion","s3:GetLifecycleConfiguration"],"Resource":["arn:${AWS::Partition}:s3:::${BucketName}","arn:${AWS::Partition}:s3:::${BucketName}/*"]}]"#,
    ),
    (
        "S3WritePolicy",
        r#"[{"Effect":"Allow","Action":["s3:PutObject","s3:PutObjectAcl","s3:PutLifecycleConfiguration"],"Resource":["arn:${AWS::Partition}:s3:::${BucketName}","arn:${AWS::Partition}:s3:::${BucketName}/*"]}]"#,
    ),
    (
        "S3CrudPolicy",
        r#"[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket","s3:GetBucketLocation","s3:GetObjectVersion","s3:PutObject","s3:PutObjectAcl","s3:GetLifecycleConfiguration","s3:PutLifecycleConfiguration","s3:DeleteObject"],"Resource":["arn:${AWS::Partition}:s3:::${BucketName}","arn:${AWS::Partition}:s3:::${BucketName}/*"]}]"#,
    ),
    (
        "S3FullAccessPolicy",
        r#"[{"Effect":"Allow","Action":["s3:GetObject","s3:GetObjectAcl","s3:GetObjectVersion","s3:PutObject","s3:PutObjectAcl","s3:DeleteObject","s3:DeleteObjectTagging","s3:DeleteObjectVersionTagging","s3:GetObjectTagging","s3:GetObjectVersionTagging","s3:PutObjectTagging","s3:PutObjectVersionTagging"],"Resource":["arn:${AWS::Partition}:s3:::${BucketName}/*"]},{"Effect":"Allow","Action":["s3:ListBucket","s3:GetBucketLocation","s3:GetLifecycleConfiguration","s3:PutLifecycleConfiguration"],"Resource":["arn:${AWS::Partition}:s3:::${BucketName}"]}]"#,
    ),
    (
        "DynamoDBCrudPolicy",
        r#"[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:DeleteItem","dynamodb:PutItem","dynamodb:Scan","dynamodb:Query","dynamodb:UpdateItem","dynamodb:BatchWriteItem","dynamodb:BatchGetItem","dynamodb:DescribeTable","dynamodb:ConditionCheckItem"],"Resource":["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}","arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/index/*"]}]"#,
    ),
    (
        "DynamoDBReadPolicy",
        r#"[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Scan","dynamodb:Query","dynamodb:BatchGetItem","dynamodb:DescribeTable"],"Resource":["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}","arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/index/*"]}]"#,
    ),
    (
        "DynamoDBWritePolicy",
        r#"[{"Effect":"Allow","Action":["dynamodb:PutItem","dynamodb:UpdateItem","dynamodb:BatchWriteItem"],"Resource":["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}","arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/index/*"]}]"#,
    ),
    (
        "DynamoDBStreamReadPolicy",
        r#"[{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords","dynamodb:GetShardIterator"],"Resource":"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/stream/${StreamName}"},{"Effect":"Allow","Action":["dynamodb:ListStreams"],"Resource":"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}/stream/*"}]"#,
    ),
    (
        "SQSPollerPolicy",
        r#"[{"Effect":"Allow","Action":["sqs:ChangeMessageVisibility","sqs:ChangeMessageVisibilityBatch","sqs:DeleteMessage","sqs:DeleteMessageBatch","sqs:GetQueueAttributes","sqs:ReceiveMessage"],"Resource":"arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueueName}"}]"#,
    ),
    (
        "SQSSendMessagePolicy",
        r#"[{"Effect":"Allow","Action":["sqs:SendMessage*"],"Resource":"arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueueName}"}]"#,
    ),
    (
        "SNSPublishMessagePolicy",
        r#"[{"Effect":"Allow","Action":["sns:Publish"],"Resource":"arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${TopicName}"}]"#,
    ),
    (
        "SNSCrudPolicy",
        r#"[{"Effect":"Allow","Action":["sns:ListSubscriptionsByTopic","sns:CreateTopic","sns:SetTopicAttributes","sns:Subscribe","sns:Publish"],"Resource":"arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${TopicName}*"}]"#,
    ),
    (
        "LambdaInvokePolicy",
        r#"[{"Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":"arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${FunctionName}*"}]"#,
    ),
    (
        "KMSDecryptPolicy",
        r#"[{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":"arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${KeyId}"}]"#,
    ),
    (
        "KMSEncryptPolicy",
        r#"[{"Effect":"Allow","Action":["kms:Encrypt"],"Resource":"arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${KeyId}"}]"#,
    ),
    (
        "AWSSecretsManagerGetSecretValuePolicy",
        r#"[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue"],"Resource":"${SecretArn}"}]"#,
    ),
    (
        "SSMParameterReadPolicy",
        r#"[{"Effect":"Allow","Action":["ssm:DescribeParameters"],"Resource":"*"},{"Effect":"Allow","Action":["ssm:GetParameters","ssm:GetParameter","ssm:GetParametersByPath"],"Resource":"arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${ParameterName}"}]"#,
    ),
    (
        "StepFunctionsExecutionPolicy",
        r#"[{"Effect":"Allow","Action":["states:StartExecution"],"Resource":"arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${StateMachineName}"}]"#,
    ),
    (
        "EventBridgePutEventsPolicy",
        r#"[{"Effect":"Allow","Action":["events:PutEvents"],"Resource":"arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${EventBusName}"}]"#,
    ),
    (
        "KinesisStreamReadPolicy",
        r#"[{"Effect":"Allow","Action":["kinesis:ListStreams","kinesis:DescribeLimits"],"Resource":"arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/*"},{"Effect":"Allow","Action":["kinesis:DescribeStream","kinesis:DescribeStreamSummary","kinesis:GetRecords","kinesis:GetShardIterator"],"Resource":"arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${StreamName}"}]"#,
    ),
    (
        "KinesisCrudPolicy",
        r#"[{"Effect":"Allow","Action":["kinesis:AddTagsToStream","kinesis:CreateStream","kinesis:DecreaseStreamRetentionPeriod","kinesis:DeleteStream","kinesis:DescribeStream","kinesis:DescribeStreamSummary","kinesis:GetShardIterator","kinesis:IncreaseStreamRetentionPeriod","kinesis:ListTagsForStream","kinesis:MergeShards","kinesis:PutRecord","kinesis:PutRecords","kinesis:SplitShard","kinesis:RemoveTagsFromStream"],"Resource":"arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/${StreamName}"}]"#,
    ),
    (
        "CloudWatchPutMetricPolicy",
        r#"[{"Effect":"Allow","Action":["cloudwatch:PutMetricData"],"Resource":"*"}]"#,
    ),
    (
        "VPCAccessPolicy",
        r#"[{"Effect":"Allow","Action":["ec2:CreateNetworkInterface","ec2:DeleteNetworkInterface","ec2:DescribeNetworkInterfaces","ec2:DetachNetworkInterface"],"Resource":"*"}]"#,
    ),
    (
        "AMIDescribePolicy",
        r#"[{"Effect":"Allow","Action":["ec2:DescribeImages"],"Resource":"*"}]"#,
    ),
    (
        "EC2DescribePolicy",
        r#"[{"Effect":"Allow","Action":["ec2:DescribeRegions","ec2:DescribeInstances"],"Resource":"*"}]"#,
    ),
    (
        "SESCrudPolicy",
        r#"[{"Effect":"Allow","Action":["ses:GetIdentityVerificationAttributes","ses:SendEmail","ses:SendRawEmail","ses:VerifyEmailIdentity"],"Resource":"arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${IdentityName}"}]"#,
    ),
    (
        "SESSendBouncePolicy",
        r#"[{"Effect":"Allow","Action":["ses:SendBounce"],"Resource":"arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${IdentityName}"}]"#,
    ),
    (
        "EFSWriteAccessPolicy",
        r#"[{"Effect":"Allow","Action":["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite"],"Resource":"arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/${FileSystem}","Condition":{"StringEquals":{"elasticfilesystem:AccessPointArn":"arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/${AccessPoint}"}}}]"#,
    ),
    (
        "AthenaQueryPolicy",
        r#"[{"Effect":"Allow","Action":["athena:ListWorkGroups","athena:GetExecutionEngine","athena:GetExecutionEngines","athena:GetNamespace","athena:GetCatalogs","athena:GetNamespaces","athena:GetTables","athena:GetTable"],"Resource":"*"},{"Effect":"Allow","Action":["athena:StartQueryExecution","athena:GetQueryResults","athena:DeleteNamedQuery","athena:GetNamedQuery","athena:ListQueryExecutions","athena:StopQueryExecution","athena:GetQueryResultsStream","athena:ListNamedQueries","athena:CreateNamedQuery","athena:GetQueryExecution","athena:BatchGetNamedQuery","athena:BatchGetQueryExecution","athena:GetWorkGroup"],"Resource":"arn:${AWS::Partition}:athena:${AWS::Region}:${AWS::AccountId}:workgroup/${WorkGroupName}"}]"#,
    ),
    (
        "FilterLogEventsPolicy",
        r#"[{"Effect":"Allow","Action":["logs:FilterLogEvents"],"Resource":"arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${LogGroupName}:log-stream:*"}]"#,
    ),
];

/// The `Globals.Function` properties that shape the execution role.
const GLOBAL_ROLE_PROPERTIES: &[&str] = &["PermissionsBoundary", "AssumeRolePolicyDocument"];

/// A function with the role-shaping properties of `Globals.Function` it does not set
/// itself.
pub fn with_globals<'n>(res: Res<'n>, globals: Option<&Node>) -> Res<'n> {
    let Some(globals) = globals else { return res };
    let Res {
        id,
        span,
        mut props,
    } = res;
    if let NodeKind::Object(members) = &mut props.kind {
        for name in GLOBAL_ROLE_PROPERTIES {
            if members.iter().any(|(k, _)| k.name.is(name)) {
                continue;
            }
            if let Some((k, v)) = globals.get_entry(name) {
                members.push((k.clone(), v.clone()));
            }
        }
    }
    Res { id, span, props }
}

/// Reads a serverless function or state machine.
pub fn serverless(r: &mut Reader<'_, '_>, res: &Res<'_>, function: bool) {
    if res.get("Role").is_some() {
        // an existing role: SAM creates none and `Policies` is ignored
        return;
    }
    let role_id = format!("{}Role", res.id);
    let role_res = Res {
        id: &role_id,
        span: res.span,
        props: res.props.clone(),
    };
    let service = if function {
        "lambda.amazonaws.com"
    } else {
        "states.amazonaws.com"
    };
    let trust_node = res.get("AssumeRolePolicyDocument");
    let trust = match trust_node {
        Some(doc) => r.document(doc, &role_id),
        None => vec![default_trust(service, res.span, r, &role_id)],
    };
    let role = Principal {
        origin: r.origin(&role_res, res.span),
        kind: PrincipalKind::Role,
        name: Value::unknown(GENERATED),
        path: res.get("RolePath").and_then(Node::scalar),
        permissions_boundary: res
            .get("PermissionsBoundary")
            .map(|n| crate::model::Setting {
                value: n.scalar().unwrap_or_else(|| Value::unknown(n.type_name())),
                span: n.span,
            }),
        max_session_duration: None,
        trust_policy: None,
    };
    let trust_span = trust_node.map_or(res.span, |n| n.span);
    r.add_role(&role_res, role, Some(trust_span), Some(trust));
    if function {
        attach(
            r,
            &role_res,
            Ref::Unknown(Value::Partial(vec![
                Piece::Lit("arn:".into()),
                Piece::Expr("AWS::Partition".into()),
                Piece::Lit(":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole".into()),
            ])),
            res.span,
        );
    }
    let Some(policies) = res.get("Policies") else {
        return;
    };
    let items: Vec<&Node> = match policies.as_array() {
        Some(items) => items.iter().collect(),
        None => vec![policies],
    };
    for (i, item) in items.into_iter().enumerate() {
        let name = Value::known(format!("{role_id}Policy{i}"));
        match &item.kind {
            NodeKind::Str(Value::Known(s)) => {
                let arn = if s.starts_with("arn:") {
                    Ref::Literal(s.clone())
                } else {
                    Ref::Unknown(Value::Partial(vec![
                        Piece::Lit("arn:".into()),
                        Piece::Expr("AWS::Partition".into()),
                        Piece::Lit(format!(":iam::aws:policy/{s}")),
                    ]))
                };
                attach(r, &role_res, arn, item.span);
            }
            NodeKind::Str(v) => attach(r, &role_res, Ref::Unknown(v.clone()), item.span),
            NodeKind::Unknown(e) => attach(
                r,
                &role_res,
                Ref::Unknown(Value::unknown(e.clone())),
                item.span,
            ),
            NodeKind::Object(members) if item.get("Statement").is_some() || members.is_empty() => {
                for document in r.document(item, &role_id) {
                    push_inline(r, &role_res, name.clone(), document, item.span);
                }
            }
            NodeKind::Object(members) => {
                for (key, params) in members {
                    let document = expand(
                        key.name.as_known().unwrap_or(""),
                        params,
                        key.span,
                        r,
                        &role_id,
                    );
                    push_inline(
                        r,
                        &role_res,
                        Value::known(format!("{role_id}Policy{i}")),
                        document,
                        item.span,
                    );
                }
            }
            _ => {}
        }
    }
}

fn push_inline(
    r: &mut Reader<'_, '_>,
    role: &Res<'_>,
    name: Value,
    document: Document,
    span: Span,
) {
    r.inv.policies.push(Policy {
        origin: r.origin(role, span),
        kind: PolicyKind::Inline {
            principal: self_ref(role, PrincipalKind::Role, span),
        },
        name: Some(name),
        document,
    });
}

fn attach(r: &mut Reader<'_, '_>, role: &Res<'_>, policy: Ref, span: Span) {
    r.inv.attachments.push(Attachment {
        origin: r.origin(role, span),
        principal: self_ref(role, PrincipalKind::Role, span),
        policy,
        policy_span: span,
        policy_resolved: None,
    });
}

/// The trust policy SAM gives the role: the service may assume it.
fn default_trust(service: &str, span: Span, r: &mut Reader<'_, '_>, address: &str) -> Document {
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":["{service}"]}},"Action":["sts:AssumeRole"]}}]}}"#
    );
    statements_at(&text, span, &[], r, address, false)
}

/// A SAM policy template's statements with its parameters filled in; all spans are the
/// template's entry.
fn expand(
    name: &str,
    params: &Node,
    span: Span,
    r: &mut Reader<'_, '_>,
    address: &str,
) -> Document {
    let Some((_, statements)) = TEMPLATES.iter().find(|(n, _)| *n == name) else {
        return Document::Unknown {
            expr: format!("SAM policy template {name}"),
            span,
        };
    };
    let values: Vec<(String, Value)> = params
        .as_object()
        .unwrap_or(&[])
        .iter()
        .filter_map(|(k, v)| Some((k.name.as_known()?.to_string(), v.scalar()?)))
        .collect();
    let text = format!(r#"{{"Version":"2012-10-17","Statement":{statements}}}"#);
    statements_at(&text, span, &values, r, address, true)
}

/// Builds a document from built-in JSON text, filling `${Param}` from `values` (a
/// parameter not given stays unknown), every span at `span`.
fn statements_at(
    text: &str,
    span: Span,
    values: &[(String, Value)],
    r: &mut Reader<'_, '_>,
    address: &str,
    fill: bool,
) -> Document {
    let Ok(mut tree) = json::parse(
        text,
        span.file,
        0,
        json::Options {
            interpolation: fill,
        },
    ) else {
        return Document::Unknown {
            expr: "SAM policy".into(),
            span,
        };
    };
    tree.map_spans(&|_| span);
    fill_params(&mut tree, values);
    let mut problems = Vec::new();
    let document = policy_doc::build(&tree, &mut problems);
    for p in problems {
        r.inv.policy_problems.push(crate::model::PolicyProblem {
            span: p.span,
            address: address.to_string(),
            message: p.message,
        });
    }
    document
}

fn fill_params(n: &mut Node, values: &[(String, Value)]) {
    match &mut n.kind {
        NodeKind::Str(Value::Partial(pieces)) => {
            let mut out = Vec::new();
            for p in pieces.drain(..) {
                match p {
                    Piece::Expr(e) => match values.iter().find(|(k, _)| *k == e) {
                        Some((_, Value::Known(s))) => out.push(Piece::Lit(s.clone())),
                        Some((_, Value::Partial(ps))) => out.extend(ps.iter().cloned()),
                        Some((_, Value::Unknown(u))) => out.push(Piece::Expr(u.clone())),
                        None => out.push(Piece::Expr(e)),
                    },
                    lit => out.push(lit),
                }
            }
            n.kind = NodeKind::Str(Value::from_pieces(out));
        }
        NodeKind::Str(Value::Unknown(e)) => {
            if let Some((_, v)) = values.iter().find(|(k, _)| k == e) {
                n.kind = NodeKind::Str(v.clone());
            }
        }
        NodeKind::Array(items) => items.iter_mut().for_each(|i| fill_params(i, values)),
        NodeKind::Object(members) => members.iter_mut().for_each(|(_, v)| fill_params(v, values)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_a_valid_policy() {
        for (name, statements) in TEMPLATES {
            let text = format!(r#"{{"Version":"2012-10-17","Statement":{statements}}}"#);
            let tree = json::parse(
                &text,
                crate::source::FileId(0),
                0,
                json::Options {
                    interpolation: true,
                },
            )
            .unwrap_or_else(|e| panic!("{name}: {}", e.message));
            let mut problems = Vec::new();
            let doc = policy_doc::build(&tree, &mut problems);
            assert!(problems.is_empty(), "{name}: {problems:?}");
            assert!(
                doc.parsed().is_some_and(|d| !d.statements.is_empty()),
                "{name}"
            );
        }
    }
}
