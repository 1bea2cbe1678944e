import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { StreamingIngest } from '../../src';
import { testStack } from '../app-fixture';

/**
 * A plan read before the last reader is bound no longer matches the template: one app
 * printed "4 shards" into an output of a 6-shard stream. `planSummary` resolves at synth;
 * reading `plan` too early, and using it, is warned about.
 */
const WARNING = 'cdk-streaming-pipelines:StreamingIngest:planReadEarly';
/** 4 MiB/s: 4 shards for writes; with 3 polling readers, 12 MiB/s of reads need 6. */
const WORKLOAD = { ingestMibPerSecond: 4 };

function bindPollingReaders(stack: Stack, ingest: StreamingIngest, count: number): void {
  for (let i = 1; i <= count; i++) {
    ingest.bindReader(new Construct(stack, `Reader${i}`), { readerName: `reader-${i}` });
  }
}

function planWarnings(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('/TestStack/Ingest', Match.anyValue())
    .map(w => String(w.entry.data))
    .filter(text => text.endsWith(`[ack: ${WARNING}]`));
}

describe('StreamingIngest: plan figures that reach the template', () => {
  test('planSummary in an output resolves to the final plan, readers bound after it included', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest', { workload: WORKLOAD });
    new CfnOutput(stack, 'Plan', { value: ingest.planSummary! });
    bindPollingReaders(stack, ingest, 3);
    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 6 });
    template.hasOutput('Plan', { Value: Match.stringLikeRegexp('^6 shards \\(workload needs 6, bound by shared read bytes') });
    expect(planWarnings(stack)).toEqual([]);
  });

  test('plan read before readers that change it is warned about, naming what it said and what it says now', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest', { workload: WORKLOAD });
    new CfnOutput(stack, 'Plan', { value: ingest.plan!.summary });
    bindPollingReaders(stack, ingest, 3);

    expect(planWarnings(stack)).toEqual([
      '`plan` was read before every reader of TestStack/Ingest was bound, and readers bound since changed it: it said '
      + '"4 shards (workload needs 4, bound by write bytes (1 MiB/s per shard))", the final plan says '
      + '"6 shards (workload needs 6, bound by shared read bytes (2 MiB/s per shard))". Values taken from it then (outputs, '
      + 'descriptions) are stale: use `planSummary`, which resolves at synth, or read `plan` after binding every reader. '
      + `[ack: ${WARNING}]`,
    ]);
  });

  test.each<[string, (stack: Stack, ingest: StreamingIngest) => void]>([
    ['after every reader is bound', (stack, ingest) => { bindPollingReaders(stack, ingest, 3); void ingest.plan; }],
    ['before readers that leave it as it was', (stack, ingest) => { void ingest.plan; bindPollingReaders(stack, ingest, 1); }],
    ['never', (stack, ingest) => bindPollingReaders(stack, ingest, 3)],
  ])('plan read %s: no warning', (_name, use) => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest', { workload: WORKLOAD });
    use(stack, ingest);

    expect(planWarnings(stack)).toEqual([]);
  });

  test('without a workload there is no plan and no summary', () => {
    const ingest = new StreamingIngest(new Stack(new App(), 'S'), 'Ingest', { shardCount: 2 });

    expect(ingest.plan).toBeUndefined();
    expect(ingest.planSummary).toBeUndefined();
  });
});
