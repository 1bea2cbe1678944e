import { Duration } from 'aws-cdk-lib';
import { dmsProps } from './dms-fixtures';
import { DmsPartitionBy, DmsProducer, DmsProducerProps, StreamingIngest } from '../../../src';
import { testStack } from '../../app-fixture';
import { expectInputError } from '../../input-errors';

function build(overrides: Partial<DmsProducerProps>): void {
  const stack = testStack();
  const ingest = new StreamingIngest(stack, 'Orders');
  new DmsProducer(stack, 'Cdc', dmsProps(ingest, overrides));
}

const P = 'TestStack/Cdc: ';

test.each<[string, Partial<DmsProducerProps>, string]>([
  ['an endpoint ARN of another kind', { sourceEndpointArn: 'arn:aws:dms:us-east-1:111111111111:rep:ABC' },
    '`sourceEndpointArn` must be a DMS endpoint ARN (arn:<partition>:dms:<region>:<account>:endpoint:<id>), '
    + 'got "arn:aws:dms:us-east-1:111111111111:rep:ABC"'],
  ['an instance name instead of its ARN', { replicationInstanceArn: 'my-instance' },
    '`replicationInstanceArn` must be a DMS replication instance ARN (arn:<partition>:dms:<region>:<account>:rep:<id>), got "my-instance"'],
  ['no tables', { tables: [] },
    '`tables` must list at least one table (e.g. `{ schemaName: \'sales\', tableName: \'orders\' }`), got none'],
  ['an empty table name', { tables: [{ schemaName: 'sales', tableName: ' ' }] },
    '`tables[0].tableName` must be a name or a pattern with %, got " "'],
  ['a table twice', { tables: [{ schemaName: 'sales', tableName: 'orders' }, { schemaName: 'sales', tableName: 'orders' }] },
    '`tables` lists sales.orders twice (at 1): list each table or pattern once'],
  ['a task identifier with two hyphens', { taskIdentifier: 'orders--cdc' },
    '`taskIdentifier` must be 1-255 letters, digits or hyphens, start with a letter, and neither end with a hyphen nor '
    + 'contain two in a row, got "orders--cdc"'],
  ['a task identifier starting with a digit', { taskIdentifier: '1orders' },
    '`taskIdentifier` must be 1-255 letters, digits or hyphens, start with a letter, and neither end with a hyphen nor '
    + 'contain two in a row, got "1orders"'],
  ['a latency objective under a minute', { latencyObjective: Duration.seconds(30) },
    '`latencyObjective` must be between 60 and 86400 seconds, got 30'],
  ['a fractional number of keys', { distinctKeys: 2.5 }, '`distinctKeys` must be an integer between 1 and 9007199254740991, got 2.5'],
  ['a key share above 1', { hottestKeyShare: 1.5 }, '`hottestKeyShare` must be a finite number greater than 0 and at most 1, got 1.5'],
  ['a key share below an even one', { distinctKeys: 4, hottestKeyShare: 0.1 },
    '`hottestKeyShare` must be at least 1/4 (the busiest of 4 keys carries at least an even share), got 0.1'],
  ['a key share below an even one of the tables', {
    partitionBy: DmsPartitionBy.SCHEMA_TABLE,
    hottestKeyShare: 0.2,
    tables: [{ schemaName: 'sales', tableName: 'orders' }, { schemaName: 'sales', tableName: 'refunds' }],
  }, '`hottestKeyShare` must be at least 1/2 (the busiest of 2 keys carries at least an even share), got 0.2'],
  ['no records', { recordsPerSecond: 0 }, '`recordsPerSecond` must be a finite number of records/s greater than 0, got 0'],
])('%s is refused', (_, overrides, message) => {
  expectInputError(() => build(overrides), P + message);
});
