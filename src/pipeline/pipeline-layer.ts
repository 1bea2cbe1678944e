/**
 * A layer of the reference architecture: the rows of a pipeline's dashboard and the
 * columns of its diagram, in the order records flow through them.
 */
export enum PipelineLayer {
  /** What writes records: API Gateway, AWS IoT rules, EventBridge rules, DMS tasks. */
  PRODUCERS = 'PRODUCERS',
  /** Where records are kept for reading: Kinesis streams, MSK clusters and their topics. */
  INGEST = 'INGEST',
  /** What reads and acts on records: Lambda per shard, Managed Flink. */
  PROCESSING = 'PROCESSING',
  /** Where records end up: the S3 lake, OpenSearch, Redshift, DynamoDB aggregates. */
  STORAGE = 'STORAGE',
}

/** The layers in the order records flow through them. */
export const LAYERS: PipelineLayer[] = [PipelineLayer.PRODUCERS, PipelineLayer.INGEST, PipelineLayer.PROCESSING, PipelineLayer.STORAGE];

/** A layer's name as a heading. */
export function layerTitle(layer: PipelineLayer): string {
  return layer.charAt(0) + layer.slice(1).toLowerCase();
}
