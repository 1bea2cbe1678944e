/**
 * How often Firehose starts a new index: it appends the period's date to the index name
 * (`orders-2024-01-31`), so that old data can be dropped an index at a time.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/es-index-rotation.html
 */
export enum IndexRotation {
  /** One index, never rotated. */
  NO_ROTATION = 'NoRotation',
  /** A new index every hour. */
  ONE_HOUR = 'OneHour',
  /** A new index every day. */
  ONE_DAY = 'OneDay',
  /** A new index every week. */
  ONE_WEEK = 'OneWeek',
  /** A new index every month. */
  ONE_MONTH = 'OneMonth',
}

/**
 * Who gives each document its id.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_DocumentIdOptions.html
 */
export enum DocumentIdFormat {
  /** Firehose, stable across retries: a record delivered twice is indexed once. */
  FIREHOSE_DEFAULT = 'FIREHOSE_DEFAULT',
  /** OpenSearch: cheaper for write-heavy logs, but a retried record may be indexed twice. */
  NO_DOCUMENT_ID = 'NO_DOCUMENT_ID',
}

/**
 * Which documents Firehose also writes to the backup bucket. Set at creation only.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/retry.html
 */
export enum OpenSearchBackupMode {
  /** Only those it could not index, under `<backupPrefix>AmazonOpenSearchService-failed/`. */
  FAILED_DOCUMENTS_ONLY = 'FailedDocumentsOnly',
  /** Every record, and the failed ones under `<backupPrefix>AmazonOpenSearchService-failed/`. */
  ALL_DOCUMENTS = 'AllDocuments',
}
