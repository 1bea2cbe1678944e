import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { directPutLake, getAtt, lakeOfIngest, orderPlaced, ref } from './archive-helpers';
import { ArchiveFormat, ArchiveToLake } from '../../src/archive';
import { testStack } from '../app-fixture';

const WORKGROUP = 'AWS::Athena::WorkGroup';
const BUCKET = 'AWS::S3::Bucket';
/** The rule every lake bucket has, in the order of its properties. */
const OLD_AND_NONCURRENT = {
  Id: 'OldAndNoncurrentObjects',
  Status: 'Enabled',
  Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 30 }],
  NoncurrentVersionExpiration: { NoncurrentDays: 30 },
  AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
};

describe('athenaWorkgroup', () => {
  test('an enforced workgroup writes query results into the lake bucket under athena-results/, SSE-S3 encrypted', () => {
    const { lake, template } = lakeOfIngest({ format: ArchiveFormat.parquet(orderPlaced()), athenaWorkgroup: true });

    template().resourceCountIs(WORKGROUP, 1);
    template().hasResourceProperties(WORKGROUP, {
      Name: lake.workgroupName,
      State: 'ENABLED',
      Description: { 'Fn::Join': ['', ['Queries the lake in ', ref(lake.bucket)]] },
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        ResultConfiguration: {
          OutputLocation: { 'Fn::Join': ['', ['s3://', ref(lake.bucket), '/athena-results/']] },
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      },
    });
  });

  test('deleting the stack deletes the workgroup with its saved queries and history (RecursiveDeleteOption)', () => {
    const { template } = directPutLake({ athenaWorkgroup: true });

    template().hasResourceProperties(WORKGROUP, { RecursiveDeleteOption: true });
  });

  test('the lake bucket it creates expires query results under athena-results/ after 30 days', () => {
    const { template } = directPutLake({ athenaWorkgroup: true });

    template().resourceCountIs(BUCKET, 1);
    template().hasResourceProperties(BUCKET, {
      LifecycleConfiguration: {
        Rules: [
          OLD_AND_NONCURRENT,
          { Id: 'AthenaResults', Status: 'Enabled', Prefix: 'athena-results/', ExpirationInDays: 30 },
        ],
      },
    });
  });

  test.each<[string, boolean | undefined]>([
    ['athenaWorkgroup false', false],
    ['athenaWorkgroup not given', undefined],
  ])('%s: no AthenaResults rule, and no workgroup', (_name, athenaWorkgroup) => {
    const { template } = directPutLake({ athenaWorkgroup });

    template().resourceCountIs(WORKGROUP, 0);
    template().hasResourceProperties(BUCKET, { LifecycleConfiguration: { Rules: [OLD_AND_NONCURRENT] } });
  });

  test('a user bucket is left as it is: the workgroup writes into it, no lifecycle rule is added', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'MyLake');
    new ArchiveToLake(stack, 'Archive', { bucket, athenaWorkgroup: true });
    const template = Template.fromStack(stack);

    template.resourceCountIs(BUCKET, 1);
    template.hasResourceProperties(BUCKET, { LifecycleConfiguration: Match.absent() });
    template.hasResourceProperties(WORKGROUP, {
      WorkGroupConfiguration: Match.objectLike({
        ResultConfiguration: Match.objectLike({ OutputLocation: { 'Fn::Join': ['', ['s3://', ref(bucket), '/athena-results/']] } }),
      }),
    });
  });

  test('with encryptionKey: SSE-KMS with the lake\'s key', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'LakeKey');
    const lake = new ArchiveToLake(stack, 'Archive', { encryptionKey: key, athenaWorkgroup: true });

    Template.fromStack(stack).hasResourceProperties(WORKGROUP, {
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        ResultConfiguration: {
          OutputLocation: { 'Fn::Join': ['', ['s3://', ref(lake.bucket), '/athena-results/']] },
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: getAtt(key, 'Arn') },
        },
      },
    });
  });

  test('with a user bucket encrypted by its own key: SSE-KMS with that key, so a policy requiring it holds', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'BucketKey');
    const bucket = new s3.Bucket(stack, 'Lake', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
    new ArchiveToLake(stack, 'Archive', { bucket, athenaWorkgroup: true });

    Template.fromStack(stack).hasResourceProperties(WORKGROUP, {
      WorkGroupConfiguration: Match.objectLike({
        ResultConfiguration: Match.objectLike({
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: getAtt(key, 'Arn') },
        }),
      }),
    });
  });

  test.each<[string, (stack: Stack) => s3.IBucket, (bucket: s3.IBucket) => unknown]>([
    ['an s3.Bucket', stack => new s3.Bucket(stack, 'MyLake'), bucket => ({ 'Fn::Join': ['', ['s3://', ref(bucket), '/athena-results/']] })],
    ['a bucket imported by ARN', stack => s3.Bucket.fromBucketArn(stack, 'MyLake', 'arn:aws:s3:::my-lake'), () => 's3://my-lake/athena-results/'],
  ])('with encryptionKey and a user bucket (%s): SSE-KMS with the lake\'s key', (_name, bucket, outputLocation) => {
    const stack = testStack();
    const key = new kms.Key(stack, 'LakeKey');
    const lake = new ArchiveToLake(stack, 'Archive', { bucket: bucket(stack), encryptionKey: key, athenaWorkgroup: true });

    Template.fromStack(stack).hasResourceProperties(WORKGROUP, {
      WorkGroupConfiguration: Match.objectLike({
        ResultConfiguration: {
          OutputLocation: outputLocation(lake.bucket),
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: getAtt(key, 'Arn') },
        },
      }),
    });
  });

  test('with encryptionKey and a user bucket encrypted by another key: the lake\'s key', () => {
    const stack = testStack();
    const bucketKey = new kms.Key(stack, 'BucketKey');
    const lakeKey = new kms.Key(stack, 'LakeKey');
    const bucket = new s3.Bucket(stack, 'Lake', { encryption: s3.BucketEncryption.KMS, encryptionKey: bucketKey });
    new ArchiveToLake(stack, 'Archive', { bucket, encryptionKey: lakeKey, athenaWorkgroup: true });

    Template.fromStack(stack).hasResourceProperties(WORKGROUP, {
      WorkGroupConfiguration: Match.objectLike({
        ResultConfiguration: Match.objectLike({
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: getAtt(lakeKey, 'Arn') },
        }),
      }),
    });
  });

  test('workgroupName is unique in the app and derived from the construct path', () => {
    const stack = testStack();
    const team = new Construct(stack, 'Orders-Team');
    const first = new ArchiveToLake(team, 'Lake', { athenaWorkgroup: true });
    const second = new ArchiveToLake(stack, 'Lake', { athenaWorkgroup: true });

    expect(first.workgroupName).toMatch(/^TestStack-OrdersTeam-Lake-[0-9A-F]{8}$/);
    expect(second.workgroupName).toMatch(/^TestStack-Lake-[0-9A-F]{8}$/);
    Template.fromStack(stack).resourceCountIs(WORKGROUP, 2);
  });

  test('not by default', () => {
    const { lake, template } = directPutLake();

    template().resourceCountIs(WORKGROUP, 0);
    expect(lake.workgroupName).toBeUndefined();
  });
});
