import { Validations } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { dmsProps } from './dms-fixtures';
import { DmsPartitionBy, DmsProducer, StreamingIngest, StreamSource } from '../../../src';
import { nagFindings, withValidationOn } from '../../nag-findings';

withValidationOn();

describe('DmsProducer: cdk-nag AwsSolutions and CloudFormation validation', () => {
  test('started after deploy, on a StreamingIngest: no findings', () => {
    expect(nagFindings(stack => {
      const ingest = new StreamingIngest(stack, 'Orders');
      new DmsProducer(stack, 'Cdc', dmsProps(ingest));
    })).toEqual([]);
  });

  test('left to the user, keyed by table, on an imported stream with a customer key: no findings', () => {
    expect(nagFindings(stack => {
      const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
      const stream = new kinesis.Stream(stack, 'Stream', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: key });
      Validations.of(stream).acknowledge({ id: 'AwsSolutions-KDS3', reason: 'A test fixture: only the producer\'s findings are under test.' });
      new DmsProducer(stack, 'Cdc', dmsProps(StreamSource.fromStream(stream), {
        startAfterDeploy: false, partitionBy: DmsPartitionBy.SCHEMA_TABLE, recordsPerSecond: 100,
      }));
    })).toEqual([]);
  });
});
