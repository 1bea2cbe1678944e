import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IReaderBinding, LambdaSourceConfiguration } from '../source/reader-binding';

/** One minute: Lambda and Kinesis publish these metrics per minute. */
const PER_MINUTE = Duration.minutes(1);
/** SQS publishes queue metrics every 5 minutes at best. */
const SQS_PERIOD = Duration.minutes(5);

/**
 * The metrics of a stream consumer with the statistic each is read with, defined once
 * for `ShardConsumer`'s `metricXxx()` methods and its alarms. Lambda function metrics are
 * dimensioned by `FunctionName`, event source mapping metrics by `EventSourceMappingUUID`,
 * Kinesis consumer metrics by `StreamName` and `ConsumerName`, the queue's by `QueueName`.
 */
export class ConsumerMetrics {
  constructor(
    private readonly handler: lambda.IFunction,
    private readonly mapping: lambda.IEventSourceMapping,
    private readonly binding: IReaderBinding,
    private readonly lambdaSource: LambdaSourceConfiguration,
    private readonly failureQueue?: sqs.IQueue) {}

  /** Age of the last record of each batch when Lambda received it, in ms: Maximum per minute. */
  public iteratorAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handler.metric('IteratorAge', { statistic: 'Maximum', period: PER_MINUTE, ...props });
  }

  /** Invocations that ended in an error: Sum per minute. */
  public errors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handler.metricErrors({ statistic: 'Sum', period: PER_MINUTE, ...props });
  }

  /** Invocations refused for lack of concurrency: Sum per minute. */
  public throttles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handler.metricThrottles({ statistic: 'Sum', period: PER_MINUTE, ...props });
  }

  /** Failed attempts to record a given-up batch in the failure destination: Sum per minute. */
  public destinationDeliveryFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.handler.metric('DestinationDeliveryFailures', { statistic: 'Sum', period: PER_MINUTE, ...props });
  }

  /**
   * Records Lambda gave up on (after the retries or `maxRecordAge`) and delivered to the
   * on-failure destination: `OnFailureDestinationDeliveredEventCount`, an event source
   * mapping metric Lambda publishes for Kinesis mappings whose `MetricsConfig` includes
   * `EventCount`, by `EventSourceMappingUUID`. Sum per minute.
   *
   * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html#event-source-mapping-metrics
   */
  public givenUpRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Lambda',
      metricName: 'OnFailureDestinationDeliveredEventCount',
      dimensionsMap: { EventSourceMappingUUID: this.mapping.eventSourceMappingId },
      statistic: 'Sum',
      period: PER_MINUTE,
      ...props,
    });
  }

  /** How far the reader is behind the source's newest record, as the source measures it (enhanced fan-out, Kafka consumer lag). */
  public readerLag(props?: cloudwatch.MetricOptions): cloudwatch.IMetric | undefined {
    return this.binding.metricReaderLag(props);
  }

  /**
   * Records between the end of the topic and the consumer group's position, as Lambda
   * publishes it for a mapping that reads Kafka (`OffsetLag`, by `FunctionName`):
   * Maximum per minute. Undefined when Lambda publishes none for the source.
   *
   * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html#performance-metrics
   */
  public offsetLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    if (!this.lambdaSource.lambdaReportsOffsetLag) {
      return undefined;
    }
    return this.handler.metric('OffsetLag', { statistic: 'Maximum', period: PER_MINUTE, ...props });
  }

  /** Messages waiting in the failure queue: Maximum per 5 minutes. */
  public failureQueueDepth(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.failureQueue?.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: SQS_PERIOD, ...props });
  }
}
