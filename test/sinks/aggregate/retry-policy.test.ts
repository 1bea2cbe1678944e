import { backoffDelay, classifyError, CONFLICT_BACKOFF, ERROR_BACKOFF, ErrorKind } from '../../../src/sinks/aggregate/retry-policy';

function error(fields: Record<string, unknown>): Error {
  return Object.assign(new Error('message'), fields);
}

describe('classifyError', () => {
  test.each<[string, unknown, ErrorKind]>([
    ['a lost race for the item', error({ name: 'ConditionalCheckFailedException', $metadata: { httpStatusCode: 400 } }), 'conflict'],
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

  test('conflicts back off briefly, errors longer', () => {
    expect(backoffDelay(CONFLICT_BACKOFF, 100, () => 1)).toBeLessThanOrEqual(250);
    expect(backoffDelay(ERROR_BACKOFF, 100, () => 1)).toBe(ERROR_BACKOFF.capMs);
    for (let retry = 1; retry < 40; retry++) {
      const delay = backoffDelay(ERROR_BACKOFF, retry);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(ERROR_BACKOFF.capMs);
    }
  });
});
