import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IStreamSource } from '../source/stream-source';

/**
 * What every producer takes less its `source`: how much it writes, its name and its alarms.
 * The base of the options of `StreamingPipeline.addApiGatewayProducer()` and the other
 * producer methods, which build on the pipeline's source.
 */
export interface ProducerOptions {
  /**
   * Records the producer puts per second at peak. The source's plan sizes for the sum of
   * its producers when that is more than its declared workload, and the partition key
   * is judged against it: a key whose busiest value alone exceeds one shard is an error.
   */
  readonly recordsPerSecond: number;

  /**
   * Average size of a record as the stream stores it, in bytes.
   * @default - the source's workload's average record size; without one, only the records limit is judged
   */
  readonly averageRecordBytes?: number;

  /**
   * The producer's name among the source's writers, in plans and messages.
   * @default - the construct's id
   */
  readonly writerName?: string;

  /**
   * Where the producer's alarms notify.
   * @default - no action: the alarms change state only
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;

  /**
   * Whether to create the producer's alarms.
   * @default true
   */
  readonly createAlarms?: boolean;
}

/** What every producer takes: the source it writes to and how much it writes. */
export interface ProducerProps extends ProducerOptions {
  /**
   * The source the producer writes to: a `StreamingIngest`, or any Kinesis stream through
   * `StreamSource.fromStream()`. A Kafka topic of a `KafkaBridge` is refused at synth,
   * with the reason: its cluster accepts IAM clients only, which none of these services is.
   */
  readonly source: IStreamSource;
}
