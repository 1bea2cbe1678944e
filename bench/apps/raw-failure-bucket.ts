/**
 * The raw variant's failure bucket, shared by the fraud detector's consumer and the
 * spend aggregate (as a team would factor it once two readers keep their failures):
 * the only copy of records a reader gave up on once the stream has trimmed them, so
 * versioned, encrypted, TLS-only, private and kept on stack deletion. Current objects
 * never expire; deleted ones are kept 30 days, abandoned uploads a week. The clickstream
 * index's backup bucket (raw-search.ts) is one too, with server access logs.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Where a failure bucket's server access logs go. */
export interface FailureBucketAccessLogs {
  readonly bucket: s3.IBucket;
  readonly prefix: string;
}

/**
 * Adds a failure bucket as construct `id` under `scope`. `writers` says who may write to
 * it, for the reason it has no access logs; with `accessLogs`, it logs its access there.
 */
export function addFailureBucket(scope: Construct, id: string, writers: string, accessLogs?: FailureBucketAccessLogs): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    versioned: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    removalPolicy: RemovalPolicy.RETAIN,
    serverAccessLogsBucket: accessLogs?.bucket,
    serverAccessLogsPrefix: accessLogs?.prefix,
    lifecycleRules: [
      { id: 'NoncurrentVersions', noncurrentVersionExpiration: Duration.days(30) },
      { id: 'IncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
    ],
  });
  if (!accessLogs) {
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: `Only ${writers} may write to this bucket, and people read it to replay failures; server access logs are `
        + 'optional: give `accessLogsBucket` to keep them.',
    });
  }
  return bucket;
}
