import { Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { nagFindingText } from '../common/nag-finding';

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
