import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { StreamCapacityMode, StreamingIngest, StreamingIngestProps } from '../../src';
import { testStack } from '../app-fixture';

// StreamingIngest takes aws-cdk-lib's kinesis.StreamMode; the planner speaks StreamCapacityMode.
// The stream is created in the mode given, and the plan prices that same mode.

function ingestIn(props: StreamingIngestProps): { stack: Stack; ingest: StreamingIngest } {
  const stack = testStack();
  return { stack, ingest: new StreamingIngest(stack, 'Ingest', props) };
}

describe('StreamingIngest: kinesis.StreamMode and the plan\'s StreamCapacityMode', () => {
  test.each<[kinesis.StreamMode, StreamCapacityMode]>([
    [kinesis.StreamMode.PROVISIONED, StreamCapacityMode.PROVISIONED],
    [kinesis.StreamMode.ON_DEMAND, StreamCapacityMode.ON_DEMAND],
  ])('a %s stream keeps its StreamModeDetails and is priced as %s', (streamMode, capacityMode) => {
    const { stack, ingest } = ingestIn({ workload: { ingestMibPerSecond: 2 }, streamMode });

    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: streamMode },
    });
    const cost = ingest.plan!.cost;
    expect(cost.capacityMode).toBe(capacityMode);
    expect(cost.monthlyUsd).toBe(capacityMode === StreamCapacityMode.ON_DEMAND ? cost.onDemandMonthlyUsd : cost.provisionedMonthlyUsd);
  });

  test('the enums share their values, so plans and templates name the modes alike', () => {
    expect(Object.values(StreamCapacityMode).sort()).toEqual(Object.values(kinesis.StreamMode).sort());
  });

  test('an on-demand stream where provisioned is cheaper: the plan prices on-demand and recommends provisioned', () => {
    // 1 MiB/s: provisioned 1 shard = $10.95; on-demand $29.20 + data written and read is far more
    const { stack, ingest } = ingestIn({ workload: { ingestMibPerSecond: 1 }, streamMode: kinesis.StreamMode.ON_DEMAND });

    const cost = ingest.plan!.cost;
    expect(cost.recommendedMode).toBe(StreamCapacityMode.PROVISIONED);
    expect(cost.capacityMode).toBe(StreamCapacityMode.ON_DEMAND);
    expect(cost.monthlyUsd).toBe(cost.onDemandMonthlyUsd);
    expect(cost.items.map(i => i.name)).toEqual(['stream-hours', 'data written', 'data read by polling consumers']);
    Annotations.fromStack(stack).hasWarning('/TestStack/Ingest', Match.stringLikeRegexp(
      '^At the stated load ON_DEMAND costs \\$.* a month and PROVISIONED \\$10\\.95: consider `streamMode: PROVISIONED`\\.'));
  });
});
