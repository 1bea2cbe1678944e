import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The longest SQS keeps a message: the most time to notice and reprocess a failure. */
const MAX_SQS_RETENTION = Duration.days(14);

/**
 * The default on-failure destination of a consumer: an SQS queue encrypted at rest,
 * reachable over TLS only, keeping messages as long as SQS allows, and kept when the
 * stack is deleted: its messages are the only record of what was skipped.
 */
export function createFailureQueue(scope: Construct, id: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: MAX_SQS_RETENTION,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // cdk-nag only recognises queues named in another queue's redrive policy as DLQs.
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is the dead-letter destination of a Lambda event source mapping: it holds the batches the consumer gave up on.',
  });
  return queue;
}
