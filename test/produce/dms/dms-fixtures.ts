import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DmsProducer, DmsProducerProps, IStreamSource, StreamingIngest } from '../../../src';
import { testStack } from '../../app-fixture';

export const SOURCE_ENDPOINT_ARN = 'arn:aws:dms:us-east-1:111111111111:endpoint:SRCENDPOINTABCDEFGHIJKLMNOP';
export const INSTANCE_ARN = 'arn:aws:dms:us-east-1:111111111111:rep:INSTANCEABCDEFGHIJKLMNOPQR';

/** Props of a producer writing `sales.orders` at 200 records/s, with `overrides`. */
export function dmsProps(source: IStreamSource, overrides: Partial<DmsProducerProps> = {}): DmsProducerProps {
  return {
    source,
    recordsPerSecond: 200,
    sourceEndpointArn: SOURCE_ENDPOINT_ARN,
    replicationInstanceArn: INSTANCE_ARN,
    tables: [{ schemaName: 'sales', tableName: 'orders' }],
    ...overrides,
  };
}

/** A stream 'Orders' (a `StreamingIngest`) and a producer 'Cdc' writing to it. */
export function dmsProducer(overrides: Partial<DmsProducerProps> = {}, stack: Stack = testStack()) {
  const ingest = new StreamingIngest(stack, 'Orders', { workload: { ingestMibPerSecond: 0.1, averageRecordBytes: 500 } });
  const producer = new DmsProducer(stack, 'Cdc', dmsProps(ingest, overrides));
  return { stack, ingest, producer, template: () => Template.fromStack(stack) };
}

/** The template value of a resource's reference. */
export function ref(stack: Stack, construct: { ref?: string }): unknown {
  return stack.resolve(construct.ref);
}
