import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { appCluster, appWorkgroup, CREDENTIALS_ARN, importedWorkgroup, ORDER_PLACED } from './redshift-helpers';
import { StreamingIngest } from '../../../src';
import { DeliverToRedshift, RedshiftLoadMode, RedshiftTarget } from '../../../src/sinks';
import { nagFindings, withValidationOn } from '../../nag-findings';

withValidationOn();

describe('DeliverToRedshift under cdk-nag AwsSolutions and the built-in CloudFormation validation', () => {
  test('FIREHOSE_COPY into an imported workgroup, with the table created: no finding left (KDF1 and S1 acknowledged with reasons)', () => {
    expect(nagFindings(stack => {
      new DeliverToRedshift(stack, 'Warehouse', {
        source: new StreamingIngest(stack, 'Ingest'),
        target: importedWorkgroup(),
        database: 'dev',
        tableName: 'orders',
        schema: ORDER_PLACED,
        credentials: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Credentials', CREDENTIALS_ARN),
      });
    })).toEqual([]);
  });

  test('STREAMING_INGESTION into a workgroup of the app: no finding left', () => {
    expect(nagFindings(stack => {
      const { workgroup, namespace } = appWorkgroup(stack);
      new DeliverToRedshift(stack, 'Warehouse', {
        source: new StreamingIngest(stack, 'Ingest'),
        target: RedshiftTarget.fromWorkgroup(workgroup, namespace),
        database: 'dev',
        tableName: 'orders',
        schema: ORDER_PLACED,
        mode: RedshiftLoadMode.STREAMING_INGESTION,
      });
    })).toEqual([]);
  });

  test('the checks run: a publicly accessible cluster of the app, as FIREHOSE_COPY needs, draws RS8, and only the cluster\'s own findings', () => {
    const findings = nagFindings(stack => {
      new DeliverToRedshift(stack, 'Warehouse', {
        source: new StreamingIngest(stack, 'Ingest'),
        target: RedshiftTarget.fromCluster(appCluster(stack, true)),
        database: 'dev',
        tableName: 'orders',
        schema: ORDER_PLACED,
        databaseUser: 'admin',
        credentials: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Credentials', CREDENTIALS_ARN),
      });
    });
    expect(findings).toContain('AwsSolutions: AwsSolutions-RS8');
    expect(findings.filter(f => !/AwsSolutions-RS\d+$/.test(f))).toEqual([]);
  });
});
