import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as sns from 'aws-cdk-lib/aws-sns';
import { dashboardWidgets, handlerIn, KINESIS_NEEDS, testStack, Widget } from './pipeline-helpers';
import { ArchiveToLake, ShardConsumer, StreamingIngest, StreamingPipeline } from '../../src';
import { testApp } from '../app-fixture';

function overlaps(a: Widget, b: Widget): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('the pipeline\'s dashboard', () => {
  test('one row per layer, a widget per alarm titled with its part, showing the alarm (its threshold)', () => {
    const stack = testStack();
    const stream = new StreamingIngest(stack, 'Stream', { workload: { ingestMibPerSecond: 1.5, ingestRecordsPerSecond: 1000 } });
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [stream] });
    const reader = new ShardConsumer(stack, 'Reader', { source: stream, handler: handlerIn(stack, 'Fn'), readerName: 'reader' });
    const lake = new ArchiveToLake(stack, 'Lake', { source: stream, readerName: 'lake' });

    const widgets = dashboardWidgets(stack);
    const headings = widgets.filter(w => w.type === 'text').map(w => w.properties.markdown);
    expect(headings).toEqual([
      '## Ingest\nStream (Kinesis stream)',
      '## Processing\nReader (Lambda)',
      '## Storage\nLake (Firehose to S3)',
    ]);
    // Stated, so that every aws-cdk-lib writes the same body (2.276 adds it by default, 2.271 does not).
    expect(widgets.filter(w => w.type === 'text').map(w => w.properties.background)).toEqual(['transparent', 'transparent', 'transparent']);
    const alarmWidgets = widgets.filter(w => w.properties.annotations?.alarms);
    const expected = [
      ...stream.alarms.map(a => `Stream: ${a.node.id}`),
      ...reader.alarms.map(a => `Reader: ${a.node.id}`),
      ...lake.alarms.map(a => `Lake: ${a.node.id}`),
    ];
    expect(alarmWidgets.map(w => w.properties.title)).toEqual(expected);
    expect(alarmWidgets.length).toBe(pipeline.alarms.length);
    // Each widget draws its alarm: CloudWatch shows the alarm's metric with its threshold.
    const logicalIds = Object.keys(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
    expect(alarmWidgets.map(w => w.properties.annotations!.alarms![0].replace(/\.Arn$/, '')).sort()).toEqual(logicalIds.sort());
    // Rows follow the flow: the ingest heading first, then its widgets below it.
    expect(widgets[0].y).toBe(0);
    for (let i = 0; i < widgets.length; i++) {
      for (let j = i + 1; j < widgets.length; j++) {
        expect(overlaps(widgets[i], widgets[j])).toBe(false);
      }
    }
  });

  test('a provisioned stream\'s throughput against its shards\' write capacity, in bytes and records a minute', () => {
    const stack = testStack();
    const stream = new StreamingIngest(stack, 'Stream', { workload: { ingestMibPerSecond: 2.5, ingestRecordsPerSecond: 1000 } });
    new StreamingPipeline(stack, 'Pipeline', { sources: [stream] });
    expect(stream.plan!.shardCount).toBe(3);

    const graph = dashboardWidgets(stack).find(w => w.properties.title === 'Stream: throughput against capacity')!;
    expect(graph.properties.metrics!.map(m => m[1])).toEqual(['IncomingBytes', 'IncomingRecords']);
    expect(graph.properties.annotations!.horizontal).toEqual([
      { value: 3 * 1048576 * 60, label: 'bytes a minute at capacity (3 shards)', color: '#d62728', yAxis: 'left' },
      { value: 3 * 1000 * 60, label: 'records a minute at capacity (3 shards)', color: '#d62728', yAxis: 'right' },
    ]);
  });

  test('an on-demand stream has no fixed capacity line', () => {
    const stack = testStack();
    const stream = new StreamingIngest(stack, 'Stream', { streamMode: kinesis.StreamMode.ON_DEMAND, workload: { ingestMibPerSecond: 1 } });
    new StreamingPipeline(stack, 'Pipeline', { sources: [stream] });
    const graph = dashboardWidgets(stack).find(w => w.properties.title === 'Stream: throughput against capacity (on demand)')!;
    expect(graph.properties.annotations).toBeUndefined();
  });

  test('20 enhanced fan-out readers stay readable: four widgets a row, titled, none overlapping, within CloudWatch\'s 500', () => {
    const stack = testStack();
    const stream = new StreamingIngest(stack, 'Stream', {
      workload: { ingestMibPerSecond: 2, ingestRecordsPerSecond: 2000, enhancedFanOutConsumers: 20, pollingConsumers: 0 },
    });
    new StreamingPipeline(stack, 'Pipeline', { sources: [stream] });
    const readers = Array.from({ length: 20 }, (_, i) => new ShardConsumer(stack, `Reader${i + 1}`, {
      source: stream, handler: handlerIn(stack, `Fn${i + 1}`), readerName: `reader-${i + 1}`, enhancedFanOut: true,
    }));

    Template.fromStack(stack).resourceCountIs('AWS::Kinesis::StreamConsumer', 20);
    const widgets = dashboardWidgets(stack);
    const perReader = readers[0].alarms.length;
    expect(widgets.filter(w => /^Reader\d+: /.test(w.properties.title ?? '')).length).toBe(20 * perReader);
    expect(widgets.length).toBeLessThanOrEqual(500);
    expect(new Set(widgets.map(w => w.properties.title).filter(t => t)).size).toBe(widgets.filter(w => w.properties.title).length);
    widgets.filter(w => w.type === 'metric').forEach(w => expect([w.width, w.height]).toEqual([6, 6]));
    widgets.forEach(w => expect(w.x + w.width).toBeLessThanOrEqual(24));
    for (let i = 0; i < widgets.length; i++) {
      for (let j = i + 1; j < widgets.length; j++) {
        expect(overlaps(widgets[i], widgets[j])).toBe(false);
      }
    }
  });

  test('`dashboard: false` builds none; `dashboardName` names it', () => {
    const off = testStack();
    new StreamingPipeline(off, 'Pipeline', { sources: [new StreamingIngest(off, 'Stream', { shardCount: 1 })], dashboard: false });
    Template.fromStack(off).resourceCountIs('AWS::CloudWatch::Dashboard', 0);

    const named = testStack();
    new StreamingPipeline(named, 'Pipeline', { sources: [new StreamingIngest(named, 'Stream', { shardCount: 1 })], dashboardName: 'clicks' });
    Template.fromStack(named).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'clicks' });
  });

  test('a stream with a fixed shard count and no workload: capacity from the shard count', () => {
    const stack = testStack();
    const stream = new StreamingIngest(stack, 'Stream', { shardCount: 4 });
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [stream] });
    const graph = dashboardWidgets(stack).find(w => w.properties.title === 'Stream: throughput against capacity')!;
    expect(graph.properties.annotations!.horizontal!.map(a => a.value)).toEqual([4 * 1048576 * 60, 4 * 1000 * 60]);
    expect(pipeline.diagram()).toContain('source1[("Stream<br/>Kinesis stream, 4 shards")]');
  });

  test('direct PUT: the delivery\'s alarms in the storage row', () => {
    const stack = testStack();
    const pipeline = new StreamingPipeline(stack, 'Pipeline', {
      requirements: { deliveryOnly: true, workload: { ingestMibPerSecond: 1, averageRecordBytes: 1024 } },
    });
    const widgets = dashboardWidgets(stack);
    expect(widgets.filter(w => w.type === 'text').map(w => w.properties.markdown)).toEqual(['## Storage\nPipeline/Delivery (Firehose to S3)']);
    expect(widgets.filter(w => w.properties.annotations?.alarms).map(w => w.properties.title))
      .toEqual(pipeline.delivery!.alarms.map(a => `Pipeline/Delivery: ${a.node.id}`));
  });

  test('parts in another stack: their alarms page but are not on the dashboard, with a warning saying why (no cycle)', () => {
    const app = testApp();
    const env = { account: '111111111111', region: 'us-east-1' };
    const ingestStack = new Stack(app, 'Ingest', { env });
    const processing = new Stack(app, 'Processing', { env });
    const topic = new sns.Topic(ingestStack, 'OnCall');
    const pipeline = new StreamingPipeline(ingestStack, 'Pipeline', {
      requirements: KINESIS_NEEDS, alarmAction: new cloudwatchActions.SnsAction(topic),
    });
    const reader = new ShardConsumer(processing, 'Reader', { source: pipeline.source, handler: handlerIn(processing, 'Fn'), readerName: 'reader' });

    const assembly = app.synth();
    const body = JSON.stringify(assembly.getStackByName('Ingest').template.Resources);
    expect(body).not.toContain('ReaderLatency');
    const alarms = Object.values(assembly.getStackByName('Processing').template.Resources as Record<string, any>)
      .filter(r => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBe(reader.alarms.length);
    alarms.forEach(a => expect(a.Properties.AlarmActions).toHaveLength(1));
    Annotations.fromStack(ingestStack).hasWarning('/Ingest/Pipeline', Match.stringLikeRegexp(
      `^${reader.alarms.length} alarms of the pipeline are in other stacks than its dashboard \\(Processing\\), and not on it: `));
    expect(pipeline.costReport().parts.map(p => p.part)).toContain('Processing/Reader');
  });
});
