import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { IConstruct } from 'constructs';
import { DiagramEdge, DiagramNode, mermaidFlowchart } from './mermaid';
import { compareText } from '../../common/compare-text';
import { count } from '../../common/format';
import { StreamingIngest } from '../../ingest/streaming-ingest';
import { KafkaTopic } from '../../kafka/kafka-topic';
import { IStreamSource } from '../../source/stream-source';
import { partLabel, provisionedShards } from '../part-label';
import { PipelineLayer } from '../pipeline-layer';
import { PipelinePart } from '../pipeline-parts';

/** How a source is drawn: its name, service and capacity. */
function sourceLines(source: IStreamSource, pipeline: IConstruct): string[] {
  if (source instanceof StreamingIngest) {
    const shards = provisionedShards(source);
    const capacity = source.streamMode === kinesis.StreamMode.ON_DEMAND ? 'on-demand'
      : shards !== undefined ? count(shards, 'shard') : 'provisioned';
    return [partLabel(source, pipeline), `Kinesis stream, ${capacity}`];
  }
  if (source instanceof KafkaTopic) {
    return [`${partLabel(source.bridge, pipeline)}: ${source.topicName}`, `MSK topic, ${count(source.partitionCount, 'partition')}`];
  }
  // `StreamSource.fromStream()`: a Kinesis stream built elsewhere.
  return [source.sourceName, 'Kinesis stream (imported)'];
}

/**
 * The pipeline as a Mermaid flowchart: producers write to the sources (one box per stream
 * or topic), and processing and storage read from them.
 */
export function pipelineDiagram(pipeline: IConstruct, sources: IStreamSource[], parts: PipelinePart[]): string {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const sourceIds = new Map<IStreamSource, string>();
  sources.forEach((source, i) => {
    const id = `source${i + 1}`;
    sourceIds.set(source, id);
    nodes.push({ id, layer: PipelineLayer.INGEST, lines: sourceLines(source, pipeline), keepsRecords: true });
  });
  const others = parts.filter(p => p.layer !== PipelineLayer.INGEST)
    .sort((a, b) => compareText(a.construct.node.path, b.construct.node.path));
  others.forEach((part, i) => {
    const id = `part${i + 1}`;
    nodes.push({ id, layer: part.layer, lines: [partLabel(part.construct, pipeline), part.service] });
    for (const source of part.sources.filter(s => sourceIds.has(s))) {
      const sourceId = sourceIds.get(source)!;
      edges.push(part.layer === PipelineLayer.PRODUCERS ? { from: id, to: sourceId } : { from: sourceId, to: id });
    }
  });
  return mermaidFlowchart(nodes, edges);
}
