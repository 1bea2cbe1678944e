import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as iot from 'aws-cdk-lib/aws-iot';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { InputError } from '../../common/input-error';
import { nagFindingText } from '../../common/nag-finding';

/** Where the error action writes in a bucket. */
export const ERROR_OBJECTS_PREFIX = 'iot-errors/';

/**
 * The key of each error document: one object per failed message (`newuuid()` keeps two
 * failures of one millisecond apart), grouped by the message's topic.
 */
export const ERROR_OBJECT_KEY = `${ERROR_OBJECTS_PREFIX}\${topic()}/\${timestamp()}-\${newuuid()}.json`;

/** Where the rule keeps the messages it fails to put on the source. */
export interface IotErrorDestination {
  /** The bucket, if the error action writes to S3. */
  readonly bucket?: s3.IBucket;
  /** The queue, if the error action sends to SQS. */
  readonly queue?: sqs.IQueue;
  /** The error action, writing with `role`. */
  readonly action: iot.CfnTopicRule.ActionProperty;
  /** Where the error documents are and what they hold, for alarm descriptions. */
  readonly location: string;
}

/**
 * The error action of a rule: a bucket (the default) or an SQS queue, written with `role`,
 * which gets only what that action needs: `s3:PutObject` under `iot-errors/` in the
 * bucket's account (plus `kms:GenerateDataKey` on the bucket's key), or `sqs:SendMessage`
 * on the queue (plus `kms:GenerateDataKey` and `kms:Decrypt` on its key).
 *
 * AWS IoT writes one JSON document per rule and message, with the original payload
 * base64-encoded (`base64OriginalPayload`) and each failure.
 *
 * @see https://docs.aws.amazon.com/iot/latest/developerguide/rule-error-handling.html
 * @see https://docs.aws.amazon.com/iot/latest/developerguide/s3-rule-action.html
 * @see https://docs.aws.amazon.com/iot/latest/developerguide/sqs-rule-action.html
 */
export function createErrorDestination(role: iam.Role, bucket: s3.IBucket | undefined, queue: sqs.IQueue | undefined): IotErrorDestination {
  if (queue) {
    if (queue.fifo) {
      throw new InputError('`failureQueue` must be an SQS standard queue: AWS IoT\'s SQS action cannot send to a FIFO queue, '
        + `got ${queue.node.path}`);
    }
    iam.Grant.addToPrincipal({ grantee: role, actions: ['sqs:SendMessage'], resourceArns: [queue.queueArn] });
    queue.encryptionMasterKey?.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
    return {
      queue,
      action: { sqs: { queueUrl: queue.queueUrl, roleArn: role.roleArn, useBase64: false } },
      location: `Each failed message is an error document in the SQS queue ${queue.queueName}, its payload base64-encoded in `
        + 'base64OriginalPayload: put it on the stream again before the queue\'s retention ends.',
    };
  }
  const target = bucket!;
  const objects = target.arnForObjects(`${ERROR_OBJECTS_PREFIX}*`);
  iam.Grant.addToPrincipal({
    grantee: role,
    actions: ['s3:PutObject'],
    resourceArns: [objects],
    conditions: { StringEquals: { 's3:ResourceAccount': target.env.account } },
  });
  target.encryptionKey?.grant(role, 'kms:GenerateDataKey');
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${nagFindingText(Stack.of(role).resolve(objects))}]`,
    reason: 'AWS IoT\'s error action names each object after the message\'s topic, time and a random id: s3:PutObject under '
      + 'iot-errors/ only, in the bucket\'s account.',
  });
  return {
    bucket: target,
    action: { s3: { bucketName: target.bucketName, key: ERROR_OBJECT_KEY, roleArn: role.roleArn } },
    location: `Each failed message is an object under s3://${target.bucketName}/${ERROR_OBJECTS_PREFIX}<topic>/, its payload `
      + 'base64-encoded in base64OriginalPayload.',
  };
}
