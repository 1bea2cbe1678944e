import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { KafkaBridge } from './kafka-bridge';
import { KafkaTopic } from './kafka-topic';
import { nagFindingText } from '../common/nag-finding';

/**
 * The internal topics and worker groups MSK Connect makes for each connector. The IAM
 * example names them `__amazon_msk_connect_*`, as clusters show them; the state-management
 * page names the topics `__msk_connect_*`: both are granted, neither is a user's name.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-service-execution-role.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-state-management.html
 */
export const INTERNAL_PREFIXES = ['__amazon_msk_connect_', '__msk_connect_'];

/** What the sink's service execution role is for. */
export interface S3SinkRoleSpec {
  readonly bridge: KafkaBridge;
  readonly topics: KafkaTopic[];
  readonly connectorName: string;
  readonly consumerGroup: string;
  readonly bucket: s3.IBucket;
  readonly prefix: string;
}

/**
 * The connector's service execution role: assumed by MSK Connect for this account's
 * connector of this name only, reading the topics as the connector's group, keeping
 * MSK Connect's own topics and groups, and writing objects under the prefix.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-service-execution-role.html
 */
export function createS3SinkRole(scope: Construct, id: string, spec: S3SinkRoleSpec): iam.Role {
  const stack = Stack.of(scope);
  const connectorArns = `arn:${stack.partition}:kafkaconnect:${stack.region}:${stack.account}:connector/${spec.connectorName}/*`;
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('kafkaconnect.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': connectorArns },
    }),
    // IAM descriptions take Latin-1 only: no ellipsis character.
    description: `MSK Connect S3 sink ${spec.connectorName}: reads its topics, writes under ${spec.prefix} in its bucket`,
  });
  const arns = spec.bridge._arns;
  const internalTopics = INTERNAL_PREFIXES.map(p => arns.topic(`${p}*`));
  const internalGroups = INTERNAL_PREFIXES.map(p => arns.group(`${p}*`));
  const objects = spec.bucket.arnForObjects(`${spec.prefix}*`);
  const statements = [
    new iam.PolicyStatement({ actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], resources: [arns.cluster()] }),
    new iam.PolicyStatement({ actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], resources: spec.topics.map(t => t.topicArn) }),
    new iam.PolicyStatement({ actions: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'], resources: [arns.group(spec.consumerGroup)] }),
    new iam.PolicyStatement({
      actions: ['kafka-cluster:CreateTopic', 'kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData', 'kafka-cluster:WriteData'],
      resources: internalTopics,
    }),
    new iam.PolicyStatement({ actions: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'], resources: internalGroups }),
    new iam.PolicyStatement({
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [spec.bucket.bucketArn],
    }),
    new iam.PolicyStatement({
      actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
      resources: [objects],
    }),
  ];
  const key = spec.bucket.encryptionKey;
  if (key) {
    statements.push(new iam.PolicyStatement({
      // Multipart uploads decrypt the parts they complete.
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
    }));
  }
  for (const statement of statements) {
    role.addToPrincipalPolicy(statement);
  }
  acknowledgeWildcards(role, [...internalTopics, ...internalGroups], objects);
  return role;
}

function acknowledgeWildcards(role: iam.Role, internal: string[], objects: string): void {
  const stack = Stack.of(role);
  for (const arn of internal) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagFindingText(stack.resolve(arn))}]`,
      reason: 'MSK Connect names its internal config, offset and status topics and its worker group after the connector and an id '
        + 'it chooses at creation: AWS documents these prefixes for a connector\'s service execution role.',
    });
  }
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagFindingText(stack.resolve(objects))}]`,
    reason: 'The sink names each object after the topic, date, partition and first offset: it writes under its prefix only.',
  });
}
