// The SDK is in the Lambda runtime and external to the bundle: a dev dependency, imported
// only here and by the handler's entry (src/sinks/aggregate.lambda.ts), never by the constructs.
import { AttributeValue, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { AggregateTableLayout as L } from './aggregate-config';
import { CompiledConfig, CompiledMeasure } from './compiled-config';
import { WindowFlush } from './window-aggregator';
import { KeyAggregate } from './window-state';

/** Tuning of `AggregateWriter`. */
export interface AggregateWriterOptions {
  /** Keys merged at once. Default 32: enough to hide round trips, few enough not to throttle. */
  readonly concurrency?: number;
  /** Read-merge-write attempts per key when other writers race for the item. Default 20. */
  readonly maxAttempts?: number;
}

/** What one flush did. */
export interface FlushResult {
  /** Keys whose item got this segment (one PutItem each). */
  readonly merged: number;
  /** Keys whose item already had this segment: an earlier attempt of the same flush wrote them. */
  readonly alreadyMerged: number;
  /** Writes refused because another writer changed the item in between (then retried). */
  readonly conflicts: number;
}

type Item = Record<string, AttributeValue>;

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
 */
export class AggregateWriter {
  private readonly measures: readonly CompiledMeasure[];
  private readonly expireAfterSeconds: number;
  private readonly concurrency: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    compiled: CompiledConfig,
    options: AggregateWriterOptions = {},
  ) {
    this.measures = compiled.measures;
    this.expireAfterSeconds = compiled.config.expireAfterSeconds;
    this.concurrency = options.concurrency ?? 32;
    this.maxAttempts = options.maxAttempts ?? 20;
  }

  /**
   * Merges every key of the segment. Throws when any key could not be merged (after the
   * SDK's own retries, and ours on conflicts); keys not started yet are then left for the
   * retry of the final invocation, which skips those already merged.
   */
  public async flush(flush: WindowFlush): Promise<FlushResult> {
    const keys = Object.keys(flush.aggregates);
    const expiresAt = String(Math.floor(Date.parse(flush.windowEnd) / 1000) + this.expireAfterSeconds);
    const counts = { merged: 0, alreadyMerged: 0, conflicts: 0 };
    let next = 0;
    let failure: { error: unknown } | undefined;

    const worker = async (): Promise<void> => {
      while (failure === undefined && next < keys.length) {
        const key = keys[next++];
        try {
          await this.mergeKey(key, flush.aggregates[key], flush, expiresAt, counts);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, keys.length) }, worker));

    if (failure !== undefined) {
      throw new Error(`aggregate flush of window ${flush.windowStart} segment ${flush.marker} failed `
        + `(${counts.merged + counts.alreadyMerged} of ${keys.length} keys merged): ${describe(failure.error)}`, { cause: failure.error });
    }
    return counts;
  }

  private async mergeKey(key: string, aggregate: KeyAggregate, flush: WindowFlush, expiresAt: string,
    counts: { merged: number; alreadyMerged: number; conflicts: number }): Promise<void> {
    const itemKey: Item = { [L.PARTITION_KEY]: { S: key }, [L.SORT_KEY]: { S: flush.windowStart } };
    for (let attempt = 1; ; attempt++) {
      const read = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: itemKey, ConsistentRead: true }));
      const old = read.Item;
      const segments = old?.[L.SEGMENTS]?.SS ?? [];
      if (segments.includes(flush.marker)) {
        counts.alreadyMerged++;
        return;
      }
      const item: Item = { ...old, ...itemKey };
      for (const m of this.measures) {
        item[m.attribute] = { N: String(merge(m, old?.[m.attribute]?.N, aggregate[m.index])) };
      }
      item[L.WINDOW_END] = { S: flush.windowEnd };
      item[L.EXPIRES_AT] = { N: expiresAt };
      item[L.SEGMENTS] = { SS: [...segments, flush.marker] };
      const version = old?.[L.VERSION]?.N;
      item[L.VERSION] = { N: String(version === undefined ? 1 : Number(version) + 1) };

      try {
        await this.client.send(new PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ...(old === undefined
            ? { ConditionExpression: 'attribute_not_exists(#k)', ExpressionAttributeNames: { '#k': L.PARTITION_KEY } }
            : version === undefined
              ? { ConditionExpression: 'attribute_not_exists(#v)', ExpressionAttributeNames: { '#v': L.VERSION } }
              : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': L.VERSION }, ExpressionAttributeValues: { ':v': { N: version } } }),
        }));
        counts.merged++;
        return;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) {
          throw error;
        }
        counts.conflicts++;
        if (attempt >= this.maxAttempts) {
          throw new Error(`item (${key}, ${flush.windowStart}) changed under ${attempt} attempts to merge it in a row`);
        }
        // Another writer got there first: read its result again, after a short random pause
        // that grows with the attempts so that racing writers spread out.
        await sleep(Math.random() * Math.min(100, 2 ** attempt));
      }
    }
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

function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
