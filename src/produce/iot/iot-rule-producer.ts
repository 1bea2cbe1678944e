import { Annotations, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as iot from 'aws-cdk-lib/aws-iot';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createErrorDestination } from './iot-error-action';
import { createIotRuleAlarms, IotRuleMetrics } from './iot-rule-metrics';
import { IotRuleProducerProps } from './iot-rule-producer-props';
import { iotRuleSettings } from './iot-rule-settings';
import { createFailureBucket } from '../../common/failure-bucket';
import { fail, withPath } from '../../common/input-error';
import { AlarmFactory } from '../../monitoring/alarm-factory';
import { acknowledgeWriteGrant } from '../nag-acknowledgements';
import { bindProducer } from '../producer-binding';

const WARNING_PREFIX = 'cdk-streaming-pipelines:IotRuleProducer:';

/**
 * An AWS IoT topic rule that puts device messages on a source, keyed so that they spread
 * over its shards, with the messages it fails to put kept by an error action.
 *
 * The rule's Kinesis action puts the query's result as one record per message, with the
 * partition key as a substitution template: a payload field (`${deviceId}`, each device's
 * messages in order on one shard) or `${newuuid()}` when order does not matter. A constant
 * key is refused. A message the action cannot put (throttled, refused, or without the key's
 * field, whose key is then empty) goes to the error action: a retained bucket by default,
 * or your bucket or SQS queue. Alarms fire when the error action kept messages, when it
 * failed too (they are lost), and when the rules engine throttled the rule.
 *
 * The producer counts as a writer of the source: its `recordsPerSecond` is part of the
 * source's plan, and its key is checked against it.
 *
 * Each action has its own role, assumed by AWS IoT for this rule only: the Kinesis action's
 * may put records on the stream (and use its key) and nothing else; the error action's may
 * only write error documents.
 *
 * @example
 * declare const ingest: StreamingIngest;
 * new IotRuleProducer(this, 'Telemetry', {
 *   source: ingest,
 *   topicFilter: 'devices/+/telemetry',
 *   partitionKey: PartitionKey.field('deviceId', { distinctValues: 20_000 }),
 *   recordsPerSecond: 2_000,
 * });
 */
export class IotRuleProducer extends Construct {
  /** The topic rule. */
  public readonly rule: iot.CfnTopicRule;
  /** The topic rule's name, the `RuleName` of its metrics. */
  public readonly ruleName: string;
  /** The topic rule's ARN. */
  public readonly ruleArn: string;
  /** The role of the Kinesis action: `kinesis:PutRecord` and `kinesis:PutRecords` on the stream (and its key), nothing else. */
  public readonly role: iam.IRole;
  /** The role of the error action: writing error documents to the failure bucket or queue, nothing else. */
  public readonly errorActionRole: iam.IRole;
  /**
   * The bucket the error action writes failed messages to.
   * @default - none: `failureQueue` keeps them
   */
  public readonly failureBucket?: s3.IBucket;
  /**
   * The queue the error action sends failed messages to.
   * @default - none: `failureBucket` keeps them
   */
  public readonly failureQueue?: sqs.IQueue;
  /** The partition key as the Kinesis action's substitution template, e.g. `${deviceId}`. */
  public readonly partitionKeyTemplate: string;
  /** The rule's alarms (empty with `createAlarms: false`). */
  public readonly alarms: cloudwatch.IAlarm[];

  private readonly metrics: IotRuleMetrics;

  constructor(scope: Construct, id: string, props: IotRuleProducerProps) {
    super(scope, id);
    const settings = withPath(this, () => iotRuleSettings(props));
    this.refuseConflictingFailureProps(props);
    const binding = bindProducer(this, props, props.partitionKey, 'IotRuleProducer');
    this.partitionKeyTemplate = settings.partitionKeyTemplate;

    const stack = Stack.of(this);
    this.ruleName = props.ruleName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '_' }).replace(/[^A-Za-z0-9_]/g, '_');
    this.ruleArn = stack.formatArn({ service: 'iot', resource: 'rule', resourceName: this.ruleName });
    const role = this.newRuleRole('Role', 'putting records on the stream');
    this.role = role;
    const writeGrant = binding.grantWrite(role);
    acknowledgeWriteGrant(role, writeGrant);
    const action = binding.iotRuleAction({ roleArn: role.roleArn, partitionKeyTemplate: settings.partitionKeyTemplate });

    const errorRole = this.newRuleRole('ErrorActionRole', 'keeping the messages the rule fails to put on the stream');
    this.errorActionRole = errorRole;
    this.failureQueue = props.failureQueue;
    this.failureBucket = props.failureQueue ? undefined : props.failureBucket ?? createFailureBucket(this, 'FailureBucket', {
      encryptionKey: props.failureEncryptionKey,
      accessLogsBucket: props.accessLogsBucket,
      accessLogsPrefix: 'failure-access-logs/',
      writers: 'AWS IoT (messages its rule could not put on the stream)',
    });
    const errors = withPath(this, () => createErrorDestination(errorRole, this.failureBucket, this.failureQueue));

    this.rule = new iot.CfnTopicRule(this, 'Resource', {
      ruleName: this.ruleName,
      topicRulePayload: {
        sql: settings.sql,
        awsIotSqlVersion: settings.sqlVersion,
        description: props.description,
        ruleDisabled: false,
        actions: [action],
        errorAction: errors.action,
      },
    });
    // AWS IoT assumes the roles for the first message: their policies come first.
    writeGrant.applyBefore(this.rule);
    this.rule.node.addDependency(errorRole);
    for (const warning of settings.warnings) {
      Annotations.of(this).addWarningV2(WARNING_PREFIX + warning.id, warning.message);
    }

    this.metrics = new IotRuleMetrics(this.ruleName);
    const alarms = new AlarmFactory(this, props.alarmAction);
    if (props.createAlarms ?? true) {
      createIotRuleAlarms({ alarms, metrics: this.metrics, label: `IoT rule ${this.node.path}`, location: errors.location });
    }
    this.alarms = alarms.alarms;
  }

  /** Messages published on a topic the rule listens to (`TopicMatch`). Sum over 1 minute by default. */
  public metricTopicMatch(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.topicMatch(props);
  }

  /** Messages the rules engine throttled for this rule (`RuleMessageThrottled`). Sum over 1 minute by default. */
  public metricRuleMessageThrottled(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.ruleMessageThrottled(props);
  }

  /**
   * Failed invocations of the rule's actions (`Failure`, summed over every `ActionType` by a
   * Metrics Insights query): messages handed to the error action. Sum over 1 minute by default.
   */
  public metricActionFailures(props?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
    return this.metrics.actionFailures(props);
  }

  /**
   * Failed invocations of the error action (`ErrorActionFailure`, summed by a Metrics
   * Insights query): messages lost. Sum over 1 minute by default.
   */
  public metricErrorActionFailures(props?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
    return this.metrics.errorActionFailures(props);
  }

  /**
   * A role only AWS IoT may assume, and only for this rule of this account (the trust
   * policy AWS IoT documents against the confused deputy).
   *
   * @see https://docs.aws.amazon.com/iot/latest/developerguide/iot-create-role.html
   */
  private newRuleRole(id: string, purpose: string): iam.Role {
    return new iam.Role(this, id, {
      assumedBy: new iam.ServicePrincipal('iot.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        ArnLike: { 'aws:SourceArn': this.ruleArn },
      }),
      description: `AWS IoT rule ${this.ruleName}: ${purpose}`,
    });
  }

  private refuseConflictingFailureProps(props: IotRuleProducerProps): void {
    if (props.failureBucket && props.failureQueue) {
      fail(this, '`failureBucket` and `failureQueue` each set where failed messages go: give at most one, got both');
    }
    const given = props.failureBucket ? 'failureBucket' : props.failureQueue ? 'failureQueue' : undefined;
    for (const name of ['failureEncryptionKey', 'accessLogsBucket'] as const) {
      if (given && props[name] !== undefined) {
        fail(this, `\`${name}\` applies to the failure bucket the producer creates, but \`${given}\` was given: set it up on yours instead`);
      }
    }
  }
}
