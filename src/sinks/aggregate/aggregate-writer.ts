// The SDK is in the Lambda runtime and external to the bundle: a dev dependency, imported
// only by the handler's modules, never by the constructs.
import { AttributeValue, DynamoDBClient, UpdateItemCommand, UpdateItemCommandOutput } from '@aws-sdk/client-dynamodb';
import { AggregateTableLayout as L } from './aggregate-config';
import { CompiledConfig, CompiledMeasure } from './compiled-config';
import type { FailureStore } from './failure-store';
import { Backoff, ERROR_BACKOFF, isUnstorableNumber, retryUntil } from './retry-policy';
import { KeyAggregate } from './window-state';

/** One flush of a shard's window: its aggregates, to merge into one item per key. */
export interface Flush {
  readonly shardId: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  /** The flush's number in the shard's window: items it merges get `merged:<shardId>` = this. */
  readonly number: number;
  readonly aggregates: { readonly [key: string]: KeyAggregate };
}

/** What merging a flush did. */
export interface FlushResult {
  /** Keys whose item got this flush's values (one UpdateItem each). */
  readonly merged: number;
  /** Keys whose item already had them: an earlier attempt of the same flush wrote it. */
  readonly alreadyMerged: number;
  /** Keys whose values DynamoDB refused (number out of range or precision): set aside in the failure store. */
  readonly unstorable: number;
  /** Second writes lowering a minimum or raising a maximum the item already had. */
  readonly extremes: number;
  /** Requests failed by throttling, a server error or the network, and tried again. */
  readonly retried: number;
}

/** Tuning of `AggregateWriter`. */
export interface AggregateWriterOptions {
  /** Keys merged at once. Default 32: enough to hide round trips, few enough not to throttle. */
  readonly concurrency?: number;
  /** Pauses after a retryable error. Default `ERROR_BACKOFF`. */
  readonly backoff?: Backoff;
  /** The clock, for `expiresAt` (tests). */
  readonly now?: () => number;
}

type Counts = { -readonly [K in keyof FlushResult]: number };

/**
 * Merges a flush into the table with one UpdateItem per key and no read: `ADD` for counts
 * and sums, `if_not_exists` for a first minimum or maximum, and, as the condition, the
 * item's mark for the shard — `merged:<shardId>` below the flush's number. A shard's flushes
 * in a window are numbered in order and merged one after another, so the mark says exactly
 * whether this flush is in the item: applying it again adds nothing, however often Lambda
 * retries. Shards writing one key at once never conflict: each has its own mark.
 *
 * A minimum or maximum the item already had is compared afterwards (`UPDATED_NEW` returns
 * it): a second, conditional write is needed only when this flush's value is more extreme.
 * Values DynamoDB refuses for one key (a sum past its range or its 38 digits) go to the
 * failure store and the key is marked, so the rest of the window still merges.
 */
export class AggregateWriter {
  private readonly measures: readonly CompiledMeasure[];
  private readonly expireAfterSeconds: number;
  private readonly concurrency: number;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  private readonly extremes: readonly CompiledMeasure[];

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    compiled: CompiledConfig,
    private readonly failures: FailureStore,
    options: AggregateWriterOptions = {},
  ) {
    this.measures = compiled.measures;
    this.extremes = compiled.measures.filter(m => m.kind === 'min' || m.kind === 'max');
    this.expireAfterSeconds = compiled.config.expireAfterSeconds;
    this.concurrency = options.concurrency ?? 32;
    this.backoff = options.backoff ?? ERROR_BACKOFF;
    this.now = options.now ?? Date.now;
  }

  /**
   * Merges every key of the flush, trying each again after retryable errors until
   * `deadline` (epoch ms). Rejects when a key could not be merged: the flush is then finished
   * by the next attempt, which skips the keys already merged.
   */
  public async merge(flush: Flush, deadline: number): Promise<FlushResult> {
    const keys = Object.keys(flush.aggregates);
    const counts: Counts = { merged: 0, alreadyMerged: 0, unstorable: 0, extremes: 0, retried: 0 };
    // An item expires `expireAfter` after its window, or after the latest merge into it if later.
    const expiresAt = String(Math.floor(Math.max(Date.parse(flush.windowEnd), this.now()) / 1000) + this.expireAfterSeconds);
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async (): Promise<void> => {
      while (failure === undefined && next < keys.length) {
        const key = keys[next++];
        try {
          await this.mergeKey(flush, key, expiresAt, counts, deadline);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, keys.length) }, worker));
    if (failure !== undefined) {
      const error = failure.error;
      throw new Error(`flush ${flush.number} of ${flush.shardId} in window ${flush.windowStart} failed `
        + `(${counts.merged + counts.alreadyMerged + counts.unstorable} of ${keys.length} keys done): ${describe(error)}`, { cause: error });
    }
    return counts;
  }

  private async mergeKey(flush: Flush, key: string, expiresAt: string, counts: Counts, deadline: number): Promise<void> {
    const aggregate = flush.aggregates[key];
    const names: Record<string, string> = { '#we': L.WINDOW_END, '#exp': L.EXPIRES_AT, '#mk': `${L.MARK_PREFIX}${flush.shardId}` };
    const values: Record<string, AttributeValue> = {
      ':we': { S: flush.windowEnd }, ':exp': { N: expiresAt }, ':n': { N: String(flush.number) },
    };
    const set = ['#we = :we', '#exp = :exp', '#mk = :n'];
    const add: string[] = [];
    this.measures.forEach((m, i) => {
      names[`#a${i}`] = m.attribute;
      values[`:a${i}`] = { N: String(aggregate[m.index]) };
      if (m.kind === 'count' || m.kind === 'sum') {
        add.push(`#a${i} :a${i}`);
      } else {
        set.push(`#a${i} = if_not_exists(#a${i}, :a${i})`);
      }
    });
    const onRetry = () => counts.retried++;
    let output: UpdateItemCommandOutput;
    try {
      output = await retryUntil(deadline, this.backoff, () => this.client.send(new UpdateItemCommand({
        TableName: this.tableName,
        Key: itemKey(key, flush.windowStart),
        UpdateExpression: `SET ${set.join(', ')}${add.length > 0 ? ` ADD ${add.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_not_exists(#mk) OR #mk < :n',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: this.extremes.length > 0 ? 'UPDATED_NEW' : 'NONE',
      })), onRetry);
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        counts.alreadyMerged++;
        // An earlier attempt merged the key; it may have stopped before comparing the extremes.
        for (const m of this.extremes) {
          await this.improve(flush, key, m, aggregate[m.index], counts, deadline);
        }
        return;
      }
      if (isUnstorableNumber(error)) {
        await this.setAside(flush, key, expiresAt, `${(error as Error).name}: ${(error as Error).message}`, counts, deadline);
        return;
      }
      throw error;
    }
    counts.merged++;
    for (const m of this.extremes) {
      const stored = output.Attributes?.[m.attribute]?.N;
      const value = aggregate[m.index];
      if (stored !== undefined && (m.kind === 'min' ? value < Number(stored) : value > Number(stored))) {
        await this.improve(flush, key, m, value, counts, deadline);
      }
    }
  }

  /** Lowers a minimum (raises a maximum) to `value` unless the item has a more extreme one already. */
  private async improve(flush: Flush, key: string, measure: CompiledMeasure, value: number, counts: Counts, deadline: number): Promise<void> {
    try {
      await retryUntil(deadline, this.backoff, () => this.client.send(new UpdateItemCommand({
        TableName: this.tableName,
        Key: itemKey(key, flush.windowStart),
        UpdateExpression: 'SET #a = :v',
        // Only for this very flush: its values are the ones merged into the item.
        ConditionExpression: `${measure.kind === 'min' ? '#a > :v' : '#a < :v'} AND #mk = :n`,
        ExpressionAttributeNames: { '#a': measure.attribute, '#mk': `${L.MARK_PREFIX}${flush.shardId}` },
        ExpressionAttributeValues: { ':v': { N: String(value) }, ':n': { N: String(flush.number) } },
      })), () => counts.retried++);
      counts.extremes++;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') {
        throw error;
      }
    }
  }

  /**
   * Keeps a key's refused values in the failure store, then marks the item so that no later
   * attempt of this flush merges them after all: store first, so that a crash in between
   * stores them again rather than losing them.
   */
  private async setAside(flush: Flush, key: string, expiresAt: string, reason: string, counts: Counts, deadline: number): Promise<void> {
    const aggregate = flush.aggregates[key];
    const values: Record<string, number> = {};
    for (const m of this.measures) {
      values[m.attribute] = aggregate[m.index];
    }
    await retryUntil(deadline, this.backoff, () => this.failures.putAggregate({
      shardId: flush.shardId, windowStart: flush.windowStart, windowEnd: flush.windowEnd, key, flush: flush.number, values, reason,
    }), () => counts.retried++);
    try {
      await retryUntil(deadline, this.backoff, () => this.client.send(new UpdateItemCommand({
        TableName: this.tableName,
        Key: itemKey(key, flush.windowStart),
        UpdateExpression: 'SET #mk = :n, #exp = :exp',
        ConditionExpression: 'attribute_exists(#k) AND (attribute_not_exists(#mk) OR #mk < :n)',
        ExpressionAttributeNames: { '#mk': `${L.MARK_PREFIX}${flush.shardId}`, '#k': L.PARTITION_KEY, '#exp': L.EXPIRES_AT },
        ExpressionAttributeValues: { ':n': { N: String(flush.number) }, ':exp': { N: expiresAt } },
      })), () => counts.retried++);
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') {
        throw error;
      }
    }
    counts.unstorable++;
  }
}

/** The key of a key's item in a window. */
export function itemKey(key: string, windowStart: string): Record<string, AttributeValue> {
  return { [L.PARTITION_KEY]: { S: key }, [L.SORT_KEY]: { S: windowStart } };
}

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
