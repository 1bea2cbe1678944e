import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { IConstruct, IDependable } from 'constructs';
import { grantStreamRead } from './stream-grants';
import { IRegistrySchema } from '../schema/registry-schema';
import { FirehoseSourceConfiguration, IReaderBinding, JobNetwork, LambdaSourceConfiguration, ReaderGrantOptions } from '../source/reader-binding';

/** Kinesis publishes consumer metrics per minute. */
const PER_MINUTE = Duration.minutes(1);
/** What Firehose calls to read a stream, as its access-control guide lists it: no write, no consumer registration. */
const FIREHOSE_READ_ACTIONS = ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'];

/**
 * A reader's binding to a Kinesis stream: it reads the stream itself (polling), or the
 * enhanced fan-out consumer registered for it.
 */
export class KinesisReaderBinding implements IReaderBinding {
  public readonly resource: IConstruct;

  constructor(
    private readonly stream: kinesis.IStream,
    private readonly schema: IRegistrySchema | undefined,
    public readonly streamConsumer?: kinesis.IStreamConsumer) {
    this.resource = stream;
  }

  public grantRead(grantee: iam.IGrantable, options: ReaderGrantOptions = {}): iam.Grant {
    return grantStreamRead(this.streamConsumer ?? this.stream, options.includeSchema ? this.schema : undefined, grantee);
  }

  public lambdaSource(): LambdaSourceConfiguration {
    return {
      eventSourceArn: this.streamConsumer?.streamConsumerArn ?? this.stream.streamArn,
      lambdaReportsRecordAge: true,
      lambdaReportsOffsetLag: false,
      unsupportedSettings: [],
      mappingStatements: [],
    };
  }

  /** Lambda polls Kinesis from its own network, and a job runs outside any VPC: every AWS service is reachable. */
  public reachService(_service: string, _client?: ec2.IConnectable): IDependable | undefined {
    return undefined;
  }

  /** A job reads Kinesis through its regional endpoint, from Managed Flink's own network. */
  public jobNetwork(): JobNetwork | undefined {
    return undefined;
  }

  /** Kinesis is reached through IAM alone: no network rule to open. */
  public allowJob(_job: ec2.IConnectable): void {}

  /**
   * Firehose reads the stream by polling (it registers no consumer), and decrypts its
   * records with the stream's key only through Kinesis, for this stream only.
   *
   * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html
   * @see https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html
   */
  public firehoseSource(roleArn: string): FirehoseSourceConfiguration {
    const readStatements = [new iam.PolicyStatement({ actions: FIREHOSE_READ_ACTIONS, resources: [this.stream.streamArn] })];
    if (this.stream.encryptionKey) {
      readStatements.push(new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [this.stream.encryptionKey.keyArn],
        conditions: {
          StringEquals: {
            'kms:ViaService': `kinesis.${this.stream.env.region}.amazonaws.com`,
            'kms:EncryptionContext:aws:kinesis:arn': this.stream.streamArn,
          },
        },
      }));
    }
    return {
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: { kinesisStreamArn: this.stream.streamArn, roleArn },
      readStatements,
      readLagMetricName: 'KinesisMillisBehindLatest',
    };
  }

  public jobProperties(): { [key: string]: string } {
    const consumer = this.streamConsumer;
    return {
      'source.type': 'kinesis',
      'stream.arn': this.stream.streamArn,
      'stream.name': this.stream.streamName,
      'aws.region': this.stream.env.region,
      ...(consumer ? { 'consumer.arn': consumer.streamConsumerArn, 'consumer.name': consumer.streamConsumerName } : {}),
    };
  }

  public metricReaderLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    if (!this.streamConsumer) {
      return undefined;
    }
    return new cloudwatch.Metric({
      namespace: 'AWS/Kinesis',
      metricName: 'SubscribeToShardEvent.MillisBehindLatest',
      dimensionsMap: { StreamName: this.stream.streamName, ConsumerName: this.streamConsumer.streamConsumerName },
      statistic: 'Maximum',
      period: PER_MINUTE,
      ...props,
    });
  }
}
