import type { KinesisStreamStateResponse } from 'aws-lambda';
import { sequenceNumber } from './fixtures';
import { LambdaSimulator, SimulatedShard, SimulatorOptions } from './lambda-simulator';
import { TumblingWindowEvent } from '../../../src/sinks/aggregate/window-aggregator';

/**
 * The simulator's model of Lambda, pinned down with scripted handlers: the end-to-end
 * test is only as good as this model.
 */

const SHARD = 'shardId-000000000000';
const seq = (i: number) => sequenceNumber(i);
const OPTIONS: SimulatorOptions = { windowSeconds: 60, maxBatchSize: 8, fullBatches: true, stateLimitBytes: 1e6, maxRetryAttempts: 2, seed: 1 };

/** Records 0 to n - 1 of one shard, all in one window. */
function shard(n: number): SimulatedShard {
  return { shardId: SHARD, records: Array.from({ length: n }, (_, i) => ({ sequenceNumber: seq(i), data: '', arrivalMs: Date.parse('2024-05-01T10:00:00Z') + i })) };
}

type State = { seen?: number[] };
interface Call {
  readonly records: number[];
  readonly seen: number[];
  readonly final: boolean;
}

/** A handler that adds the records it accepts to `state.seen`, and calls `decide` for a batch first. */
function scripted(decide: (records: number[]) => 'ok' | 'throw' | { failAt: number }) {
  const calls: Call[] = [];
  const handler = async (event: TumblingWindowEvent): Promise<KinesisStreamStateResponse> => {
    const records = event.Records.map(r => Number((BigInt(r.kinesis.sequenceNumber) - BigInt(seq(0))) / 1000n));
    const seen = (event.state as State).seen ?? [];
    calls.push({ records, seen, final: event.isFinalInvokeForWindow });
    const decision = event.isFinalInvokeForWindow ? 'ok' : decide(records);
    if (decision === 'throw') {
      throw new Error('function error');
    }
    if (decision === 'ok') {
      return { state: { seen: [...seen, ...records] } };
    }
    // Accepts the records before the failed one, reports that one.
    return { state: { seen: [...seen, ...records.filter(r => r < decision.failAt)] }, batchItemFailures: [{ itemIdentifier: seq(decision.failAt) }] };
  };
  return { handler, calls };
}

describe('LambdaSimulator', () => {
  test('a function error splits the batch in halves, first half first, each with the state from before; a single record is retried, then set aside', async () => {
    // Record 5 fails whatever its batch; alone, it is reported.
    const { handler, calls } = scripted(records => (!records.includes(5) ? 'ok' : records.length > 1 ? 'throw' : { failAt: 5 }));
    const report = await new LambdaSimulator(handler, OPTIONS).run([shard(8)]);
    expect(calls.map(c => [c.records, c.seen])).toEqual([
      [[0, 1, 2, 3, 4, 5, 6, 7], []],
      [[0, 1, 2, 3], []],
      [[4, 5, 6, 7], [0, 1, 2, 3]],
      [[4, 5], [0, 1, 2, 3]],
      [[4], [0, 1, 2, 3]],
      [[5], [0, 1, 2, 3, 4]],
      [[5], [0, 1, 2, 3, 4]],
      [[5], [0, 1, 2, 3, 4]],
      [[6, 7], [0, 1, 2, 3, 4]],
      [[], [0, 1, 2, 3, 4, 6, 7]],
    ]);
    expect(report.bisections).toBe(3);
    expect(report.functionErrors).toBe(3);
    expect(report.onFailureDestination).toEqual([{ shardId: SHARD, sequenceNumber: seq(5) }]);
    expect(report.completedFinals[0].state).toEqual({ seen: [0, 1, 2, 3, 4, 6, 7] });
  });

  test('a batch item failure retries from it with the rest of the batch; once retries ran out, all of that goes to the failure destination', async () => {
    // What the handler did before: report the malformed record (2) whatever its batch.
    const { handler, calls } = scripted(records => (records.includes(2) ? { failAt: 2 } : 'ok'));
    const report = await new LambdaSimulator(handler, OPTIONS).run([shard(10)]);
    expect(calls.map(c => [c.records, c.seen])).toEqual([
      [[0, 1, 2, 3, 4, 5, 6, 7], []],
      [[2, 3, 4, 5, 6, 7], [0, 1]],
      [[2, 3, 4, 5, 6, 7], [0, 1]],
      [[8, 9], [0, 1]],
      [[], [0, 1, 8, 9]],
    ]);
    // The good records after it are lost with it.
    expect(report.onFailureDestination.map(r => r.sequenceNumber)).toEqual([2, 3, 4, 5, 6, 7].map(seq));
    expect(report.reportedFailures.map(r => r.sequenceNumber)).toEqual([seq(2), seq(2), seq(2)]);
  });

  test('a single record that keeps throwing is retried `maxRetryAttempts` times, then set aside alone', async () => {
    const { handler, calls } = scripted(records => (records.includes(3) ? 'throw' : 'ok'));
    const report = await new LambdaSimulator(handler, { ...OPTIONS, maxBatchSize: 4 }).run([shard(4)]);
    expect(calls.map(c => c.records)).toEqual([[0, 1, 2, 3], [0, 1], [2, 3], [2], [3], [3], [3], []]);
    expect(report.onFailureDestination.map(r => r.sequenceNumber)).toEqual([seq(3)]);
    expect(report.completedFinals[0].state).toEqual({ seen: [0, 1, 2] });
  });

  test('a response lost after the function ran is a function error too: the batch is split, with the state from before', async () => {
    const { handler, calls } = scripted(() => 'ok');
    const report = await new LambdaSimulator(handler, { ...OPTIONS, failAfterInvoke: 0.5 }).run([shard(16)]);
    expect(report.injectedAfterInvoke).toBeGreaterThan(0);
    expect(report.bisections).toBeGreaterThan(0);
    expect(report.onFailureDestination).toEqual([]);
    // Whatever was lost, every record was accepted once in the end.
    expect(report.completedFinals[0].state).toEqual({ seen: Array.from({ length: 16 }, (_, i) => i) });
    expect(calls.length).toBeGreaterThan(3);
  });

  test('an invocation failing before the function runs is retried as it is: no split, no retry counted', async () => {
    const { handler, calls } = scripted(() => 'ok');
    const report = await new LambdaSimulator(handler, { ...OPTIONS, failBeforeInvoke: 0.5, maxRetryAttempts: 0 }).run([shard(16)]);
    expect(report.injectedBeforeInvoke).toBeGreaterThan(0);
    expect(report.bisections).toBe(0);
    expect(calls.map(c => c.records.length)).toEqual([8, 8, 0]);
  });

  test('the context counts down from the timeout', async () => {
    const remaining: number[] = [];
    const simulator = new LambdaSimulator(async (_event, context) => {
      remaining.push(context.getRemainingTimeInMillis());
      await new Promise(resolve => setTimeout(resolve, 50));
      remaining.push(context.getRemainingTimeInMillis());
      return { state: {} };
    }, { ...OPTIONS, timeoutMs: 1_000 });
    await simulator.run([shard(1)]);
    expect(remaining[0]).toBeGreaterThan(990);
    expect(remaining[1]).toBeLessThanOrEqual(remaining[0] - 45);
  });
});
