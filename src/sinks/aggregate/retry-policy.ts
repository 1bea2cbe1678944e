/**
 * When and how long the handler waits before trying a DynamoDB or S3 request again.
 *
 * A failed flush fails the window's final invocation, and whether Lambda retries that one
 * until it succeeds or only `retryAttempts` times is not clearly documented: giving up
 * risks dropping the window segment. So the writer does not count attempts; it retries
 * whatever may pass on a later attempt until a deadline derived from the invocation's
 * remaining time, and gives up early only on errors no retry can cure.
 */

/** What an error means for the request that failed. */
export type ErrorKind =
  /** A condition did not hold: what the request meant to do is done, or not for this writer to do. */
  | 'conflict'
  /** Throttling, a server error or a network failure: may pass if tried again later. */
  | 'retryable'
  /** Anything else (a validation error, missing permissions or table, a bug): fail now. */
  | 'fatal';

/** Capped exponential backoff with full jitter: a random pause in `[0, min(capMs, baseMs · 2^(n-1)))`. */
export interface Backoff {
  readonly baseMs: number;
  readonly capMs: number;
}

/**
 * After a retryable error, on top of the SDK's own few retries: longer pauses, so that a
 * throttled table or partition gets room to recover, capped so the writer keeps probing.
 */
export const ERROR_BACKOFF: Backoff = { baseMs: 50, capMs: 5_000 };

/** The pause before attempt `retry + 1`, `retry` ≥ 1 being the number of failures so far. */
export function backoffDelay(backoff: Backoff, retry: number, random: () => number = Math.random): number {
  return random() * Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(retry - 1, 30));
}

/** DynamoDB's (and the SDK's) names for throttling and transient server-side failures. */
const RETRYABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'InternalServerError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

/** Node's codes for a connection that failed or dropped: nothing reached, or the reply was lost. */
const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
]);

/** Classifies an error thrown by a DynamoDB request. */
/** DynamoDB's refusal of a number it cannot store: overflow, underflow, or more than 38 significant digits. */
export function isUnstorableNumber(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException'
    && /Number overflow|Number underflow|significant digits|magnitude/i.test(error.message);
}

/**
 * Runs `request` until it succeeds, trying again after retryable errors with `backoff` until
 * `deadline` (epoch ms); any other error, or a pause that would end past the deadline, rejects.
 */
export async function retryUntil<T>(deadline: number, backoff: Backoff, request: () => Promise<T>,
  onRetry: () => void = () => undefined): Promise<T> {
  for (let retry = 1; ; retry++) {
    try {
      return await request();
    } catch (error) {
      const delay = backoffDelay(backoff, retry);
      if (classifyError(error) !== 'retryable' || Date.now() + delay >= deadline) {
        throw error;
      }
      onRetry();
      await new Promise(resolve => setTimeout(resolve, delay));
    }
  }
}

export function classifyError(error: unknown): ErrorKind {
  if (!(error instanceof Error)) {
    return 'fatal';
  }
  if (error.name === 'ConditionalCheckFailedException') {
    return 'conflict';
  }
  const e = error as Error & { code?: unknown; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (RETRYABLE_NAMES.has(e.name) || e.$retryable !== undefined || (typeof e.code === 'string' && NETWORK_CODES.has(e.code))
    || (status !== undefined && (status >= 500 || status === 429))) {
    return 'retryable';
  }
  return 'fatal';
}
