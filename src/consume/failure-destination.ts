import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { FAILURE_OBJECTS_PREFIX, FailureBucketDestination } from './failure-bucket-destination';
import { RecordTerms } from './record-terms';
import { ShardConsumerProps } from './shard-consumer-props';
import { InputError } from '../common/input-error';

/** Where a consumer records the batches Lambda gives up on, and what that place keeps. */
export interface FailureDestination {
  /** What the event source mapping is given. */
  readonly onFailure: lambda.IEventSourceDlq;
  /** The bucket of an S3 destination the consumer knows. */
  readonly bucket?: s3.IBucket;
  /** The queue given as `failureQueue`. */
  readonly queue?: sqs.IQueue;
  /**
   * The AWS service the destination is (`s3`, `sqs` or `sns`), for the source to make it
   * reachable from where its records are polled (`IReaderBinding.reachService()`).
   * Undefined for an `onFailure` of another kind, which the user makes reachable.
   */
  readonly service?: string;
  /** Whether the destination receives the records, not only their shard and sequence numbers. */
  readonly keepsRecords: boolean;
  /** The destination in a warning's words, e.g. 'the SQS queue `failureQueue`'. */
  readonly description: string;
  /**
   * Where the records are and how to replay them, for alarm descriptions.
   * @param mappingId the event source mapping's UUID (a token)
   * @param replayWindow how long a record given up on stays on the stream, in words
   * @param terms how the source's shards (or partitions) and positions are named
   */
  describeLocation(mappingId: string, replayWindow: string, terms: RecordTerms): string;
}

type DestinationProps = Pick<ShardConsumerProps, 'onFailure' | 'failureQueue' | 'failureBucket' | 'failureEncryptionKey' | 'accessLogsBucket'>;

/**
 * Picks the failure destination from the props: one of `onFailure`, `failureQueue` and
 * `failureBucket`, or else a new bucket (`createBucket`). Throws `InputError`s for
 * alternatives given together and for new-bucket props given with another destination.
 */
export function resolveFailureDestination(props: DestinationProps, createBucket: () => s3.IBucket): FailureDestination {
  const given = (['onFailure', 'failureQueue', 'failureBucket'] as const).filter(name => props[name] !== undefined);
  if (given.length > 1) {
    throw new InputError(`\`onFailure\`, \`failureQueue\` and \`failureBucket\` each set the failure destination: give at most one, got ${given.map(n => `\`${n}\``).join(' and ')}`);
  }
  if (given.length > 0) {
    for (const name of ['failureEncryptionKey', 'accessLogsBucket'] as const) {
      if (props[name] !== undefined) {
        throw new InputError(`\`${name}\` applies to the failure bucket the consumer creates, but \`${given[0]}\` was given: `
          + 'set it up on your destination instead');
      }
    }
  }
  if (props.failureQueue) {
    return queueDestination(props.failureQueue);
  }
  if (props.onFailure) {
    return givenDestination(props.onFailure);
  }
  return bucketDestination(props.failureBucket ?? createBucket());
}

function bucketDestination(bucket: s3.IBucket): FailureDestination {
  return {
    onFailure: new FailureBucketDestination(bucket),
    bucket,
    service: 's3',
    keepsRecords: true,
    description: 'the S3 failure bucket',
    describeLocation: mappingId => `Each batch is an object under s3://${bucket.bucketName}/${FAILURE_OBJECTS_PREFIX}${mappingId}/`
      + '<shard id>/YYYY/MM/DD/, its records in the payload field (the Lambda event, base64 data).',
  };
}

function queueDestination(queue: sqs.IQueue): FailureDestination {
  return {
    onFailure: new sources.SqsDlq(queue),
    queue,
    service: 'sqs',
    keepsRecords: false,
    description: 'the SQS queue `failureQueue`',
    describeLocation: (_, replay, terms) => `Each message in the failure queue ${queue.queueName} names ${rangeOf(terms)}, not the `
      + `records: read them from ${terms.container} within ${replay} of Lambda giving up, before ${terms.container} deletes them.`,
  };
}

function givenDestination(onFailure: lambda.IEventSourceDlq): FailureDestination {
  const keepsRecords = onFailure instanceof sources.S3OnFailureDestination || onFailure instanceof FailureBucketDestination;
  const description = onFailure instanceof sources.SqsDlq ? 'an SQS queue (`onFailure`)'
    : onFailure instanceof sources.SnsDlq ? 'an SNS topic (`onFailure`)'
      : keepsRecords ? 'an S3 bucket (`onFailure`)' : '`onFailure`, which is not an S3 destination';
  const service = onFailure instanceof sources.SqsDlq ? 'sqs'
    : onFailure instanceof sources.SnsDlq ? 'sns'
      : keepsRecords ? 's3' : undefined;
  return {
    onFailure,
    service,
    keepsRecords,
    description,
    describeLocation: (mappingId, replay, terms) => keepsRecords
      ? `Each batch is an object under ${FAILURE_OBJECTS_PREFIX}${mappingId}/<shard id>/YYYY/MM/DD/ in the onFailure bucket, its records in the payload field.`
      : `The onFailure destination received ${rangeOf(terms)} per batch, not the records: read them from ${terms.container} within ${replay} `
        + `of Lambda giving up, before ${terms.container} deletes them.`,
  };
}

/** 'a shard and sequence range' on a stream, 'a partition and offset range' on a topic. */
function rangeOf(terms: RecordTerms): string {
  return `a ${terms.unit} and ${terms.position} range`;
}
