import { Annotations } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { DeliveryRole } from './delivery-role';
import { acknowledgeStreamSourceEncryption } from './nag-acknowledgements';
import { IReaderBinding } from '../source/reader-binding';
import { IStreamSource } from '../source/stream-source';

/**
 * Writing into `bucket` under the folders of `prefixes`: the S3 destination grant, and
 * the key grant when there is a key, `encryptionKey` (the key Firehose writes with) or
 * else the bucket's default key (S3 encrypts with it on Firehose's behalf).
 */
export function grantS3Delivery(role: DeliveryRole, bucket: s3.IBucket, prefixes: string[], encryptionKey?: kms.IKey): void {
  role.grantS3Destination(bucket, prefixes);
  const key = encryptionKey ?? bucket.encryptionKey;
  if (key) {
    role.grantS3Encryption(key, bucket, prefixes);
  }
}

/**
 * Makes the L1 `cfn` read its source through `source` (the L2 only knows Kinesis
 * streams): the stream type and source configuration, the role's read grants, a
 * dependency on whatever the source needs first, and cdk-nag's AwsSolutions-KDF1
 * acknowledged on `deliveryStream` with what encrypts the records at the destination.
 * Returns the Firehose metric of how far behind the source it reads, when there is one.
 */
export function readFromSource(cfn: firehose.CfnDeliveryStream, deliveryStream: IConstruct, role: DeliveryRole,
  source: IReaderBinding, atDestination: string): string | undefined {
  const config = source.firehoseSource(role.role.roleArn);
  cfn.deliveryStreamType = config.deliveryStreamType;
  cfn.kinesisStreamSourceConfiguration = config.kinesisStreamSourceConfiguration;
  cfn.mskSourceConfiguration = config.mskSourceConfiguration;
  role.grantSourceRead(config.readStatements, config.wildcardReason);
  for (const prerequisite of config.prerequisites ?? []) {
    cfn.node.addDependency(prerequisite);
  }
  acknowledgeStreamSourceEncryption(deliveryStream, atDestination);
  return config.readLagMetricName;
}

/** The read-lag props of a Firehose sink, to warn about when nothing measures them. */
export interface ReadLagProps {
  readonly latencyObjective?: unknown;
  readonly readLagThreshold?: unknown;
}

/**
 * Warns `cdk-streaming-pipelines:<construct>:readLagNotMeasured` on `sink` when it was
 * given `latencyObjective` or `readLagThreshold` but Firehose publishes no read lag for
 * its source (a Kafka topic): they would alarm on nothing. `watched` is what the other
 * alarms still watch ('the lake').
 */
export function warnReadLagNotMeasured(sink: Construct, construct: string, source: IStreamSource | undefined,
  readLagMetricName: string | undefined, props: ReadLagProps, watched: string): void {
  if (!readLagMetricName && source && (props.latencyObjective || props.readLagThreshold)) {
    Annotations.of(sink).addWarningV2(`cdk-streaming-pipelines:${construct}:readLagNotMeasured`,
      `${sink.node.path}: Firehose publishes no read lag for ${source.sourceName}, so \`latencyObjective\` and `
      + `\`readLagThreshold\` alarm on nothing; the freshness and delivery alarms still watch ${watched}. Remove them, or acknowledge this warning.`);
  }
}
