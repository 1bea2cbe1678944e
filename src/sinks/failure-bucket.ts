import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { nagFindingText } from '../common/nag-finding';
import { createRetainedBucket } from '../common/retained-bucket';

/** Overwritten or deleted failure objects are kept this long, to undo mistakes. */
const NONCURRENT_KEPT = Duration.days(30);
/** Where the new bucket's server access logs go in the logs bucket. */
const ACCESS_LOGS_PREFIX = 'aggregate-failures-access-logs/';

/** What the failure bucket is made with. */
export interface FailureBucketOptions {
  readonly encryptionKey?: kms.IKey;
  readonly accessLogsBucket?: s3.IBucket;
}

/**
 * The default failure store of an `AggregateToTable`: versioned, encrypted (S3-managed,
 * or with the given key), TLS only, public access blocked, non-current versions kept 30
 * days, and retained when the stack is deleted: its objects are the only copy of the
 * records the aggregate could not count once the stream has trimmed them.
 */
export function createFailureBucket(scope: Construct, id: string, options: FailureBucketOptions): s3.Bucket {
  const bucket = createRetainedBucket(scope, id, {
    encryptionKey: options.encryptionKey,
    accessLogsBucket: options.accessLogsBucket,
    accessLogsPrefix: ACCESS_LOGS_PREFIX,
    lifecycleRules: [{ id: 'NoncurrentVersions', noncurrentVersionExpiration: NONCURRENT_KEPT }],
  });
  if (!options.accessLogsBucket) {
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Only the aggregate\'s function and its event source mapping write to this bucket (s3:PutObject under the failure '
        + 'prefix and aws/lambda/), and people read it to replay failures; server access logs are optional: give `accessLogsBucket` to keep them.',
    });
  }
  return bucket;
}

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
