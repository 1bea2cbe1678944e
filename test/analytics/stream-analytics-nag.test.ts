import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { bucketCode, kafkaTopic } from './analytics-fixtures';
import { AnalyticsSink, ApplicationCode, StreamAnalytics, StreamingIngest, StreamReadMode } from '../../src';
import { SchemaRegistry } from '../../src/schema';
import { nagFindings, withValidationOn } from '../nag-findings';
import { ping } from '../schema/schema-fixtures';

withValidationOn();

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));

/** Acknowledges findings of a test fixture (not of the library), so that only the application's remain. */
function fixture(construct: IConstruct, ids: string[]): void {
  for (const id of ids) {
    Validations.of(construct).acknowledge({ id, reason: 'A test fixture: only the Managed Flink application\'s findings are under test.' });
  }
}

/** A Kafka-source application writing to a stream (a `StreamingIngest`), a keyed stream, a bucket, a keyed table and a domain. */
function kafkaApplication(stack: Stack, options: { flowLog: boolean }): void {
  const { vpc, topic } = kafkaTopic(stack);
  if (options.flowLog) {
    vpc.addFlowLog('FlowLog');
  }
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const windows = new StreamingIngest(stack, 'Windows');
  const alerts = new kinesis.Stream(stack, 'Alerts', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: key });
  fixture(alerts, ['AwsSolutions-KDS3']);
  const lake = new s3.Bucket(stack, 'Lake', { enforceSSL: true });
  fixture(lake, ['AwsSolutions-S1']);
  const table = new dynamodb.Table(stack, 'Table', {
    partitionKey: { name: 'store_id', type: dynamodb.AttributeType.STRING },
    encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  const domain = new opensearch.Domain(stack, 'Search', {
    version: opensearch.EngineVersion.OPENSEARCH_2_17,
    nodeToNodeEncryption: true,
    encryptionAtRest: { enabled: true },
    enforceHttps: true,
  });
  fixture(domain, [
    'AwsSolutions-OS1', 'AwsSolutions-OS3', 'AwsSolutions-OS4', 'AwsSolutions-OS5', 'AwsSolutions-OS7',
    'AwsSolutions-OS9[LogExport::SEARCH_SLOW_LOGS]', 'AwsSolutions-OS9[LogExport::INDEX_SLOW_LOGS]',
  ]);
  new StreamAnalytics(stack, 'Job', {
    source: topic,
    readerName: 'windows',
    code: bucketCode(stack),
    sinks: [
      AnalyticsSink.toIngest(windows),
      AnalyticsSink.toStream(alerts, { name: 'alerts' }),
      AnalyticsSink.toBucket(lake, { prefix: 'windows/' }),
      AnalyticsSink.toTable(table),
      AnalyticsSink.toDomain(domain, { index: 'order-windows' }),
    ],
  });
}

describe('StreamAnalytics under cdk-nag AwsSolutions and the built-in CloudFormation validation', () => {
  test('a Kafka-source application with every kind of sink synthesizes with no finding', () => {
    expect(nagFindings(stack => kafkaApplication(stack, { flowLog: true }))).toEqual([]);
  });

  test('the checks run on that stack: its fixture\'s own finding is reported, and only that', () => {
    expect(nagFindings(stack => kafkaApplication(stack, { flowLog: false }))).toEqual(['AwsSolutions: AwsSolutions-VPC7']);
  });

  test('a Kinesis-source application with a schema, enhanced fan-out, code from an asset and a bucket sink synthesizes with no finding', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-flink-job-'));
    tempDirs.push(dir);
    fs.writeFileSync(path.join(dir, 'job.jar'), 'not really a jar');

    expect(nagFindings(stack => {
      const schema = new SchemaRegistry(stack, 'Registry').addSchema('Orders', { schema: ping() });
      const orders = new StreamingIngest(stack, 'Orders', { schema, workload: { ingestMibPerSecond: 1 } });
      const lake = new s3.Bucket(stack, 'Lake', { enforceSSL: true });
      fixture(lake, ['AwsSolutions-S1']);
      new StreamAnalytics(stack, 'Job', {
        source: orders,
        readMode: StreamReadMode.ENHANCED_FAN_OUT,
        code: ApplicationCode.fromAsset(path.join(dir, 'job.jar')),
        sinks: [AnalyticsSink.toBucket(lake)],
      });
    })).toEqual([]);
  });
});
