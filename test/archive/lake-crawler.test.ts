import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { directPutLake, expectInputError, getAtt, LAKE, logicalId, orderPlaced, ref } from './archive-helpers';
import { ArchiveFormat, ArchiveToLake } from '../../src/archive';
import { testStack } from '../app-fixture';

const CRAWLER = 'AWS::Glue::Crawler';
const SECURITY = 'AWS::Glue::SecurityConfiguration';
const parquet = () => ArchiveFormat.parquet(orderPlaced());

describe('the optional crawler', () => {
  test('none by default: Athena reads the partitions through projection', () => {
    const { template, lake } = directPutLake({ format: parquet() });

    template().resourceCountIs(CRAWLER, 0);
    expect(lake.crawlerName).toBeUndefined();
  });

  test('crawls the lake\'s own table, adds partitions only, never changes the declared schema, hourly', () => {
    const { template, lake } = directPutLake({ format: parquet(), databaseName: 'orders', crawler: true });

    template().hasResource(CRAWLER, {
      Properties: {
        Role: getAtt(lake.node.findChild('CrawlerRole'), 'Arn'),
        DatabaseName: 'orders',
        Targets: { CatalogTargets: [{ DatabaseName: 'orders', Tables: ['order_placed'] }] },
        SchemaChangePolicy: { UpdateBehavior: 'LOG', DeleteBehavior: 'LOG' },
        Configuration: JSON.stringify({ Version: 1, CrawlerOutput: { Partitions: { AddOrUpdateBehavior: 'InheritFromTable' } } }),
        CrawlerSecurityConfiguration: Match.anyValue(),
        Schedule: { ScheduleExpression: 'cron(15 * * * ? *)' },
      },
      DependsOn: Match.arrayWith([logicalId(lake.node.findChild('CrawlerSecurity')), logicalId(lake.node.findChild('Table'))]),
    });
    expect(lake.crawlerName).toBeDefined();
  });

  test('its logs are encrypted with a new rotating key that CloudWatch Logs may use', () => {
    const { template, lake } = directPutLake({ format: parquet(), crawler: true });
    const key = lake.node.findChild('CrawlerLogsKey');

    template().hasResourceProperties(SECURITY, {
      EncryptionConfiguration: {
        CloudWatchEncryption: { CloudWatchEncryptionMode: 'SSE-KMS', KmsKeyArn: getAtt(key, 'Arn') },
        S3Encryptions: [{ S3EncryptionMode: 'SSE-S3' }],
        JobBookmarksEncryption: { JobBookmarksEncryptionMode: 'DISABLED' },
      },
    });
    template().hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        })]),
      },
    });
  });

  test('its role: the Glue service role, read on the events folder only', () => {
    const { template, lake } = directPutLake({ format: parquet(), crawler: true });

    template().hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'glue.amazonaws.com' } })] }),
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSGlueServiceRole']] }],
    });
    template().hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(lake.node.findChild('CrawlerRole'))],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
          Resource: [getAtt(lake.bucket, 'Arn'), { 'Fn::Join': ['', [getAtt(lake.bucket, 'Arn'), '/events/*']] }],
        })]),
      },
    });
  });

  // Glue's encryption setup: a crawler writing KMS-encrypted logs associates the key with its log group.
  test('its role may associate the logs key with the crawlers\' log groups, which AWSGlueServiceRole does not allow', () => {
    const { template, lake } = directPutLake({ format: parquet(), crawler: true });
    const role = lake.node.findChild('CrawlerRole');

    template().hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(role)],
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: 'logs:AssociateKmsKey',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:/aws-glue/crawlers*']] },
        }]),
      },
    });
  });

  test('the crawler waits for its role\'s policy', () => {
    const { template, lake } = directPutLake({ format: parquet(), crawler: true });
    const policy = logicalId(lake.node.findChild('CrawlerRole').node.findChild('DefaultPolicy'));

    expect(Object.values(template().findResources(CRAWLER))[0].DependsOn).toContain(policy);
  });

  test('crawlerSchedule sets when it runs', () => {
    const { template } = directPutLake({ format: parquet(), crawler: true, crawlerSchedule: 'cron(0 2 * * ? *)' });

    template().hasResourceProperties(CRAWLER, { Schedule: { ScheduleExpression: 'cron(0 2 * * ? *)' } });
  });

  test.each<[string, object, string]>([
    ['a JSON lake', { crawler: true }, '`crawler` registers the partitions of a Parquet lake\'s table; this one stores JSON'],
    ['a schedule without a crawler', { format: parquet(), crawlerSchedule: 'cron(0 2 * * ? *)' },
      '`crawlerSchedule` applies to the crawler, and `crawler` is not set'],
    ['a schedule that is not a Glue cron', { format: parquet(), crawler: true, crawlerSchedule: 'rate(1 hour)' },
      '`crawlerSchedule` must be a Glue cron expression of six fields, like \'cron(15 * * * ? *)\', got \'rate(1 hour)\''],
    ['a cron of five fields', { format: parquet(), crawler: true, crawlerSchedule: 'cron(0 2 * * ?)' },
      '`crawlerSchedule` must be a Glue cron expression of six fields, like \'cron(15 * * * ? *)\', got \'cron(0 2 * * ?)\''],
  ])('refused: %s', (_name, props, message) => {
    expectInputError(() => directPutLake(props), `${LAKE}: ${message}`);
  });

  test('with encryptionKey, the lake\'s key encrypts the crawler\'s logs: no new key', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'LakeKey', { enableKeyRotation: true });
    const lake = new ArchiveToLake(stack, 'Archive', { format: parquet(), crawler: true, encryptionKey: key });
    const template = Template.fromStack(stack);

    expect(lake.node.tryFindChild('CrawlerLogsKey')).toBeUndefined();
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties(SECURITY, {
      EncryptionConfiguration: Match.objectLike({
        CloudWatchEncryption: { CloudWatchEncryptionMode: 'SSE-KMS', KmsKeyArn: getAtt(key, 'Arn') },
      }),
    });
  });
});
