import { backoffDelay, classifyError, ERROR_BACKOFF, ErrorKind, isUnstorableNumber, retryUntil } from '../../../src/sinks/aggregate/retry-policy';

function error(fields: Record<string, unknown>): Error {
  return Object.assign(new Error('message'), fields);
}

describe('classifyError', () => {
  test.each<[string, unknown, ErrorKind]>([
    ['a condition that did not hold', error({ name: 'ConditionalCheckFailedException', $metadata: { httpStatusCode: 400 } }), 'conflict'],
    ['provisioned throughput exceeded', error({ name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } }), 'retryable'],
    ['the account\'s request limit', error({ name: 'RequestLimitExceeded', $metadata: { httpStatusCode: 400 } }), 'retryable'],
    ['on-demand throttling', error({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }), 'retryable'],
    ['a 429', error({ name: 'Unknown', $metadata: { httpStatusCode: 429 } }), 'retryable'],
    ['an internal server error', error({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } }), 'retryable'],
    ['any 5xx', error({ name: 'Unknown', $metadata: { httpStatusCode: 502 } }), 'retryable'],
    ['an error the SDK marks retryable', error({ name: 'Unknown', $retryable: {} }), 'retryable'],
    ['a connection reset', error({ code: 'ECONNRESET' }), 'retryable'],
    ['a connection refused', error({ code: 'ECONNREFUSED' }), 'retryable'],
    ['a socket timeout', error({ code: 'ETIMEDOUT' }), 'retryable'],
    ['a DNS hiccup', error({ code: 'EAI_AGAIN' }), 'retryable'],
    ['the SDK\'s request timeout', error({ name: 'TimeoutError' }), 'retryable'],
    ['an invalid request', error({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } }), 'fatal'],
    ['missing permissions', error({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }), 'fatal'],
    ['a missing table', error({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } }), 'fatal'],
    ['an item too large', error({ name: 'ItemCollectionSizeLimitExceededException', $metadata: { httpStatusCode: 400 } }), 'fatal'],
    ['a bug', new TypeError('x is undefined'), 'fatal'],
    ['an abort', error({ name: 'AbortError' }), 'fatal'],
    ['something thrown that is not an Error', 'ECONNRESET', 'fatal'],
  ])('%s: %s', (_, thrown, kind) => {
    expect(classifyError(thrown)).toBe(kind);
  });
});

describe('backoffDelay', () => {
  test('full jitter below a ceiling that doubles with each retry, up to the cap', () => {
    const backoff = { baseMs: 10, capMs: 100 };
    const ceiling = (retry: number) => backoffDelay(backoff, retry, () => 1);
    expect([1, 2, 3, 4, 5, 6, 50, 5000].map(ceiling)).toEqual([10, 20, 40, 80, 100, 100, 100, 100]);
    expect(backoffDelay(backoff, 3, () => 0)).toBe(0);
    expect(backoffDelay(backoff, 3, () => 0.5)).toBe(20);
  });

  test('errors back off up to the cap', () => {
    expect(backoffDelay(ERROR_BACKOFF, 100, () => 1)).toBe(ERROR_BACKOFF.capMs);
    for (let retry = 1; retry < 40; retry++) {
      const delay = backoffDelay(ERROR_BACKOFF, retry);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(ERROR_BACKOFF.capMs);
    }
  });
});

describe('isUnstorableNumber', () => {
  test.each([
    ['Number overflow. Attempting to store a number with magnitude larger than supported range', true],
    ['Number underflow. Attempting to store a number with magnitude smaller than supported range', true],
    ['Attempting to store more than 38 significant digits in a Number', true],
    ['One or more parameter values were invalid: Missing the key key in the item', false],
  ])('a ValidationException saying %s: %s', (message, unstorable) => {
    expect(isUnstorableNumber(error({ name: 'ValidationException', message }))).toBe(unstorable);
  });

  test('only a ValidationException', () => {
    expect(isUnstorableNumber(error({ name: 'InternalServerError', message: 'Number overflow' }))).toBe(false);
  });
});

describe('retryUntil', () => {
  const fast = { baseMs: 1, capMs: 2 };

  test('tries again after retryable errors, and tells of each retry', async () => {
    let calls = 0;
    let retries = 0;
    const result = await retryUntil(Date.now() + 5_000, fast, async () => {
      if (++calls < 4) {
        throw error({ name: 'ThrottlingException' });
      }
      return 'done';
    }, () => retries++);
    expect([result, calls, retries]).toEqual(['done', 4, 3]);
  });

  test('rejects at once on an error no retry cures, and at the deadline on one that keeps coming', async () => {
    const fatal = error({ name: 'AccessDeniedException' });
    let calls = 0;
    await expect(retryUntil(Date.now() + 5_000, fast, async () => {
      calls++;
      throw fatal;
    })).rejects.toBe(fatal);
    expect(calls).toBe(1);
    await expect(retryUntil(Date.now() + 30, fast, async () => {
      throw error({ name: 'ThrottlingException' });
    })).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});
