/**
 * AWS Lambda list prices in USD, used to price the functions that read a pipeline's
 * streams. Defaults are us-east-1's first tier; the monthly free tier is not deducted.
 *
 * @see https://aws.amazon.com/lambda/pricing/
 */
export interface LambdaPriceList {
  /**
   * Price of one GB-second of compute on x86_64.
   * @default 0.0000166667
   */
  readonly x86ComputePerGbSecondUsd?: number;

  /**
   * Price of one GB-second of compute on arm64 (Graviton).
   * @default 0.0000133334
   */
  readonly armComputePerGbSecondUsd?: number;

  /**
   * Price of one million invocations.
   * @default 0.20
   */
  readonly requestsPerMillionUsd?: number;
}

/**
 * Amazon S3 and Amazon DynamoDB list prices in USD, used to price what a pipeline stores.
 * Defaults are us-east-1's.
 *
 * @see https://aws.amazon.com/s3/pricing/
 * @see https://aws.amazon.com/dynamodb/pricing/on-demand/
 */
export interface StoragePriceList {
  /**
   * S3 Standard: price of one GB stored for a month (first 50 TB).
   * @default 0.023
   */
  readonly s3StandardPerGbMonthUsd?: number;

  /**
   * DynamoDB on-demand: price of one million write request units (one standard write of
   * up to 1 KB each), as cut by half in November 2024.
   * @default 0.625
   */
  readonly dynamoDbWriteRequestUnitsPerMillionUsd?: number;
}
