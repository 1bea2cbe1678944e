import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';
import { EventBridgeWriteTarget } from '../../source/writer-binding';

/** EventBridge, as the principal that sends to a dead-letter queue. */
const EVENTS = 'events.amazonaws.com';

/** What a `KinesisRuleTarget` is made of. */
export interface KinesisRuleTargetOptions {
  /** The source's target, from `IWriterBinding.eventBridgeTarget()`. */
  readonly target: EventBridgeWriteTarget;
  /** The role EventBridge puts records with, already granted. */
  readonly role: iam.IRole;
  readonly deadLetterQueue: sqs.IQueue;
  readonly retryAttempts: number;
  readonly maxEventAgeSeconds: number;
  /** Called when the queue (or its key) is imported and cannot be opened to EventBridge from here. */
  readonly onQueueNotWritable: (what: string) => void;
}

/**
 * An EventBridge rule target that puts each event on a source with the given role,
 * partition key path, retry policy and dead-letter queue.
 *
 * Unlike aws-events-targets' `KinesisStream`, it grants nothing itself: the producer's
 * role gets `kinesis:PutRecord` and `kinesis:PutRecords` from the source's binding, not
 * `IStream.grantWrite()`'s `ListShards` and `DescribeStream*`, which EventBridge never
 * calls. The dead-letter queue's policy lets only this rule send to it (`aws:SourceArn`),
 * as EventBridge documents; a queue key defined in this app lets EventBridge use it.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 */
export class KinesisRuleTarget implements events.IRuleTarget {
  constructor(private readonly options: KinesisRuleTargetOptions) {}

  public bind(rule: events.IRule): events.RuleTargetConfig {
    const { target, role, deadLetterQueue: queue } = this.options;
    this.openQueueTo(rule, queue);
    return {
      arn: target.arn,
      role,
      kinesisParameters: target.kinesisParameters,
      deadLetterConfig: { arn: queue.queueArn },
      retryPolicy: {
        maximumRetryAttempts: this.options.retryAttempts,
        maximumEventAgeInSeconds: this.options.maxEventAgeSeconds,
      },
    };
  }

  private openQueueTo(rule: events.IRule, queue: sqs.IQueue): void {
    const added = queue.addToResourcePolicy(new iam.PolicyStatement({
      sid: `AllowEventBridgeRule${ruleUniqueSuffix(rule)}`,
      principals: [new iam.ServicePrincipal(EVENTS)],
      actions: ['sqs:SendMessage'],
      resources: [queue.queueArn],
      conditions: { ArnEquals: { 'aws:SourceArn': rule.ruleArn } },
    }));
    if (!added.statementAdded) {
      this.options.onQueueNotWritable(`the policy of the dead-letter queue ${queue.node.path}`);
    }
    const key = queue.encryptionMasterKey;
    if (key === undefined) {
      return;
    }
    if (key instanceof kms.Key) {
      // SQS encrypts what EventBridge sends with the queue's key, on EventBridge's behalf. No
      // aws:SourceArn condition: AWS documents one for an event bus's own key, not for a
      // target queue's, and one EventBridge did not meet would lose every dead letter; the
      // queue's policy already admits this rule only.
      key.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(EVENTS)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }), true);
    } else {
      this.options.onQueueNotWritable(`the KMS key of the dead-letter queue ${queue.node.path}`);
    }
  }
}

/** A statement id unique to the rule within a queue's policy, from its construct address. */
function ruleUniqueSuffix(rule: IConstruct): string {
  return rule.node.addr.slice(0, 12);
}
