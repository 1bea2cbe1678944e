import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { IConstruct } from 'constructs';
import { compareText } from '../../common/compare-text';
import { count } from '../../common/format';
import { fail } from '../../common/input-error';
import { StreamingIngest } from '../../ingest/streaming-ingest';
import { KinesisLimits } from '../../planning/kinesis/kinesis-limits';
import { BYTES_PER_MIB } from '../../planning/units';
import { partLabel, provisionedShards } from '../part-label';
import { LAYERS, layerTitle } from '../pipeline-layer';
import { PipelinePart } from '../pipeline-parts';
import { warnOnPipeline } from '../pipeline-warnings';
/** CloudWatch's most widgets on one dashboard (DashboardBody: "between 0 and 500 widget objects"). */
export const MAX_DASHBOARD_WIDGETS = 500;
/** Four widgets a row: a title and a graph stay legible on a laptop screen. */
const WIDGET_WIDTH = 6;
const WIDGET_HEIGHT = 6;
const MINUTE = Duration.minutes(1);

/**
 * Fills a pipeline's dashboard: one row per layer (producers, ingest, processing,
 * storage), a heading then one widget per alarm, each titled with its part and showing the
 * alarm's metric against its threshold; a Kinesis stream adds its throughput against its
 * write capacity first. Parts are in path order, so the layout is the same on every synth.
 */
export function fillDashboard(pipeline: IConstruct, dashboard: cloudwatch.Dashboard, parts: PipelinePart[], others: cloudwatch.AlarmBase[]): void {
  const home = Stack.of(dashboard);
  const elsewhere = [...parts.flatMap(p => p.alarms), ...others].filter(alarm => Stack.of(alarm) !== home);
  if (elsewhere.length > 0) {
    warnOnPipeline(pipeline, 'alarmsInOtherStacks', `${count(elsewhere.length, 'alarm')} of the pipeline `
      + `${elsewhere.length === 1 ? 'is' : 'are'} in other stacks than its dashboard (${[...new Set(elsewhere.map(a => Stack.of(a).node.path))].join(', ')}), `
      + 'and not on it: a widget would make this stack depend on theirs, which depend on this one for the stream. Their actions are set all the same. '
      + 'Build the pipeline (with `sources`) in a stack that comes after every part, or one dashboard per stack from `pipeline.alarms`');
  }
  const label = (c: IConstruct) => partLabel(c, pipeline);
  const rows: cloudwatch.IWidget[][] = [];
  for (const layer of LAYERS) {
    const inLayer = parts.filter(p => p.layer === layer).sort((a, b) => compareText(a.construct.node.path, b.construct.node.path));
    if (inLayer.length === 0) {
      continue;
    }
    const widgets = inLayer.flatMap(p => partWidgets(label(p.construct), p, home));
    const names = inLayer.map(p => `${label(p.construct)} (${p.service})`).join(', ');
    rows.push([heading(`## ${layerTitle(layer)}\n${names}`)]);
    rows.push(widgets);
  }
  const othersHere = others.filter(alarm => Stack.of(alarm) === home);
  if (othersHere.length > 0) {
    rows.push([heading('## Other alarms\nBuilt inside the pipeline')]);
    rows.push(othersHere.map(alarm => alarmWidget(label(alarm), alarm)));
  }
  const widgetCount = rows.reduce((n, r) => n + r.length, 0);
  if (widgetCount > MAX_DASHBOARD_WIDGETS) {
    fail(pipeline, `the pipeline's dashboard would have ${widgetCount} widgets, more than the ${MAX_DASHBOARD_WIDGETS} CloudWatch allows on one `
      + 'dashboard: set `dashboard: false` and build dashboards per layer from each part\'s `alarms`, or split the pipeline');
  }
  for (const row of rows) {
    dashboard.addWidgets(...row);
  }
}

function partWidgets(label: string, part: PipelinePart, home: Stack): cloudwatch.IWidget[] {
  const widgets: cloudwatch.IWidget[] = [];
  if (part.construct instanceof StreamingIngest && Stack.of(part.construct) === home) {
    widgets.push(throughputWidget(label, part.construct));
  }
  for (const alarm of part.alarms.filter(a => Stack.of(a) === home)) {
    widgets.push(alarmWidget(`${label}: ${alarm.node.id}`, alarm));
  }
  return widgets;
}

/** The alarm's metric against its threshold; a composite alarm's state (it has no metric). */
function alarmWidget(title: string, alarm: cloudwatch.AlarmBase): cloudwatch.IWidget {
  return alarm instanceof cloudwatch.Alarm
    ? new cloudwatch.AlarmWidget({ alarm, title, width: WIDGET_WIDTH, height: WIDGET_HEIGHT })
    : new cloudwatch.AlarmStatusWidget({ alarms: [alarm], title, width: WIDGET_WIDTH, height: WIDGET_HEIGHT });
}

/**
 * Bytes and records written each minute against what the shards accept (1 MiB/s and
 * 1,000 records/s each), so the gap to throttling shows at a glance. An on-demand stream
 * has no fixed line: its capacity follows its peak.
 */
function throughputWidget(label: string, ingest: StreamingIngest): cloudwatch.GraphWidget {
  const shards = provisionedShards(ingest);
  const bytes = ingest.stream.metricIncomingBytes({ statistic: cloudwatch.Stats.SUM, period: MINUTE, label: 'bytes written a minute' });
  const records = ingest.stream.metricIncomingRecords({ statistic: cloudwatch.Stats.SUM, period: MINUTE, label: 'records written a minute' });
  const capacity = (perShard: number, what: string): cloudwatch.HorizontalAnnotation[] => shards === undefined ? [] : [{
    value: shards * perShard * 60,
    label: `${what} a minute at capacity (${shards} shards)`,
    color: cloudwatch.Color.RED,
  }];
  const mode = ingest.streamMode === kinesis.StreamMode.ON_DEMAND ? ' (on demand)' : shards === undefined ? ' (shards known at deploy)' : '';
  return new cloudwatch.GraphWidget({
    title: `${label}: throughput against capacity${mode}`,
    left: [bytes],
    right: [records],
    leftAnnotations: capacity(BYTES_PER_MIB * KinesisLimits.WRITE_MIB_PER_SHARD, 'bytes'),
    rightAnnotations: capacity(KinesisLimits.WRITE_RECORDS_PER_SHARD, 'records'),
    width: WIDGET_WIDTH,
    height: WIDGET_HEIGHT,
  });
}

/**
 * A row's heading, across the dashboard. The background is stated although transparent is
 * CloudWatch's default: aws-cdk-lib writes it into the body from 2.276 on and leaves it out
 * before, so stating it gives every aws-cdk-lib the same template (and apps in every language,
 * whose registries serve different releases, the same dashboard).
 */
function heading(markdown: string): cloudwatch.TextWidget {
  return new cloudwatch.TextWidget({ markdown, width: 24, height: 2, background: cloudwatch.TextWidgetBackground.TRANSPARENT });
}
