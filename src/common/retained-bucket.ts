import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** What sets one retained bucket apart from another. */
export interface RetainedBucketOptions {
  /** KMS key for the objects; S3-managed keys without it. */
  readonly encryptionKey?: kms.IKey;
  /** Where server access logs go, under `accessLogsPrefix`; none without it. */
  readonly accessLogsBucket?: s3.IBucket;
  readonly accessLogsPrefix: string;
  readonly lifecycleRules: s3.LifecycleRule[];
}

/**
 * A bucket whose objects are the only copy of something (a lake, records set aside):
 * versioned, encrypted (with a bucket key under KMS), TLS only, public access blocked, and
 * retained when the stack is deleted.
 */
export function createRetainedBucket(scope: Construct, id: string, options: RetainedBucketOptions): s3.Bucket {
  return new s3.Bucket(scope, id, {
    versioned: true,
    encryption: options.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    encryptionKey: options.encryptionKey,
    bucketKeyEnabled: options.encryptionKey ? true : undefined,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    removalPolicy: RemovalPolicy.RETAIN,
    serverAccessLogsBucket: options.accessLogsBucket,
    serverAccessLogsPrefix: options.accessLogsBucket ? options.accessLogsPrefix : undefined,
    lifecycleRules: options.lifecycleRules,
  });
}
