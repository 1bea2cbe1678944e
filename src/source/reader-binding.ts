import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct, IDependable } from 'constructs';

/** What `IReaderBinding.grantRead()` grants besides the records. */
export interface ReaderGrantOptions {
  /**
   * Also the source's registered schema (Glue Schema Registry), for a reader that
   * deserializes records with the registry's libraries.
   * @default false
   */
  readonly includeSchema?: boolean;
}

/** Where and how a Lambda event source mapping reads the source. */
export interface LambdaSourceConfiguration {
  /** ARN of what the mapping reads: the stream, the reader's enhanced fan-out consumer, or the Kafka cluster. */
  readonly eventSourceArn: string;

  /**
   * The Kafka topic the mapping reads.
   * @default - not a Kafka source
   */
  readonly kafkaTopic?: string;

  /**
   * The Kafka consumer group the mapping reads as.
   * @default - not a Kafka source
   */
  readonly kafkaConsumerGroupId?: string;

  /**
   * Lambda's provisioned event pollers for the mapping: Kafka mappings need them for
   * retries, bisecting, maximum record age, partial batch responses and schema registries.
   * @default - on-demand pollers
   */
  readonly provisionedPollers?: lambda.ProvisionedPollerConfig;

  /**
   * Whether Lambda publishes `IteratorAge` (the age of each batch's newest record) for
   * the mapping, as it does for Kinesis. Without it the reader alarms on the source's own
   * lag measure, `IReaderBinding.metricReaderLag()`.
   */
  readonly lambdaReportsRecordAge: boolean;

  /**
   * Whether Lambda publishes `OffsetLag` (records between the topic's end and the
   * group's position) for the mapping, as it does for Kafka.
   */
  readonly lambdaReportsOffsetLag: boolean;

  /**
   * Mapping settings Lambda refuses for this source (e.g. `parallelizationFactor` and
   * `tumblingWindow`, Kinesis only): the reader leaves them out and refuses them when given.
   */
  readonly unsupportedSettings: string[];

  /**
   * What the function's role needs besides `grantRead()` for Lambda to create and run
   * the mapping (for Kafka: describing the cluster and the network interfaces its pollers
   * use). The reader adds them before the mapping.
   */
  readonly mappingStatements: iam.PolicyStatement[];

  /**
   * What must be deployed before the mapping is created (for Kafka: the topic, and the
   * VPC endpoints Lambda's pollers use).
   * @default - nothing
   */
  readonly prerequisites?: IDependable[];
}

/** How a Firehose delivery stream reads the source. */
export interface FirehoseSourceConfiguration {
  /** The delivery stream's `DeliveryStreamType`, e.g. `KinesisStreamAsSource`. */
  readonly deliveryStreamType: string;

  /**
   * The delivery stream's `KinesisStreamSourceConfiguration`.
   * @default - not a Kinesis source
   */
  readonly kinesisStreamSourceConfiguration?: firehose.CfnDeliveryStream.KinesisStreamSourceConfigurationProperty;

  /**
   * The delivery stream's `MSKSourceConfiguration`.
   * @default - not an Amazon MSK source
   */
  readonly mskSourceConfiguration?: firehose.CfnDeliveryStream.MSKSourceConfigurationProperty;

  /**
   * What the delivery stream's role must be allowed, and nothing more, to read the
   * source: the reader adds them to the role's policy.
   */
  readonly readStatements: iam.PolicyStatement[];

  /**
   * Why a resource of `readStatements` ends in a wildcard, when one does (Kafka: Firehose
   * reads as a consumer group it names itself): the reader acknowledges cdk-nag's
   * AwsSolutions-IAM5 finding on it with this reason.
   * @default - no wildcard
   */
  readonly wildcardReason?: string;

  /**
   * The Firehose metric, by `DeliveryStreamName`, that says how far behind the source the
   * delivery stream reads, in milliseconds: `KinesisMillisBehindLatest` for a Kinesis
   * stream. Readers alarm on it against their lag objectives.
   * @default - Firehose publishes none for this source: the reader alarms on delivery freshness only
   */
  readonly readLagMetricName?: string;

  /**
   * What must be deployed before the delivery stream can read the source (for Kafka:
   * the cluster's private connectivity for Firehose, and its cluster policy).
   * @default - nothing
   */
  readonly prerequisites?: IDependable[];
}

/** Where a job must run to reach its source: `IReaderBinding.jobNetwork()`. */
export interface JobNetwork {
  /** The VPC the job's network interfaces go in. */
  readonly vpc: ec2.IVpc;

  /** The subnets of `vpc` the job's network interfaces go in. */
  readonly vpcSubnets: ec2.SubnetSelection;
}

/**
 * What one reader reads a source through, handed back by `IStreamSource.bindReader()`.
 *
 * It speaks each kind of reader's language (a Lambda event source mapping, a Firehose
 * delivery stream, a Flink job), so that readers never ask which service carries the
 * source: a new kind of source implements this, and every reader reads it unchanged.
 */
export interface IReaderBinding {
  /**
   * The resource the reader reads (the stream): Lambda allows one event source mapping
   * per function and resource, so readers key their claims on it.
   */
  readonly resource: IConstruct;

  /**
   * The enhanced fan-out consumer registered for this reader.
   * @default - the reader polls, or the source is not a Kinesis stream
   */
  readonly streamConsumer?: kinesis.IStreamConsumer;

  /**
   * Permits the reader's identity to read the records through this binding (the
   * stream, or its enhanced fan-out consumer, and the key), and the schema if asked.
   */
  grantRead(grantee: iam.IGrantable, options?: ReaderGrantOptions): iam.Grant;

  /** The event source of a Lambda event source mapping reading through this binding. */
  lambdaSource(): LambdaSourceConfiguration;

  /**
   * Makes an AWS service reachable from where the source's records are read, for a
   * reader that sends records there: a Lambda failure destination (`s3`, `sqs`, `sns`) or
   * a job's sink (`kinesis`, `s3`, `dynamodb`) or schema registry (`glue`). Kinesis: nothing to do, Lambda polls from
   * its own network and a job runs outside any VPC. Kafka: Lambda's pollers run in the
   * cluster's subnets, and Lambda documents that an on-failure destination must be
   * reachable through a VPC endpoint there; a job runs there too (`jobNetwork()`).
   *
   * @param service the service, as named above
   * @param client who calls the service from there, when not the source's own pollers
   *   (a job's security group): an interface endpoint is opened to it
   * @returns what the reader must wait for before sending there (the endpoint), if anything
   */
  reachService(service: string, client?: ec2.IConnectable): IDependable | undefined;

  /**
   * The source of a Firehose delivery stream reading through this binding.
   * @param roleArn the delivery stream's role, which reads the source
   */
  firehoseSource(roleArn: string): FirehoseSourceConfiguration;

  /**
   * Where a job (Managed Flink) must run to reach the source.
   * @returns undefined when the job reaches the source over the service's regional
   *   endpoint from anywhere (Kinesis); the cluster's VPC and the brokers' subnets for Kafka
   */
  jobNetwork(): JobNetwork | undefined;

  /**
   * Lets a job running in `jobNetwork()` connect to the source: Kafka opens the brokers'
   * security groups to it on the IAM port (9098). Nothing to open for Kinesis.
   */
  allowJob(job: ec2.IConnectable): void;

  /**
   * The properties a job (Managed Flink) finds its source by, for a property group:
   * `source.type` (`kinesis`), `stream.arn`, `stream.name`, `aws.region`, and with
   * enhanced fan-out `consumer.arn` and `consumer.name`. Grant the job `grantRead()`.
   */
  jobProperties(): { [key: string]: string };

  /**
   * How far behind the source's newest record this reader is, in milliseconds, as the
   * source measures it (Kinesis: `SubscribeToShardEvent.MillisBehindLatest` of an enhanced
   * fan-out consumer). Readers alarm on it with their lag thresholds. Maximum over 1 minute
   * by default.
   * @returns undefined when the source measures no lag for this reader (polling readers report their own)
   */
  metricReaderLag(props?: cloudwatch.MetricOptions): cloudwatch.IMetric | undefined;
}
