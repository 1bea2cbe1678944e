/**
 * What the library's `StreamingPipeline` adds to watch a pipeline (src/pipeline/watch/
 * pipeline-dashboard.ts, src/pipeline/streaming-pipeline.ts), written by hand with
 * aws-cdk-lib only, as a team would for its own constructs: one CloudWatch dashboard and a
 * stack output with the month's cost.
 *
 * - The dashboard: per layer (producers, ingest, processing, storage) a heading listing the
 *   layer's parts, then a row of widgets: for each part, a provisioned Kinesis stream's
 *   throughput against its shards' write capacity first, then one graph per alarm, titled
 *   `<part's path in the stack>: <alarm's id>`.
 * - The output: the cost report's headline as a literal string. The library prices the
 *   parts from its price lists at synth; a team without it works the figure out once (a
 *   pricing calculator, a spreadsheet) and writes it down.
 *
 * The team lists its parts by hand, each with its layer, in the order the dashboard shows
 * them (the library finds them from the pipeline's sources and sorts them by path). A
 * part's alarms are the ones under its construct, found with `node.findAll()`, unless
 * given (the streams' alarms are the stack's children, not the stream's). Nothing is
 * imported from src/ or examples/; bench/check-equivalence.ts compares the templates.
 */
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct, IConstruct } from 'constructs';

/** The dashboard's rows, in the order records flow through them. */
const LAYERS = ['Producers', 'Ingest', 'Processing', 'Storage'] as const;
export type Layer = typeof LAYERS[number];

/** Four widgets a row. */
const WIDTH = 6;
const HEIGHT = 6;
const MINUTE = Duration.minutes(1);
/** What a shard accepts each minute: 1 MiB/s and 1,000 records/s. */
const SHARD_BYTES_A_MINUTE = 1024 * 1024 * 60;
const SHARD_RECORDS_A_MINUTE = 1000 * 60;

/** An alarm with the name its dashboard widget gives it. */
export interface NamedAlarm {
  readonly name: string;
  readonly alarm: cloudwatch.Alarm;
}

/** One construct of the pipeline, as its dashboard shows it. */
export interface WatchedPart {
  /** Its path in the stack (`Storage/OrdersLake`): its name on the dashboard, and where it is found. */
  readonly path: string;
  /** The service, after its name in the layer's heading. */
  readonly service: string;
  readonly layer: Layer;
  /** A provisioned stream: a throughput graph against its shards' capacity comes first. */
  readonly stream?: { readonly stream: kinesis.IStream; readonly shards: number };
  /** Its alarms, in order. @default the alarms under the construct at `path`, named by their ids */
  readonly alarms?: NamedAlarm[];
}

/** The pipeline's dashboard and its cost output. */
export interface PipelineWatch {
  readonly dashboardName: string;
  /** Every part, in the order the dashboard shows them within a layer. */
  readonly parts: WatchedPart[];
  /** The cost report's headline: the pipeline's monthly cost at peak and its largest items. */
  readonly monthlyCost: string;
}

/**
 * Adds `Dashboard` and the `MonthlyCost` output to `pipeline`. Call it once every part
 * exists: it reads their alarms.
 */
export function addPipelineWatch(pipeline: Construct, o: PipelineWatch): void {
  const stack = Stack.of(pipeline);
  const dashboard = new cloudwatch.Dashboard(pipeline, 'Dashboard', { dashboardName: o.dashboardName });
  for (const layer of LAYERS) {
    const parts = o.parts.filter(p => p.layer === layer);
    if (parts.length === 0) {
      continue;
    }
    const names = parts.map(p => `${p.path} (${p.service})`).join(', ');
    dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: `## ${layer}\n${names}`, width: 24, height: 2 }));
    dashboard.addWidgets(...parts.flatMap(p => partWidgets(stack, p)));
  }

  new CfnOutput(pipeline, 'MonthlyCost', {
    description: `Monthly cost at peak of the pipeline ${pipeline.node.path} (USD, list prices; see its cost report)`,
    value: o.monthlyCost,
  });
}

function partWidgets(stack: Stack, part: WatchedPart): cloudwatch.IWidget[] {
  const widgets: cloudwatch.IWidget[] = part.stream ? [throughputWidget(part.path, part.stream.stream, part.stream.shards)] : [];
  const alarms = part.alarms ?? alarmsUnder(find(stack, part.path));
  for (const { name, alarm } of alarms) {
    widgets.push(new cloudwatch.AlarmWidget({ alarm, title: `${part.path}: ${name}`, width: WIDTH, height: HEIGHT }));
  }
  return widgets;
}

/** The construct at `path` under the stack. */
function find(stack: Stack, path: string): IConstruct {
  return path.split('/').reduce<IConstruct>((scope, id) => scope.node.findChild(id), stack);
}

function alarmsUnder(scope: IConstruct): NamedAlarm[] {
  return scope.node.findAll()
    .filter((c): c is cloudwatch.Alarm => c instanceof cloudwatch.Alarm)
    .map(alarm => ({ name: alarm.node.id, alarm }));
}

/** Bytes and records written each minute, against what the shards accept. */
function throughputWidget(path: string, stream: kinesis.IStream, shards: number): cloudwatch.GraphWidget {
  const capacity = (value: number, what: string): cloudwatch.HorizontalAnnotation[] =>
    [{ value, label: `${what} a minute at capacity (${shards} shards)`, color: cloudwatch.Color.RED }];
  return new cloudwatch.GraphWidget({
    title: `${path}: throughput against capacity`,
    left: [stream.metricIncomingBytes({ statistic: 'Sum', period: MINUTE, label: 'bytes written a minute' })],
    right: [stream.metricIncomingRecords({ statistic: 'Sum', period: MINUTE, label: 'records written a minute' })],
    leftAnnotations: capacity(shards * SHARD_BYTES_A_MINUTE, 'bytes'),
    rightAnnotations: capacity(shards * SHARD_RECORDS_A_MINUTE, 'records'),
    width: WIDTH,
    height: HEIGHT,
  });
}
