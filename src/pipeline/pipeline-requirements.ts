import { Duration } from 'aws-cdk-lib';
import { FirehosePriceList } from '../planning/firehose/firehose-price-list';
import { PriceList } from '../planning/kinesis/price-list';
import { StreamWorkload } from '../planning/kinesis/stream-workload';
import { KafkaPriceList } from '../planning/msk/kafka-price-list';

/**
 * What a pipeline needs from its ingest, in the user's words: the input of
 * `ChooseIngest.decide()`.
 *
 * Each field is one row of the reference architecture's decision table; leave out what
 * does not matter and the table's defaults apply (no Kafka, any latency, no replay, one
 * consumer). Needs that cannot hold together (delivery to storage only, yet replay) are
 * refused with both named.
 */
export interface PipelineRequirements {
  /**
   * The producers or consumers speak the Kafka protocol, or existing Kafka tooling
   * (Kafka Connect, Kafka Streams, MirrorMaker) must keep working. Decides MSK.
   *
   * @default false
   */
  readonly kafkaProtocol?: boolean;

  /**
   * The longest delay from a record's write to its arrival that the pipeline can accept.
   *
   * Below 60 seconds rules out Firehose, which the reference architecture gives 60–900 s;
   * Kinesis and MSK are sub-second.
   *
   * @default - any latency: 60–900 s of buffering is acceptable
   */
  readonly latency?: Duration;

  /**
   * How far back consumers must be able to re-read the records. Kinesis keeps 24 hours
   * to 365 days; beyond 365 days only MSK's configurable retention keeps them (at most
   * 3,650 days here). Also prices the stream's extended retention and the brokers' storage.
   *
   * @default - no replay: records are read once
   */
  readonly replay?: Duration;

  /**
   * Applications that each read every record, at their own position (Kinesis shard
   * iterators or enhanced fan-out, Kafka consumer groups). An integer from 1 to 1,000.
   *
   * @default - the workload's `pollingConsumers` + `enhancedFanOutConsumers` when it states
   *   either, else 1
   */
  readonly independentConsumers?: number;

  /**
   * The records only go to storage (S3, Redshift, OpenSearch): no application reads them
   * on the way. With latency of 60 s or more acceptable and no replay, decides Firehose.
   *
   * @default false
   */
  readonly deliveryOnly?: boolean;

  /**
   * The records are tasks (send an email, resize an image, process an order) that one
   * consumer handles one at a time: a task queue, not a stream. Decides `NOT_A_STREAM`
   * (use Amazon SQS), unless the Kafka protocol is needed.
   *
   * @default false
   */
  readonly oneAtATimeTasks?: boolean;

  /** The peak load, which prices every choice: shards for Kinesis, brokers for MSK, GB for Firehose. */
  readonly workload: StreamWorkload;

  /**
   * Kinesis prices to estimate the stream's cost with.
   * @default - us-east-1 list prices
   */
  readonly kinesisPrices?: PriceList;

  /**
   * MSK prices to estimate the cluster's cost with.
   * @default - us-east-1 list prices
   */
  readonly kafkaPrices?: KafkaPriceList;

  /**
   * Firehose prices to estimate direct PUT delivery with.
   * @default - us-east-1 list prices
   */
  readonly firehosePrices?: FirehosePriceList;
}
