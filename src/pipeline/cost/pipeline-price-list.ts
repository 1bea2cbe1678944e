import { LambdaPriceList, StoragePriceList } from './service-price-lists';
import { FirehosePriceList } from '../../planning/firehose/firehose-price-list';
import { PriceList } from '../../planning/kinesis/price-list';
import { KafkaPriceList } from '../../planning/msk/kafka-price-list';

/**
 * The prices a `StreamingPipeline` prices itself with, one list per service, each field
 * defaulting to the us-east-1 list price. Override what differs in your region or contract.
 *
 * A stream, cluster or Flink application you build yourself prices itself with the
 * `prices` you give it (a Flink application always does); these lists price what the pipeline builds (its ingest) and what
 * it estimates on its own: the Lambda functions that read, the Firehose streams that
 * deliver, the S3 data and the DynamoDB writes.
 */
export interface PipelinePriceList {
  /**
   * Kinesis Data Streams, for the stream the pipeline builds and the choices it compares.
   * @default - us-east-1 list prices
   */
  readonly kinesis?: PriceList;
  /**
   * Amazon MSK, for the cluster the pipeline builds and the choices it compares.
   * @default - us-east-1 list prices
   */
  readonly kafka?: KafkaPriceList;
  /**
   * Amazon Data Firehose, for every delivery stream in the pipeline.
   * @default - us-east-1 list prices
   */
  readonly firehose?: FirehosePriceList;
  /**
   * AWS Lambda, for every function that reads a source of the pipeline.
   * @default - us-east-1 list prices
   */
  readonly lambda?: LambdaPriceList;
  /**
   * Amazon S3 and DynamoDB, for what the pipeline stores.
   * @default - us-east-1 list prices
   */
  readonly storage?: StoragePriceList;
}
