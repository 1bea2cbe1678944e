import { LambdaPriceList, StoragePriceList } from './service-price-lists';

/** us-east-1 list prices of Lambda (first tier), S3 Standard and DynamoDB on-demand. */
export const US_EAST_1_LAMBDA_PRICES: Required<LambdaPriceList> = {
  x86ComputePerGbSecondUsd: 0.0000166667,
  armComputePerGbSecondUsd: 0.0000133334,
  requestsPerMillionUsd: 0.2,
};

export const US_EAST_1_STORAGE_PRICES: Required<StoragePriceList> = {
  s3StandardPerGbMonthUsd: 0.023,
  dynamoDbWriteRequestUnitsPerMillionUsd: 0.625,
};
