/**
 * Entry of `AggregateToTable`'s function: a Kinesis event source mapping with a tumbling
 * window invokes it; it merges each window's aggregates into one item per key.
 *
 * Everything is set up once per cold start: the config is parsed and checked (a broken
 * one fails the init, loudly), the record paths compiled, the clients created. Lambda
 * calls it with the event and its context, whose remaining time bounds its writes.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { AGGREGATE_CONFIG_ENV, AGGREGATE_FAILURE_BUCKET_ENV, AGGREGATE_TABLE_ENV } from './aggregate/aggregate-config';
import { AggregateWriter } from './aggregate/aggregate-writer';
import { parseConfig } from './aggregate/compiled-config';
import { S3FailureStore } from './aggregate/failure-store';
import { createHandler } from './aggregate/handler';
import { ProgressStore } from './aggregate/progress-store';
import { WindowAggregator } from './aggregate/window-aggregator';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`the ${name} environment variable is not set`);
  }
  return value;
}

const tableName = required(AGGREGATE_TABLE_ENV);
const bucket = required(AGGREGATE_FAILURE_BUCKET_ENV);
const compiled = parseConfig(process.env[AGGREGATE_CONFIG_ENV]);
const dynamodb = new DynamoDBClient({});
const failures = new S3FailureStore(new S3Client({}), bucket, compiled.config.failurePrefix);

export const handler = createHandler({
  aggregator: new WindowAggregator(compiled),
  writer: new AggregateWriter(dynamodb, tableName, compiled, failures),
  progress: new ProgressStore(dynamodb, tableName),
  failures,
  maxBatchSize: compiled.config.maxBatchSize,
  expireAfterSeconds: compiled.config.expireAfterSeconds,
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
});
