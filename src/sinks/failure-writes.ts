import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { nagFindingText } from '../common/nag-finding';

/**
 * Permits the handler to put failure objects under `prefix` and nothing else: `s3:PutObject`
 * (aws-cdk-lib's `grantPut` adds tagging, retention, legal hold and abort actions the handler
 * never calls) and, if the bucket has a KMS key, `kms:GenerateDataKey`, which S3 calls for a
 * PutObject with SSE-KMS.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html#API_PutObject_Permissions
 */
export function grantFailureWrites(fn: lambda.IFunction, bucket: s3.IBucket, prefix: string): iam.Grant {
  const objects = bucket.arnForObjects(`${prefix}*`);
  const grant = iam.Grant.addToPrincipalOrResource({ grantee: fn, actions: ['s3:PutObject'], resourceArns: [objects], resource: bucket });
  const keyGrant = bucket.encryptionKey?.grant(fn, 'kms:GenerateDataKey');
  if (fn.role) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagFindingText(Stack.of(fn).resolve(objects))}]`,
      reason: 'The handler names each failure object after its content, so it may put any key under the failure prefix; '
        + 's3:PutObject only, on that prefix only.',
    });
  }
  return keyGrant ? grant.combine(keyGrant) : grant;
}
