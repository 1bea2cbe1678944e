// The SDK is in the Lambda runtime and external to the bundle: a dev dependency, imported
// only here and by the handler's entry (src/sinks/aggregate.lambda.ts), never by the constructs.
import { AttributeValue, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { AggregateTableLayout as L } from './aggregate-config';
import { CompiledConfig, CompiledMeasure } from './compiled-config';
import { Backoff, backoffDelay, classifyError, CONFLICT_BACKOFF, ERROR_BACKOFF } from './retry-policy';
import { WindowFlush } from './window-aggregator';
import { KeyAggregate } from './window-state';

/** Tuning of `AggregateWriter`. */
export interface AggregateWriterOptions {
  /** Keys merged at once. Default 32: enough to hide round trips, few enough not to throttle. */
  readonly concurrency?: number;
  /** Pauses between attempts on an item after a conflict. Default `CONFLICT_BACKOFF`. */
  readonly conflictBackoff?: Backoff;
  /** Pauses between attempts on an item after a retryable error. Default `ERROR_BACKOFF`. */
  readonly errorBackoff?: Backoff;
}

/** What one flush did. */
export interface FlushResult {
  /** Keys whose item got this segment (one PutItem each). */
  readonly merged: number;
  /** Keys whose item already had this segment: an earlier attempt of the same flush wrote them. */
  readonly alreadyMerged: number;
  /** Writes refused because another writer changed the item in between (then retried). */
  readonly conflicts: number;
  /** Requests failed by throttling, a server error or the network, beyond the SDK's own retries (then retried). */
  readonly retried: number;
}

/** How long a flush may keep retrying when its caller sets no deadline (outside Lambda: tests, benchmarks). */
export const DEFAULT_FLUSH_BUDGET_MS = 60_000;

type Item = Record<string, AttributeValue>;
type Counts = { merged: number; alreadyMerged: number; conflicts: number; retried: number };

/** One flush in progress. */
interface FlushRun {
  readonly flush: WindowFlush;
  readonly expiresAt: string;
  readonly deadline: number;
  /** Aborted at the deadline: a request still in flight then is not waited for. */
  readonly signal: AbortSignal;
  readonly counts: Counts;
  /** True once a key failed: the others stop retrying, the flush fails anyway. */
  failed: boolean;
}

/**
 * Merges a window segment's aggregates into the table: one item per key and window,
 * whichever shards and segments contribute to it.
 *
 * Idempotent, so that Lambda may retry a final invocation as often as it likes: each item
 * lists the segments merged into it (`<shardId>:<first sequence number>`), and a key whose
 * item already lists this one is skipped. Safe under concurrency (several shards, or
 * several segments of one, flush the same window at once): a read-merge-write with an
 * optimistic lock on `version`, retried on conflict. The marker and the values land in one
 * PutItem, so a write is either wholly applied or not at all — including one whose reply
 * was lost, which the next attempt finds marked.
 *
 * Persistent: conflicts and retryable errors (throttling, 5xx, network) are retried with
 * capped exponential backoff and jitter until the flush's deadline, not a fixed number of
 * times (see `retry-policy.ts`); only errors no retry can cure fail at once.
 */
export class AggregateWriter {
  private readonly measures: readonly CompiledMeasure[];
  private readonly expireAfterSeconds: number;
  private readonly concurrency: number;
  private readonly conflictBackoff: Backoff;
  private readonly errorBackoff: Backoff;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    compiled: CompiledConfig,
    options: AggregateWriterOptions = {},
  ) {
    this.measures = compiled.measures;
    this.expireAfterSeconds = compiled.config.expireAfterSeconds;
    this.concurrency = options.concurrency ?? 32;
    this.conflictBackoff = options.conflictBackoff ?? CONFLICT_BACKOFF;
    this.errorBackoff = options.errorBackoff ?? ERROR_BACKOFF;
  }

  /**
   * Merges every key of the segment, retrying each until `deadline` (epoch ms), when
   * requests still in flight are aborted. Throws when any key could not be merged; keys
   * not started yet are then left for the retry of the final invocation, which skips those
   * already merged.
   */
  public async flush(flush: WindowFlush, deadline: number = Date.now() + DEFAULT_FLUSH_BUDGET_MS): Promise<FlushResult> {
    const keys = Object.keys(flush.aggregates);
    const abort = new AbortController();
    // (Clamped: beyond 2^31 - 1 ms, setTimeout would fire at once.)
    const timer = setTimeout(() => abort.abort(), Math.min(Math.max(0, deadline - Date.now()), 2 ** 31 - 1));
    const run: FlushRun = {
      flush,
      expiresAt: String(Math.floor(Date.parse(flush.windowEnd) / 1000) + this.expireAfterSeconds),
      deadline,
      signal: abort.signal,
      counts: { merged: 0, alreadyMerged: 0, conflicts: 0, retried: 0 },
      failed: false,
    };
    let next = 0;
    let failure: { error: unknown } | undefined;

    const worker = async (): Promise<void> => {
      while (failure === undefined && next < keys.length) {
        const key = keys[next++];
        try {
          await this.mergeKey(key, flush.aggregates[key], run);
        } catch (error) {
          failure ??= { error };
          run.failed = true;
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.concurrency, keys.length) }, worker));
    } finally {
      clearTimeout(timer);
    }

    const { counts } = run;
    if (failure !== undefined) {
      throw new Error(`aggregate flush of window ${flush.windowStart} segment ${flush.marker} failed `
        + `(${counts.merged + counts.alreadyMerged} of ${keys.length} keys merged): ${describe(failure.error)}`, { cause: failure.error });
    }
    return counts;
  }

  /** Merges one key, trying again after conflicts and retryable errors until the deadline. */
  private async mergeKey(key: string, aggregate: KeyAggregate, run: FlushRun): Promise<void> {
    let conflicts = 0;
    let errors = 0;
    /** What the attempts before failed with: an abort at the deadline says nothing of why it was retrying. */
    let previous: unknown;
    for (;;) {
      let error: unknown;
      try {
        run.counts[await this.tryMerge(key, aggregate, run)]++;
        return;
      } catch (e) {
        error = e;
      }
      const kind = run.signal.aborted ? 'deadline' : classifyError(error);
      if (kind === 'fatal' || run.failed) {
        throw error;
      }
      if (kind === 'deadline') {
        error = previous ?? error;
      }
      previous = error;
      let delay = 0;
      if (kind === 'conflict') {
        run.counts.conflicts++;
        delay = backoffDelay(this.conflictBackoff, ++conflicts);
      } else if (kind === 'retryable') {
        run.counts.retried++;
        delay = backoffDelay(this.errorBackoff, ++errors);
      }
      if (kind === 'deadline' || Date.now() + delay >= run.deadline) {
        throw new Error(`gave up on item (${key}, ${run.flush.windowStart}) at the flush's deadline, after ${conflicts} `
          + `conflicts and ${errors} retryable errors in a row: ${describe(error)}`, { cause: error });
      }
      await sleep(delay);
    }
  }

  /** One read-merge-write of an item: which count it adds to, or the request's error. */
  private async tryMerge(key: string, aggregate: KeyAggregate, run: FlushRun): Promise<'merged' | 'alreadyMerged'> {
    const { flush, signal } = run;
    const itemKey: Item = { [L.PARTITION_KEY]: { S: key }, [L.SORT_KEY]: { S: flush.windowStart } };
    const read = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: itemKey, ConsistentRead: true }), { abortSignal: signal });
    const old = read.Item;
    const segments = old?.[L.SEGMENTS]?.SS ?? [];
    if (segments.includes(flush.marker)) {
      return 'alreadyMerged';
    }
    const item: Item = { ...old, ...itemKey };
    for (const m of this.measures) {
      item[m.attribute] = { N: String(merge(m, old?.[m.attribute]?.N, aggregate[m.index])) };
    }
    item[L.WINDOW_END] = { S: flush.windowEnd };
    item[L.EXPIRES_AT] = { N: run.expiresAt };
    item[L.SEGMENTS] = { SS: [...segments, flush.marker] };
    const version = old?.[L.VERSION]?.N;
    item[L.VERSION] = { N: String(version === undefined ? 1 : Number(version) + 1) };

    await this.client.send(new PutItemCommand({
      TableName: this.tableName,
      Item: item,
      ...(old === undefined
        ? { ConditionExpression: 'attribute_not_exists(#k)', ExpressionAttributeNames: { '#k': L.PARTITION_KEY } }
        : version === undefined
          ? { ConditionExpression: 'attribute_not_exists(#v)', ExpressionAttributeNames: { '#v': L.VERSION } }
          : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': L.VERSION }, ExpressionAttributeValues: { ':v': { N: version } } }),
    }), { abortSignal: signal });
    return 'merged';
  }
}

/** A measure's value after merging the segment's value into the item's (absent before the first write). */
function merge(measure: CompiledMeasure, stored: string | undefined, value: number): number {
  if (stored === undefined) {
    return value;
  }
  const old = Number(stored);
  switch (measure.kind) {
    case 'min': return Math.min(old, value);
    case 'max': return Math.max(old, value);
    default: return old + value;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
