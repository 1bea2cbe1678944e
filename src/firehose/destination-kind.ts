/**
 * The kind of destination a Firehose delivery stream delivers to. It decides what the
 * kit checks and reads: the buffering ranges Firehose accepts (`buffering-hints.ts`)
 * and the names of the delivery metrics (`delivery-stream-metrics.ts`), which Firehose
 * prefixes per destination (`DeliveryToS3.*`, `DeliveryToRedshift.*`, …).
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html
 */
export enum DestinationKind {
  /** Amazon S3 as the main destination (the lake). */
  S3 = 'S3',
  /** An OpenSearch Service domain; failed documents are backed up to S3. */
  OPENSEARCH = 'OPENSEARCH',
  /** An OpenSearch Serverless collection; failed documents are backed up to S3. */
  OPENSEARCH_SERVERLESS = 'OPENSEARCH_SERVERLESS',
  /** Amazon Redshift, loaded by COPY from an intermediate S3 location. */
  REDSHIFT = 'REDSHIFT',
}
