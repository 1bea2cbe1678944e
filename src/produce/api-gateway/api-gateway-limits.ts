/**
 * Limits of API Gateway and of the Kinesis calls it makes for a producer.
 *
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
 */
export const ApiGatewayLimits = {
  /** Records in one `PutRecords` call. */
  MAX_RECORDS_PER_BATCH: 500,
  /** Characters of a partition key (Unicode). */
  MAX_KEY_CHARS: 256,
  /** Default account quota per Region, shared by every API: steady requests per second. */
  ACCOUNT_RATE_LIMIT: 10_000,
  /** Default account quota per Region: the token bucket's size (burst). */
  ACCOUNT_BURST_LIMIT: 5_000,
  /** REST API integration timeout by default, the ceiling of a sensible latency objective. */
  INTEGRATION_TIMEOUT_MS: 29_000,
} as const;
