/**
 * Entry of `AggregateToTable`'s function: a Kinesis event source mapping with a tumbling
 * window invokes it, and on each window's final invocation it writes one item per key.
 *
 * Everything is set up once per cold start: the config is parsed and checked (a broken
 * one fails the init, loudly), the record paths compiled, the client created. Lambda
 * calls it with the event and its context, whose remaining time bounds the final flush.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AGGREGATE_CONFIG_ENV, AGGREGATE_TABLE_ENV } from './aggregate/aggregate-config';
import { AggregateWriter } from './aggregate/aggregate-writer';
import { parseConfig } from './aggregate/compiled-config';
import { createHandler } from './aggregate/handler';
import { WindowAggregator } from './aggregate/window-aggregator';

const tableName = process.env[AGGREGATE_TABLE_ENV];
if (!tableName) {
  throw new Error(`the ${AGGREGATE_TABLE_ENV} environment variable is not set`);
}
const compiled = parseConfig(process.env[AGGREGATE_CONFIG_ENV]);

export const handler = createHandler(
  new WindowAggregator(compiled),
  new AggregateWriter(new DynamoDBClient({}), tableName, compiled),
);
