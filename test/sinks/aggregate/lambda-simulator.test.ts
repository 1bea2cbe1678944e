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
const OPTIONS: SimulatorOptions = { windowSeconds: 60, maxBatchSize: 8, fullBatches: true, seed: 1 };
const START = Date.parse('2024-05-01T10:00:00Z');

/** Records 0 to n - 1 of a shard, all in one window unless `perWindow` says how many go in each. */
function shard(n: number, shardId = SHARD, perWindow = n, parentShardId?: string): SimulatedShard {
  return {
    shardId,
    parentShardId,
    records: Array.from({ length: n }, (_, i) => ({ sequenceNumber: seq(i), data: '', arrivalMs: START + Math.floor(i / perWindow) * 60_000 })),
  };
}

type State = { seen?: number[] };
interface Call {
  readonly shardId: string;
  readonly records: number[];
  readonly seen: number[];
  readonly flags: string;
}

/** A handler that adds the records it is given to `state.seen`, throwing for the batches `fails` picks. */
function scripted(fails: (records: number[], call: number) => boolean = () => false) {
  const calls: Call[] = [];
  const handler = async (event: TumblingWindowEvent): Promise<KinesisStreamStateResponse> => {
    const records = event.Records.map(r => Number((BigInt(r.kinesis.sequenceNumber) - BigInt(seq(0))) / 1000n));
    const seen = (event.state as State).seen ?? [];
    calls.push({ shardId: event.shardId, records, seen, flags: `${event.isFinalInvokeForWindow ? 'F' : ''}${event.isWindowTerminatedEarly ? 'E' : ''}` });
    if (fails(records, calls.length)) {
      throw new Error('function error');
    }
    return { state: event.isFinalInvokeForWindow || event.isWindowTerminatedEarly ? {} : { seen: [...seen, ...records] } };
  };
  return { handler, calls };
}

describe('LambdaSimulator', () => {
  test('a failed batch is split in halves, each retried with the state from before; a single record is retried, then given up', async () => {
    const { handler, calls } = scripted(records => records.includes(5));
    const report = await new LambdaSimulator(handler, { ...OPTIONS, maxRetryAttempts: 2 }).run([shard(8)]);
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
    expect([report.bisections, report.functionErrors]).toEqual([3, 6]);
    expect(report.onFailureDestination).toEqual([{ shardId: SHARD, sequenceNumber: seq(5) }]);
  });

  /**
   * The README promises that bisection isolates a poison record. AWS's Kinesis guide
   * says "Splitting a batch does not count towards the retry quota"
   * (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html, error handling):
   * with 3 retries a batch of 100 narrows to the one record. Were each split a retry, it
   * would stop at 13 (100, 50, 25, 13) and give up 12 good records with it.
   */
  test('bisection narrows a batch of 100 to its one poison record with 3 retries: splits are not retries', async () => {
    const { handler } = scripted(records => records.includes(37));
    const report = await new LambdaSimulator(handler, { ...OPTIONS, maxBatchSize: 100, maxRetryAttempts: 3 }).run([shard(100)]);
    expect(report.onFailureDestination).toEqual([{ shardId: SHARD, sequenceNumber: seq(37) }]);
    // 100 → 50 → 25 → 13 → 6 → 3 → 1 (halves holding record 37): six splits, then the record fails once more and 3 retries.
    expect(report.bisections).toBe(6);
    expect(report.functionErrors).toBe(6 + 1 + 3);
  });

  test('halves in the order the options pick: second first', async () => {
    const { handler, calls } = scripted((_, call) => call === 1);
    await new LambdaSimulator(handler, { ...OPTIONS, halfOrder: 'second' }).run([shard(8)]);
    expect(calls.map(c => [c.records, c.seen])).toEqual([
      [[0, 1, 2, 3, 4, 5, 6, 7], []],
      [[4, 5, 6, 7], []],
      [[0, 1, 2, 3], [4, 5, 6, 7]],
      [[], [4, 5, 6, 7, 0, 1, 2, 3]],
    ]);
  });

  test('a recut reads the failed batch again from its first record, in another size', async () => {
    const { handler, calls } = scripted((_, call) => call === 1);
    const report = await new LambdaSimulator(handler, { ...OPTIONS, recut: 1, seed: 3 }).run([shard(8)]);
    expect(report.recuts).toBe(1);
    expect(calls[1].records[0]).toBe(0);
    expect(calls[1].records.length).not.toBe(8);
    expect(calls[calls.length - 1].seen.slice().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  test('a lost response is a failure: the retry gets the state from before', async () => {
    const { handler, calls } = scripted();
    const report = await new LambdaSimulator(handler, { ...OPTIONS, loseResponse: 0.5, seed: 4 }).run([shard(64)]);
    expect(report.lostResponses).toBeGreaterThan(0);
    for (let i = 1; i < calls.length; i++) {
      // Every invocation got the state of the last one whose response arrived, never one lost.
      expect(calls[i].seen.every(r => calls.slice(0, i).some(c => c.records.includes(r)))).toBe(true);
    }
  });

  test('a replay reads from a record not yet handed over, with a fresh state; a redelivery keeps the state', async () => {
    const { handler, calls } = scripted();
    const report = await new LambdaSimulator(handler, { ...OPTIONS, maxBatchSize: 2, replay: 0.3, redeliver: 0.3, seed: 5 }).run([shard(12)]);
    expect(report.replays).toBeGreaterThan(0);
    expect(report.redeliveredRecords).toBeGreaterThan(0);
    const fresh = calls.filter((c, i) => i > 0 && c.seen.length === 0 && c.records.length > 0);
    expect(fresh.length).toBeGreaterThan(0);
    // The final invocation's state holds every record.
    expect(new Set(calls[calls.length - 1].seen)).toEqual(new Set(Array.from({ length: 12 }, (_, i) => i)));
  });

  test('early termination with each flag hands over the state and continues the window fresh; a final may carry records', async () => {
    const { handler, calls } = scripted();
    const report = await new LambdaSimulator(handler, { ...OPTIONS, maxBatchSize: 2, terminateEarly: 0.5, earlyFlags: 'random', finalWithRecords: 1, seed: 2 })
      .run([shard(12)]);
    expect(new Set(calls.filter(c => c.flags.includes('E')).map(c => c.flags))).toEqual(new Set(['FE', 'E']));
    const after = calls.findIndex(c => c.flags.includes('E')) + 1;
    expect(calls[after].seen).toEqual([]);
    expect(report.finalsWithRecords).toBe(1);
    expect(calls[calls.length - 1]).toMatchObject({ flags: 'F', records: [10, 11] });
  });

  test('records too old when read are given up without an invocation', async () => {
    const { handler, calls } = scripted();
    const report = await new LambdaSimulator(handler, { ...OPTIONS, tooOld: new Set([seq(2), seq(3)]) }).run([shard(6)]);
    expect(calls[0].records).toEqual([0, 1, 4, 5]);
    expect(report.tooOld.map(r => r.sequenceNumber)).toEqual([seq(2), seq(3)]);
  });

  test('windows in turn, each ended by a final invocation; a child shard after its parent', async () => {
    const { handler, calls } = scripted();
    await new LambdaSimulator(handler, OPTIONS).run([shard(4, 'child', 2, 'parent'), shard(4, 'parent', 2)]);
    expect(calls.map(c => [c.shardId, c.records, c.flags])).toEqual([
      ['parent', [0, 1], ''], ['parent', [], 'F'], ['parent', [2, 3], ''], ['parent', [], 'F'],
      ['child', [0, 1], ''], ['child', [], 'F'], ['child', [2, 3], ''], ['child', [], 'F'],
    ]);
  });

  test('a state over the limit makes Lambda end the window early: counted, so tests can insist it never happens', async () => {
    const report = await new LambdaSimulator(async () => ({ state: { big: 'x'.repeat(200) } }), { ...OPTIONS, stateLimitBytes: 100 }).run([shard(4)]);
    expect(report.overLimit).toBeGreaterThan(0);
  });
});
