import { Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { nagFindingText } from '../common/nag-finding';

/** The object-level actions aws-cdk-lib's S3 destination grants Firehose on the lake bucket. */
const DESTINATION_WILDCARD_ACTIONS = ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'];

/**
 * cdk-nag (AwsSolutions-IAM5) flags the wildcards in the policy aws-cdk-lib's Firehose
 * S3 destination gives its role. They are scoped to the lake bucket and its objects,
 * which is what Firehose needs to write, overwrite partial uploads and abort them;
 * acknowledged on the delivery stream with that reason, finding by finding, so that any
 * other wildcard still fails.
 */
export function acknowledgeDestinationWildcards(deliveryStream: IConstruct, bucket: s3.IBucket, converts: boolean): void {
  acknowledgeWildcards(deliveryStream, [
    ...DESTINATION_WILDCARD_ACTIONS.map(action => `Action::${action}`),
    `Resource::${objectsFinding(deliveryStream, bucket, '*')}`,
  ], 'aws-cdk-lib\'s S3 destination grants Firehose read/write on the lake bucket and its objects only: '
    + 'it writes objects, retries partial uploads and aborts them.');
  if (converts) {
    Validations.of(deliveryStream).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'aws-cdk-lib grants glue:GetSchemaVersion on * for record format conversion; the action has no resource-level '
        + 'permissions. The table itself is granted by ARN.',
    });
  }
}

/**
 * The wildcards of the crawler's role: reading the lake's event objects (aws-cdk-lib's
 * `grantRead` actions, on the events folder) and using the key of its logs.
 */
export function acknowledgeCrawlerWildcards(role: IConstruct, bucket: s3.IBucket, basePrefix: string): void {
  acknowledgeWildcards(role, [
    'Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*',
    `Resource::${objectsFinding(role, bucket, `${basePrefix}*`)}`,
  ], 'The crawler reads the lake\'s event objects only (aws-cdk-lib\'s grantRead on the events folder).');
  acknowledgeWildcards(role, ['Action::kms:ReEncrypt*', 'Action::kms:GenerateDataKey*'],
    'aws-cdk-lib\'s grantEncryptDecrypt on the one key that encrypts the crawler\'s logs.');
}

/** Acknowledges each AwsSolutions-IAM5 finding on `scope` with the same reason. */
function acknowledgeWildcards(scope: IConstruct, findings: string[], reason: string): void {
  for (const finding of findings) {
    Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}

/** How cdk-nag writes `<bucket ARN>/<keys>` in a finding. */
function objectsFinding(scope: IConstruct, bucket: s3.IBucket, keys: string): string {
  return `${nagFindingText(Stack.of(scope).resolve(bucket.bucketArn))}/${keys}`;
}
