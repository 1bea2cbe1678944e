import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** What CloudWatch Logs does with a log group's key. */
const LOGS_KEY_ACTIONS = ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'];

/** How an encrypted log group is kept. */
export interface EncryptedLogGroupOptions {
  /** The key; none for CloudWatch Logs' own encryption. */
  readonly encryptionKey?: kms.IKey;
  readonly retention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A log group encrypted with the given key, which CloudWatch Logs may use only for log
 * groups of this stack's account and Region (`kms:EncryptionContext:aws:logs:arn`): the
 * service principal alone would let any account's log group use the key. Not the group's
 * own ARN, which would make the key and the group depend on each other.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function encryptedLogGroup(scope: Construct, id: string, options: EncryptedLogGroupOptions): logs.LogGroup {
  const key = options.encryptionKey;
  if (key) {
    const stack = Stack.of(scope);
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: LOGS_KEY_ACTIONS,
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }));
  }
  return new logs.LogGroup(scope, id, { encryptionKey: key, retention: options.retention, removalPolicy: options.removalPolicy });
}
