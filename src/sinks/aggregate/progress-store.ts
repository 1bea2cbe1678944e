// The SDK is in the Lambda runtime and external to the bundle: a dev dependency.
import { AttributeValue, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { AggregateTableLayout as L } from './aggregate-config';
import { Backoff, ERROR_BACKOFF, retryUntil } from './retry-policy';
import { Interval } from './sequence-intervals';

/**
 * A shard's progress in one window, as its progress item holds it: the one place that says
 * which of the shard's records are merged, so that a replay with a fresh state skips each
 * of them, and a flush that stopped halfway can be finished by whoever comes next.
 */
export interface Progress {
  /** Flushes of the shard claimed in the window (0 before the first). */
  readonly version: number;
  /** The records merged or being merged (those of a pending claim included). */
  readonly merged: Interval[];
  /** Id of the last flush claimed. */
  readonly lastFlush?: string;
  /** A flush claimed whose items are not all written yet: its log holds what is left to merge. */
  readonly claim?: Claim;
  /**
   * A window state Lambda ended early, kept for the fresh state that continues the window:
   * merged only when that state flushes, so that no other state can have merged part of it.
   */
  readonly carry?: Carry;
}

/** A kept window state: where its chunks are. */
export interface Carry {
  /** Its id: the version it was made from and the fingerprint of its pending records. */
  readonly id: string;
  readonly chunks: number;
}

/** Where a window state ended early is kept. */
export interface CarryRequest {
  readonly shardId: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  /** The version the state was made from: kept only if the item is still at it. */
  readonly base: number;
  readonly id: string;
  /** The state as JSON, or undefined when it holds nothing pending (any kept state is then dropped). */
  readonly state?: string;
  readonly expiresAt: number;
}

/** A state kept, or the progress that stood in its way. */
export type CarryOutcome = { readonly kept: true; readonly current?: undefined } | { readonly kept?: undefined; readonly current: Progress };

/** A claimed flush. */
export interface Claim {
  /** The flush's id: the version it was made from and the fingerprint of its records. */
  readonly id: string;
  /** Its number: the items it merges get `merged:<shardId>` = this. */
  readonly number: number;
  /** Log items holding its aggregates. */
  readonly chunks: number;
}

/** A claim made, or the progress that stood in its way. */
export type ClaimOutcome = { readonly claimed: Claim; readonly current?: undefined } | { readonly claimed?: undefined; readonly current: Progress };

/** Where a flush is claimed. */
export interface ClaimRequest {
  readonly shardId: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  /** The version the claimer knows: the claim holds only if the item is still at it. */
  readonly base: number;
  readonly id: string;
  /** The merged records once this flush is in. */
  readonly merged: readonly Interval[];
  /** The flush's aggregates as JSON: written to the log before the claim. */
  readonly log: string;
  readonly expiresAt: number;
}

/** A log item's share of a flush, in bytes: a DynamoDB item holds 400 KB in all. */
export const LOG_CHUNK_BYTES = 350_000;

type Item = Record<string, AttributeValue>;

/**
 * Reads and writes progress items and their logs. A progress item is keyed
 * `aggregate-progress#<shardId>` / `progress#<windowStart>`; the chunks of its logs and
 * kept states add `#log#<flush number>#<flush id>#<chunk>` or `#carry#<id>#<chunk>` to the sort key.
 * All expire with the window's items.
 */
export class ProgressStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly backoff: Backoff = ERROR_BACKOFF,
  ) {}

  /** The shard's progress in the window (a consistent read: a replay must see every merge). */
  public async read(shardId: string, windowStart: string, deadline: number): Promise<Progress> {
    const output = await retryUntil(deadline, this.backoff, () => this.client.send(new GetItemCommand({
      TableName: this.tableName, Key: progressKey(shardId, windowStart), ConsistentRead: true,
    })));
    return parseProgress(output.Item);
  }

  /**
   * Writes the flush's log, then claims flush `base + 1` for it, recording its records as
   * merged. Returns the claim once made; the progress as it is when the claim does not hold
   * (another flush came first, or a claim is pending).
   */
  public async claim(request: ClaimRequest, deadline: number): Promise<ClaimOutcome> {
    const number = request.base + 1;
    // Named after the flush, not only its number: another flush may try for the same number
    // while this one is pending, and must not overwrite the log it will be finished from.
    const chunks = await this.writeChunks(request.shardId, request.windowStart, `log#${number}#${request.id}`, request.log, request.expiresAt, deadline);
    const claim: Claim = { id: request.id, number, chunks };
    try {
      await retryUntil(deadline, this.backoff, () => this.client.send(new UpdateItemCommand({
        TableName: this.tableName,
        Key: progressKey(request.shardId, request.windowStart),
        // A kept state goes: this flush comes from it, or from a state that replaced it.
        UpdateExpression: 'SET #v = :n, #m = :m, #t = :id, #c = :c, #we = :we, #exp = :exp REMOVE #k',
        ConditionExpression: `${atVersion(request.base)} AND attribute_not_exists(#c)`,
        ExpressionAttributeNames: { '#v': 'v', '#m': 'm', '#t': 't', '#c': 'c', '#k': 'k', '#we': L.WINDOW_END, '#exp': L.EXPIRES_AT },
        ExpressionAttributeValues: {
          ':n': { N: String(number) },
          ':m': { S: JSON.stringify(request.merged) },
          ':id': { S: request.id },
          ':c': { S: JSON.stringify(claim) },
          ':we': { S: request.windowEnd },
          ':exp': { N: String(request.expiresAt) },
          ...(request.base === 0 ? {} : { ':base': { N: String(request.base) } }),
        },
      })));
      return { claimed: claim };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') {
        throw error;
      }
      return { current: await this.read(request.shardId, request.windowStart, deadline) };
    }
  }

  /**
   * Keeps a window state Lambda ended early (its chunks first, then the reference), or drops
   * the one kept when `state` is undefined. Holds only while the item is at `base` with no
   * claim pending; otherwise returns the progress as it is.
   */
  public async carry(request: CarryRequest, deadline: number): Promise<CarryOutcome> {
    const chunks = request.state === undefined ? 0
      : await this.writeChunks(request.shardId, request.windowStart, `carry#${request.id}`, request.state, request.expiresAt, deadline);
    const carry: Carry = { id: request.id, chunks };
    try {
      await retryUntil(deadline, this.backoff, () => this.client.send(new UpdateItemCommand({
        TableName: this.tableName,
        Key: progressKey(request.shardId, request.windowStart),
        UpdateExpression: request.state === undefined ? 'SET #we = :we, #exp = :exp REMOVE #k' : 'SET #we = :we, #exp = :exp, #k = :k',
        ConditionExpression: `${atVersion(request.base)} AND attribute_not_exists(#c)`,
        ExpressionAttributeNames: { '#v': 'v', '#c': 'c', '#k': 'k', '#we': L.WINDOW_END, '#exp': L.EXPIRES_AT },
        ExpressionAttributeValues: {
          ':we': { S: request.windowEnd },
          ':exp': { N: String(request.expiresAt) },
          ...(request.state === undefined ? {} : { ':k': { S: JSON.stringify(carry) } }),
          ...(request.base === 0 ? {} : { ':base': { N: String(request.base) } }),
        },
      })));
      return { kept: true };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') {
        throw error;
      }
      return { current: await this.read(request.shardId, request.windowStart, deadline) };
    }
  }

  /** The aggregates a pending claim left in its log, as JSON. */
  public readLog(shardId: string, windowStart: string, claim: Claim, deadline: number): Promise<string> {
    return this.readChunks(shardId, windowStart, `log#${claim.number}#${claim.id}`, claim.chunks, deadline);
  }

  /** A kept window state, as JSON. */
  public readCarry(shardId: string, windowStart: string, carry: Carry, deadline: number): Promise<string> {
    return this.readChunks(shardId, windowStart, `carry#${carry.id}`, carry.chunks, deadline);
  }

  /** Writes `text` in chunks that each fit an item; returns how many. */
  private async writeChunks(shardId: string, windowStart: string, name: string, text: string, expiresAt: number, deadline: number): Promise<number> {
    const bytes = Buffer.from(text, 'utf8');
    const chunks = Math.max(1, Math.ceil(bytes.length / LOG_CHUNK_BYTES));
    for (let i = 0; i < chunks; i++) {
      const item: Item = {
        ...chunkKey(shardId, windowStart, name, i),
        d: { B: bytes.subarray(i * LOG_CHUNK_BYTES, (i + 1) * LOG_CHUNK_BYTES) },
        [L.EXPIRES_AT]: { N: String(expiresAt) },
      };
      await retryUntil(deadline, this.backoff, () => this.client.send(new PutItemCommand({ TableName: this.tableName, Item: item })));
    }
    return chunks;
  }

  private async readChunks(shardId: string, windowStart: string, name: string, chunks: number, deadline: number): Promise<string> {
    const parts: Buffer[] = [];
    for (let i = 0; i < chunks; i++) {
      const output = await retryUntil(deadline, this.backoff, () => this.client.send(new GetItemCommand({
        TableName: this.tableName, Key: chunkKey(shardId, windowStart, name, i), ConsistentRead: true,
      })));
      const data = output.Item?.d?.B;
      if (data === undefined) {
        throw new Error(`${name} of ${shardId} in window ${windowStart} lacks chunk ${i}`);
      }
      parts.push(Buffer.from(data));
    }
    return Buffer.concat(parts).toString('utf8');
  }

  /** Marks a claim done: every item has its share. A claim already done is left as it is. */
  public async complete(shardId: string, windowStart: string, claim: Claim, deadline: number): Promise<void> {
    try {
      await retryUntil(deadline, this.backoff, () => this.client.send(new UpdateItemCommand({
        TableName: this.tableName,
        Key: progressKey(shardId, windowStart),
        UpdateExpression: 'REMOVE #c',
        ConditionExpression: '#c = :c',
        ExpressionAttributeNames: { '#c': 'c' },
        ExpressionAttributeValues: { ':c': { S: JSON.stringify(claim) } },
      })));
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') {
        throw error;
      }
    }
  }
}

/** The key of a shard's progress item in a window. */
export function progressKey(shardId: string, windowStart: string): Item {
  return {
    [L.PARTITION_KEY]: { S: `${L.PROGRESS_KEY_PREFIX}${shardId}` },
    [L.SORT_KEY]: { S: `${L.PROGRESS_SORT_PREFIX}${windowStart}` },
  };
}

/** A chunk of a flush's log (`log#<number>#<id>`) or of a kept state (`carry#<id>`). */
function chunkKey(shardId: string, windowStart: string, name: string, chunk: number): Item {
  return {
    [L.PARTITION_KEY]: { S: `${L.PROGRESS_KEY_PREFIX}${shardId}` },
    [L.SORT_KEY]: { S: `${L.PROGRESS_SORT_PREFIX}${windowStart}#${name}#${chunk}` },
  };
}

/** The condition that the item is at a version: before the first flush, it has none. */
function atVersion(base: number): string {
  return base === 0 ? 'attribute_not_exists(#v)' : '#v = :base';
}

function parseProgress(item: Item | undefined): Progress {
  if (item === undefined) {
    return { version: 0, merged: [] };
  }
  return {
    version: Number(item.v?.N ?? 0),
    merged: item.m?.S ? JSON.parse(item.m.S) as Interval[] : [],
    lastFlush: item.t?.S,
    claim: item.c?.S ? JSON.parse(item.c.S) as Claim : undefined,
    carry: item.k?.S ? JSON.parse(item.k.S) as Carry : undefined,
  };
}
