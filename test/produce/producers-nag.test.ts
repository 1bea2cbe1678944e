import { Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { EventBridgeProducer, IotRuleProducer, PartitionKey, StreamingIngest } from '../../src';
import { nagFindings, withValidationOn } from '../nag-findings';

withValidationOn();

describe('the IoT and EventBridge producers under cdk-nag AwsSolutions and the built-in CloudFormation validation', () => {
  test('both on one stream, with their defaults: no finding left (S1, IAM5 on the error objects and SQS3 acknowledged with reasons)', () => {
    expect(nagFindings(stack => {
      const ingest = new StreamingIngest(stack, 'Ingest', { workload: { ingestMibPerSecond: 2, ingestRecordsPerSecond: 2_000 } });
      new IotRuleProducer(stack, 'Telemetry', {
        source: ingest, topicFilter: 'devices/+/telemetry', partitionKey: PartitionKey.field('deviceId'), recordsPerSecond: 1_000,
      });
      new EventBridgeProducer(stack, 'Orders', {
        source: ingest, eventPattern: { source: ['shop.orders'] }, partitionKey: PartitionKey.field('detail.customerId'), recordsPerSecond: 500,
      });
    })).toEqual([]);
  });

  test('with keys of the app on the stream, the failure bucket and a queue of yours: no finding left (IAM5 on the stream key\'s encrypt grant acknowledged)', () => {
    expect(nagFindings(stack => {
      const ingest = new StreamingIngest(stack, 'Ingest', {
        workload: { ingestMibPerSecond: 2, ingestRecordsPerSecond: 2_000 }, encryptionKey: new kms.Key(stack, 'StreamKey', { enableKeyRotation: true }),
      });
      // The stream's own finding for a customer-managed key, not the producers'.
      Validations.of(ingest.stream).acknowledge({ id: 'AwsSolutions-KDS3', reason: 'A test fixture: only the producers\' findings are under test.' });
      new IotRuleProducer(stack, 'Telemetry', {
        source: ingest,
        topicFilter: 'devices/#',
        partitionKey: PartitionKey.random(),
        recordsPerSecond: 1_000,
        failureEncryptionKey: new kms.Key(stack, 'FailureKey', { enableKeyRotation: true }),
      });
      const queueKey = new kms.Key(stack, 'QueueKey', { enableKeyRotation: true });
      const dlqOfDlq = new sqs.Queue(stack, 'Redrive', { encryptionMasterKey: queueKey, enforceSSL: true });
      new EventBridgeProducer(stack, 'Orders', {
        source: ingest,
        eventPattern: { source: ['shop.orders'] },
        recordsPerSecond: 500,
        deadLetterQueue: new sqs.Queue(stack, 'Dlq', { encryptionMasterKey: queueKey, enforceSSL: true, deadLetterQueue: { queue: dlqOfDlq, maxReceiveCount: 5 } }),
      });
    })).toEqual([]);
  });
});
