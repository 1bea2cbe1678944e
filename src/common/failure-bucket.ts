import { Duration, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createRetainedBucket } from './retained-bucket';

/** Deleted or overwritten failure objects are kept this long, to undo a mistaken clean-up. */
const NONCURRENT_KEPT = Duration.days(30);
/** The writers put single-part objects; an upload left incomplete by anyone else is removed after this. */
const INCOMPLETE_UPLOADS_KEPT = Duration.days(7);

/** What a failure bucket is made with. */
export interface FailureBucketOptions {
  readonly encryptionKey?: kms.IKey;
  readonly accessLogsBucket?: s3.IBucket;
  /** Where its server access logs go in `accessLogsBucket`. */
  readonly accessLogsPrefix: string;
  /** Who writes to it, and where, for the reason access logs are optional: 'Lambda (…)'. */
  readonly writers: string;
}

/**
 * A bucket holding records a reader could not process, records included: retained
 * (versioned, encrypted, TLS only, public access blocked, kept when the stack is deleted).
 *
 * Current objects never expire: once the stream has trimmed them, they are the only copy
 * of the records, and only someone who has replayed or dismissed them can say they may go
 * (delete them then; versioning keeps a deleted object 30 days more). Failures are rare
 * and small next to the stream, so keeping them costs little; a lifecycle rule that
 * expired them would lose data silently.
 */
export function createFailureBucket(scope: Construct, id: string, options: FailureBucketOptions): s3.Bucket {
  const bucket = createRetainedBucket(scope, id, {
    encryptionKey: options.encryptionKey,
    accessLogsBucket: options.accessLogsBucket,
    accessLogsPrefix: options.accessLogsPrefix,
    lifecycleRules: [
      { id: 'NoncurrentVersions', noncurrentVersionExpiration: NONCURRENT_KEPT },
      { id: 'IncompleteUploads', abortIncompleteMultipartUploadAfter: INCOMPLETE_UPLOADS_KEPT },
    ],
  });
  if (!options.accessLogsBucket) {
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: `Only ${options.writers} may write to this bucket, and people read it to replay failures; server access logs are `
        + 'optional: give `accessLogsBucket` to keep them.',
    });
  }
  return bucket;
}
