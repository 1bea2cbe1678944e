import { App, Stack, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { orderPlaced } from './archive-helpers';
import { StreamingIngest } from '../../src';
import { ArchiveFormat, ArchiveToLake, ArchiveToLakeProps } from '../../src/archive';
import { testApp } from '../app-fixture';
import { reportedFindings, withValidationOn } from '../nag-findings';

// These tests run the checks no one here wrote, as `npm run plan` does.
withValidationOn();

/** An app with the built-in CloudFormation validation and cdk-nag AwsSolutions, as examples/reference-app.ts builds it. */
function checkedApp(): { app: App; stack: Stack } {
  const app = testApp({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'Lakes', { env: { account: '111111111111', region: 'us-east-1' } });
  return { app, stack };
}

/** A bucket for the lakes' server access logs: it cannot log to itself, which is acknowledged with the reason. */
function accessLogsBucket(stack: Stack): s3.Bucket {
  const logs = new s3.Bucket(stack, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  });
  Validations.of(logs).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'The access-logs bucket receives the lakes\' server access logs; logging it to itself would loop.',
  });
  return logs;
}

describe('lakes under cdk-nag AwsSolutions and the CloudFormation validation', () => {
  test('a Kinesis-sourced partitioned Parquet lake with a workgroup and a crawler, and a direct-PUT JSON lake, pass with no finding', () => {
    const { app, stack } = checkedApp();
    const logs = accessLogsBucket(stack);
    const ingest = new StreamingIngest(stack, 'Orders');
    new ArchiveToLake(stack, 'OrdersLake', {
      source: ingest,
      format: ArchiveFormat.parquet(orderPlaced()),
      partitionBy: ['customerId', 'device.type'],
      athenaWorkgroup: true,
      crawler: true,
      accessLogsBucket: logs,
    });
    new ArchiveToLake(stack, 'ClicksLake', { accessLogsBucket: logs });

    expect(() => app.synth()).not.toThrow();
    expect(reportedFindings(app)).toEqual([]);
  });

  test('a lake with its own key, custom folders and partitionBy passes: only its object-folder wildcards are acknowledged', () => {
    const { app, stack } = checkedApp();
    new ArchiveToLake(stack, 'KeyedLake', {
      source: new StreamingIngest(stack, 'Orders'),
      encryptionKey: new kms.Key(stack, 'LakeKey', { enableKeyRotation: true }),
      prefix: 'lake/orders/',
      errorPrefix: 'lake/failed/',
      partitionBy: ['customerId'],
      accessLogsBucket: accessLogsBucket(stack),
    });

    expect(() => app.synth()).not.toThrow();
    expect(reportedFindings(app)).toEqual([]);
  });

  test.each<[string, (stack: Stack) => ArchiveToLakeProps]>([
    ['of a stream, Parquet', stack => ({ source: new StreamingIngest(stack, 'Orders'), format: ArchiveFormat.parquet(orderPlaced()) })],
    ['direct PUT, JSON', () => ({})],
  ])('a lake %s without accessLogsBucket is flagged AwsSolutions-S1: the acknowledgements are not blanket', (_name, props) => {
    const { app, stack } = checkedApp();
    new ArchiveToLake(stack, 'Lake', props(stack));

    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
    expect(reportedFindings(app)).toEqual(['AwsSolutions: AwsSolutions-S1']);
  });
});
