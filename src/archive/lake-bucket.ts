import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createRetainedBucket } from '../common/retained-bucket';

/** Events move to Intelligent-Tiering after a month: still queryable, cheaper when cold. */
const TIERING_AFTER = Duration.days(30);
/** Overwritten or deleted objects are kept this long, to undo mistakes. */
const NONCURRENT_KEPT = Duration.days(30);
/** Athena query results are re-creatable: kept a month. */
const ATHENA_RESULTS_KEPT = Duration.days(30);
/** Uploads Firehose abandoned are cleaned up after a week. */
const ABORT_UPLOADS_AFTER = Duration.days(7);

/** What the lake bucket is made with. */
export interface LakeBucketOptions {
  readonly encryptionKey?: kms.IKey;
  readonly accessLogsBucket?: s3.IBucket;
  /** Athena writes query results under `athena-results/`: expire them. */
  readonly athenaResults: boolean;
}

/**
 * The default bucket of a lake: versioned, encrypted, TLS only, public access blocked,
 * retained when the stack is deleted, with lifecycle rules for old and non-current objects.
 */
export function createLakeBucket(scope: Construct, id: string, options: LakeBucketOptions): s3.Bucket {
  return createRetainedBucket(scope, id, {
    encryptionKey: options.encryptionKey,
    accessLogsBucket: options.accessLogsBucket,
    accessLogsPrefix: 'lake-access-logs/',
    lifecycleRules: [{
      id: 'OldAndNoncurrentObjects',
      transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: TIERING_AFTER }],
      noncurrentVersionExpiration: NONCURRENT_KEPT,
      abortIncompleteMultipartUploadAfter: ABORT_UPLOADS_AFTER,
    }, ...(options.athenaResults ? [{
      id: 'AthenaResults',
      prefix: 'athena-results/',
      expiration: ATHENA_RESULTS_KEPT,
    }] : [])],
  });
}
