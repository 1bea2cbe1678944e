import * as dms from 'aws-cdk-lib/aws-dms';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as iot from 'aws-cdk-lib/aws-iot';
import { IConstruct } from 'constructs';

/** Where an API Gateway AWS-service integration puts records, from `IWriterBinding.apiGatewayTarget()`. */
export interface ApiGatewayWriteTarget {
  /** The AWS service the integration calls, e.g. `kinesis`. */
  readonly service: string;
  /** The action that puts one record, e.g. `PutRecord`. */
  readonly putRecordAction: string;
  /** The action that puts a batch of records, e.g. `PutRecords`. */
  readonly putRecordsAction: string;
  /**
   * Fields every request body to the service carries to name the target, e.g.
   * `{ StreamName: 'clicks' }` (values may be tokens).
   */
  readonly targetFields: { [field: string]: string };
}

/** What an AWS IoT topic rule action that writes to the source needs, for `IWriterBinding.iotRuleAction()`. */
export interface IotRuleWriteOptions {
  /** The role AWS IoT assumes to write; grant it with `grantWrite()`. */
  readonly roleArn: string;
  /**
   * The partition key as an AWS IoT substitution template, e.g. `${deviceId}` or `${newuuid()}`.
   */
  readonly partitionKeyTemplate: string;
}

/** Where an EventBridge rule target writes, from `IWriterBinding.eventBridgeTarget()`. */
export interface EventBridgeWriteTarget {
  /** ARN of the target. */
  readonly arn: string;
  /**
   * The target's Kinesis parameters.
   * @default - not a Kinesis target
   */
  readonly kinesisParameters?: events.CfnRule.KinesisParametersProperty;
}

/** A DMS target endpoint's settings for the source, from `IWriterBinding.dmsTarget()`. */
export interface DmsWriteTarget {
  /** The endpoint's `EngineName`, e.g. `kinesis`. */
  readonly engineName: string;
  /**
   * The endpoint's Kinesis settings: the stream and the role only; the producer adds the
   * message format and partitioning.
   * @default - not a Kinesis target
   */
  readonly kinesisSettings?: dms.CfnEndpoint.KinesisSettingsProperty;
}

/**
 * What one writer writes to a source through, handed back by `IStreamSource.bindWriter()`.
 *
 * It speaks each producer's language (an API Gateway integration, an IoT rule action, an
 * EventBridge target, a DMS endpoint), so that producers never ask which service carries
 * the source. A source a kind of producer cannot write to throws from that method,
 * saying why and what to do instead.
 */
export interface IWriterBinding {
  /** The resource written to (the stream). */
  readonly resource: IConstruct;

  /**
   * Permits putting records, and nothing else. A Kinesis stream: `kinesis:PutRecord` and
   * `kinesis:PutRecords` on the stream, and encrypting with its customer-managed key if it
   * has one. A Kafka topic: writing to the topic as a Kafka client (`KafkaTopic.grantWrite()`).
   */
  grantWrite(grantee: iam.IGrantable): iam.Grant;

  /** The target of an API Gateway AWS-service integration. */
  apiGatewayTarget(): ApiGatewayWriteTarget;

  /** An AWS IoT topic rule action writing to the source. */
  iotRuleAction(options: IotRuleWriteOptions): iot.CfnTopicRule.ActionProperty;

  /**
   * The target of an EventBridge rule.
   * @param partitionKeyPath the JSON path in the event that gives the partition key, e.g. `$.id`
   */
  eventBridgeTarget(partitionKeyPath: string): EventBridgeWriteTarget;

  /**
   * A DMS target endpoint's engine and settings.
   * @param serviceAccessRoleArn the role DMS assumes to write; grant it with `grantWrite()`
   */
  dmsTarget(serviceAccessRoleArn: string): DmsWriteTarget;
}
