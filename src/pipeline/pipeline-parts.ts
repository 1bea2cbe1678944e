import { CfnResource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { PipelineLayer } from './pipeline-layer';
import { StreamAnalytics } from '../analytics/stream-analytics';
import { ArchiveToLake } from '../archive/archive-to-lake';
import { ShardConsumer } from '../consume/shard-consumer';
import { StreamingIngest } from '../ingest/streaming-ingest';
import { KafkaBridge } from '../kafka/kafka-bridge';
import { KafkaS3Sink } from '../kafka/kafka-s3-sink';
import { KafkaTopic } from '../kafka/kafka-topic';
import { ApiGatewayProducer } from '../produce/api-gateway/api-gateway-producer';
import { DmsProducer } from '../produce/dms/dms-producer';
import { EventBridgeProducer } from '../produce/eventbridge/event-bridge-producer';
import { IotRuleProducer } from '../produce/iot/iot-rule-producer';
import { AggregateToTable } from '../sinks/aggregate-to-table';
import { IndexToOpenSearch } from '../sinks/opensearch/index-to-opensearch';
import { DeliverToRedshift } from '../sinks/redshift/deliver-to-redshift';
import { IStreamSource } from '../source/stream-source';

/** What the library's constructs are, as parts of a pipeline. */
interface PartKind {
  readonly type: new (...args: any[]) => IConstruct;
  readonly layer: PipelineLayer;
  /** The service, as the dashboard and the diagram name it. */
  readonly service: string;
}

/** Outer constructs first: an aggregate's own consumer is part of the aggregate. */
const KINDS: PartKind[] = [
  { type: StreamingIngest, layer: PipelineLayer.INGEST, service: 'Kinesis stream' },
  { type: KafkaBridge, layer: PipelineLayer.INGEST, service: 'MSK cluster' },
  { type: ApiGatewayProducer, layer: PipelineLayer.PRODUCERS, service: 'API Gateway' },
  { type: IotRuleProducer, layer: PipelineLayer.PRODUCERS, service: 'AWS IoT rule' },
  { type: EventBridgeProducer, layer: PipelineLayer.PRODUCERS, service: 'EventBridge rule' },
  { type: DmsProducer, layer: PipelineLayer.PRODUCERS, service: 'DMS task' },
  { type: AggregateToTable, layer: PipelineLayer.STORAGE, service: 'Lambda to DynamoDB' },
  { type: ArchiveToLake, layer: PipelineLayer.STORAGE, service: 'Firehose to S3' },
  { type: IndexToOpenSearch, layer: PipelineLayer.STORAGE, service: 'Firehose to OpenSearch' },
  { type: DeliverToRedshift, layer: PipelineLayer.STORAGE, service: 'Redshift' },
  { type: KafkaS3Sink, layer: PipelineLayer.STORAGE, service: 'MSK Connect to S3' },
  { type: ShardConsumer, layer: PipelineLayer.PROCESSING, service: 'Lambda' },
  { type: StreamAnalytics, layer: PipelineLayer.PROCESSING, service: 'Managed Flink' },
];

/** One construct of the library in a pipeline, with what it reads or writes. */
export interface PipelinePart {
  readonly construct: IConstruct;
  readonly layer: PipelineLayer;
  readonly service: string;
  /** The pipeline's sources it reads, writes or keeps. */
  readonly sources: IStreamSource[];
  /** Its alarms, not those of a part inside it. */
  readonly alarms: cloudwatch.AlarmBase[];
}

function kindOf(construct: IConstruct): PartKind | undefined {
  return KINDS.find(k => construct instanceof k.type);
}

/** The construct at a path of the app (`Stack/Layer/Consumer`), if it is there. */
function findByPath(root: IConstruct, path: string): IConstruct | undefined {
  let node: IConstruct | undefined = root;
  const ids = path.split('/').filter(id => id !== '');
  const rootId = root.node.id;
  // A stack made without an app is its own root, and its path starts with its own id.
  if (rootId !== '' && ids[0] === rootId) {
    ids.shift();
  }
  for (const id of ids) {
    node = node?.node.tryFindChild(id);
  }
  return node;
}

/**
 * The outermost library construct around `construct` that is not an ingest (an
 * aggregate's consumer is the aggregate; a bridge's S3 sink stays a sink), or itself.
 */
function outermostPart(construct: IConstruct): IConstruct {
  const scopes = construct.node.scopes;
  return scopes.find(s => kindOf(s) !== undefined && kindOf(s)!.layer !== PipelineLayer.INGEST) ?? construct;
}

/** The construct that keeps a source's records, when the library built it. */
export function ingestOf(source: IStreamSource): IConstruct | undefined {
  if (source instanceof StreamingIngest) {
    return source;
  }
  if (source instanceof KafkaTopic) {
    return source.bridge;
  }
  return undefined;
}

/**
 * Every part of a pipeline: the constructs that keep its sources, the readers and writers
 * bound to them, a cluster's S3 sinks copying one of its topics, and any construct of the
 * library built inside the pipeline. Found when called, so parts added after the pipeline count.
 */
export function findParts(pipeline: IConstruct, sources: IStreamSource[]): PipelinePart[] {
  const found = new Map<IConstruct, Set<IStreamSource>>();
  const add = (construct: IConstruct | undefined, ...of: IStreamSource[]) => {
    if (construct === undefined || kindOf(construct) === undefined) {
      return;
    }
    const set = found.get(construct) ?? new Set<IStreamSource>();
    of.forEach(source => set.add(source));
    found.set(construct, set);
  };
  const root = pipeline.node.root;
  for (const source of sources) {
    add(ingestOf(source), source);
    for (const bound of [...source.readers, ...source.writers]) {
      const construct = findByPath(root, bound.path);
      add(construct && outermostPart(construct), source);
    }
    // MSK Connect copies its topics without binding as a reader.
    if (source instanceof KafkaTopic) {
      source.bridge.node.findAll()
        .filter((c): c is KafkaS3Sink => c instanceof KafkaS3Sink && c.topics.includes(source))
        .forEach(sink => add(sink, source));
    }
  }
  for (const construct of pipeline.node.findAll()) {
    if (construct !== pipeline && outermostPart(construct) === construct) {
      add(construct);
    }
  }
  const parts = [...found.keys()];
  return parts.map(construct => ({
    construct,
    layer: kindOf(construct)!.layer,
    service: kindOf(construct)!.service,
    sources: [...found.get(construct)!],
    alarms: ownAlarms(construct, parts),
  }));
}

/**
 * Alarms defined in this app (an imported alarm has no resource to add actions to, nor a
 * threshold to draw) inside `scope`.
 */
export function definedAlarms(scope: IConstruct): cloudwatch.AlarmBase[] {
  return scope.node.findAll().filter((c): c is cloudwatch.AlarmBase => c instanceof cloudwatch.AlarmBase
    && c.node.defaultChild instanceof CfnResource);
}

/** The alarms inside a part, less those inside another part within it. */
function ownAlarms(part: IConstruct, parts: IConstruct[]): cloudwatch.AlarmBase[] {
  return definedAlarms(part).filter(alarm => alarm.node.scopes.filter(s => parts.includes(s)).pop() === part);
}
