import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  acknowledgements, actionsOn, addAggregate, AGG, aggregateConfig, aggregateIn, expectInputError, FAILURE_PREFIX, functionRole,
  functionStatements, getAtt, logicalId, objectsArn, ref, sinkFixture,
} from './sink-helpers';

const BUCKET = 'AWS::S3::Bucket';
const FUNCTION = 'AWS::Lambda::Function';
/** How the template renders the ARN of a bucket imported by name in the test stack's partition. */
const importedArn = (name: string, keys: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${name}/${keys}`]] });

/** Every S3 and KMS action the function's policy allows, on anything, each once, sorted. */
function s3AndKmsActions(template: Template, agg: Parameters<typeof functionStatements>[1]): string[] {
  return [...new Set(functionStatements(template, agg)
    .flatMap(st => (Array.isArray(st.Action) ? st.Action : [st.Action]))
    .filter(a => a.startsWith('s3:') || a.startsWith('kms:')))].sort();
}

/** The handler's own writes and Lambda's on-failure destination writes: no read, no delete. */
const WRITES_ONLY = ['s3:ListBucket', 's3:PutObject'];

/** The AwsSolutions findings on the aggregate's own resources. */
function aggregateFindings(scope: Parameters<AwsSolutionsChecks['validateScope']>[0]): string[] {
  return new AwsSolutionsChecks().validateScope(scope).violations
    .flatMap(v => v.violatingResources.map(r => `${v.ruleName} ${r.constructPath}`))
    .filter(f => f.includes(`${AGG}/`));
}

describe('the default failure store', () => {
  test('a new bucket: versioned, S3-managed encryption, public access blocked, non-current versions kept 30 days, incomplete uploads 7, retained', () => {
    const { agg, template } = aggregateIn();

    template().resourceCountIs(BUCKET, 1);
    template().hasResource(BUCKET, {
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: {
          Rules: [
            { Id: 'NoncurrentVersions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } },
            { Id: 'IncompleteUploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
          ],
        },
        LoggingConfiguration: Match.absent(),
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(logicalId(agg.failureBucket)).toBe(logicalId(agg.node.findChild('FailureBucket')));
  });

  test('the bucket refuses requests without TLS', () => {
    const { agg, template } = aggregateIn();

    template().hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(agg.failureBucket),
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Resource: [getAtt(agg.failureBucket, 'Arn'), objectsArn(getAtt(agg.failureBucket, 'Arn'), '*')],
        }]),
      },
    });
  });

  test('the function may put objects under the prefix, and nothing else in S3', () => {
    const { agg, template } = aggregateIn();
    const statements = functionStatements(template(), agg);

    expect(actionsOn(statements, objectsArn(getAtt(agg.failureBucket, 'Arn'), `${FAILURE_PREFIX}*`))).toEqual(['s3:PutObject']);
    // Lambda's on-failure destination is the same bucket: list it and put under aws/lambda/.
    expect(actionsOn(statements, objectsArn(getAtt(agg.failureBucket, 'Arn'), 'aws/lambda/*'))).toEqual(['s3:PutObject']);
    expect(actionsOn(statements, getAtt(agg.failureBucket, 'Arn'))).toEqual(['s3:ListBucket']);
    expect(s3AndKmsActions(template(), agg)).toEqual(WRITES_ONLY);
    template().hasResourceProperties(FUNCTION, {
      Environment: { Variables: Match.objectLike({ AGGREGATE_FAILURE_BUCKET: ref(agg.failureBucket) }) },
    });
  });

  test('without accessLogsBucket, AwsSolutions-S1 is acknowledged on the bucket alone, with a reason', () => {
    const { agg } = aggregateIn();

    expect(acknowledgements(agg.failureBucket)).toEqual([
      { 'Annotation::AwsSolutions-S1': expect.stringMatching(/^Only the aggregate's function and its event source mapping .* may write to this bucket/) },
    ]);
    expect(acknowledgements(agg)).toEqual([]);
  });

  test('with accessLogsBucket, the bucket logs its requests there, and S1 is not acknowledged', () => {
    const f = sinkFixture();
    const logs = new s3.Bucket(f.stack, 'AccessLogs');
    const agg = addAggregate(f, { accessLogsBucket: logs });

    Template.fromStack(f.stack).hasResourceProperties(BUCKET, {
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: ref(logs), LogFilePrefix: 'aggregate-failures-access-logs/' },
    });
    expect(acknowledgements(agg.failureBucket)).toEqual([]);
    expect(aggregateFindings(f.stack)).toEqual([]);
  });

  test('with failureEncryptionKey, the bucket is encrypted with it, and the function may generate data keys with it only', () => {
    const f = sinkFixture();
    const key = new kms.Key(f.stack, 'FailureKey', { enableKeyRotation: true });
    const agg = addAggregate(f, { failureEncryptionKey: key });
    const template = Template.fromStack(f.stack);

    template.hasResourceProperties(BUCKET, {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt(key, 'Arn') },
          BucketKeyEnabled: true,
        }],
      },
    });
    expect(agg.failureBucket.encryptionKey).toBe(key);
    expect(actionsOn(functionStatements(template, agg), getAtt(key, 'Arn'))).toEqual(['kms:GenerateDataKey']);
    expect(s3AndKmsActions(template, agg)).toEqual(['kms:GenerateDataKey', ...WRITES_ONLY]);
  });

  test('cdk-nag AwsSolutions finds nothing in an aggregate with a KMS-encrypted failure bucket', () => {
    const f = sinkFixture();
    addAggregate(f, { failureEncryptionKey: new kms.Key(f.stack, 'FailureKey', { enableKeyRotation: true }) });

    expect(aggregateFindings(f.stack)).toEqual([]);
  });

  test('the wildcard acknowledgement is scoped: a second wildcard on the role is still found', () => {
    const { agg, stack } = aggregateIn();
    functionRole(agg).addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [agg.failureBucket.arnForObjects('*')],
    }));

    expect(aggregateFindings(stack)).toEqual([
      `AwsSolutions-IAM5[Resource::<${logicalId(agg.failureBucket)}.Arn>/*] ${AGG}/Function/ServiceRole/DefaultPolicy/Resource`,
    ]);
  });
});

describe('a given failure store', () => {
  test('a bucket of the stack and a prefix: used as given, no bucket is created, and the grant names both', () => {
    const f = sinkFixture();
    const bucket = new s3.Bucket(f.stack, 'Failures', { enforceSSL: true });
    const agg = addAggregate(f, { failureBucket: bucket, failurePrefix: 'spend/failures/' });
    const template = Template.fromStack(f.stack);

    expect(agg.failureBucket).toBe(bucket);
    expect(agg.node.tryFindChild('FailureBucket')).toBeUndefined();
    template.resourceCountIs(BUCKET, 1);
    template.hasResourceProperties(FUNCTION, { Environment: { Variables: Match.objectLike({ AGGREGATE_FAILURE_BUCKET: ref(bucket) }) } });
    expect(aggregateConfig(template, agg)).toMatchObject({ failurePrefix: 'spend/failures/' });
    expect(actionsOn(functionStatements(template, agg), objectsArn(getAtt(bucket, 'Arn'), 'spend/failures/*'))).toEqual(['s3:PutObject']);
    expect(s3AndKmsActions(template, agg)).toEqual(WRITES_ONLY);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { DestinationConfig: { OnFailure: { Destination: getAtt(bucket, 'Arn') } } });
    // The user's bucket is theirs to configure: nothing is acknowledged on it.
    expect(acknowledgements(bucket)).toEqual([]);
  });

  test('a bucket imported by name: granted by its ARN, named in the environment, and cdk-nag passes', () => {
    const f = sinkFixture();
    const bucket = s3.Bucket.fromBucketName(f.stack, 'Imported', 'my-failures');
    const agg = addAggregate(f, { failureBucket: bucket });
    const template = Template.fromStack(f.stack);

    template.resourceCountIs(BUCKET, 0);
    template.hasResourceProperties(FUNCTION, { Environment: { Variables: Match.objectLike({ AGGREGATE_FAILURE_BUCKET: 'my-failures' }) } });
    expect(actionsOn(functionStatements(template, agg), importedArn('my-failures', `${FAILURE_PREFIX}*`))).toEqual(['s3:PutObject']);
    expect(s3AndKmsActions(template, agg)).toEqual(WRITES_ONLY);
    expect(acknowledgements(functionRole(agg))).toContainEqual({
      'Annotation::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::my-failures/aggregate-failures/*]': expect.any(String),
    });
    expect(aggregateFindings(f.stack)).toEqual([]);
  });

  test('an imported bucket with its KMS key: the function may generate data keys with it', () => {
    const f = sinkFixture();
    const key = kms.Key.fromKeyArn(f.stack, 'Key', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const bucket = s3.Bucket.fromBucketAttributes(f.stack, 'Imported', { bucketName: 'my-failures', encryptionKey: key });
    const agg = addAggregate(f, { failureBucket: bucket });

    expect(actionsOn(functionStatements(Template.fromStack(f.stack), agg), key.keyArn)).toEqual(['kms:GenerateDataKey']);
  });

  test.each<[string, (f: ReturnType<typeof sinkFixture>) => object, string]>([
    ['failureEncryptionKey', f => ({ failureEncryptionKey: new kms.Key(f.stack, 'Key') }),
      '`failureEncryptionKey` applies to the failure bucket the aggregate creates: your `failureBucket` keeps its own encryption'],
    ['accessLogsBucket', f => ({ accessLogsBucket: new s3.Bucket(f.stack, 'Logs') }),
      '`accessLogsBucket` applies to the failure bucket the aggregate creates: set up access logs on your `failureBucket`'],
  ])('%s with a given failureBucket is refused: it would do nothing', (_name, options, message) => {
    const f = sinkFixture();
    const failureBucket = s3.Bucket.fromBucketName(f.stack, 'Imported', 'my-failures');

    expectInputError(() => addAggregate(f, { failureBucket, ...options(f) }), `${AGG}: ${message}`);
  });
});

describe('grantReadFailures()', () => {
  test('permits reading the objects under the prefix, and decrypting them with the bucket\'s key', () => {
    const f = sinkFixture();
    const key = new kms.Key(f.stack, 'FailureKey');
    const agg = addAggregate(f, { failureEncryptionKey: key, failurePrefix: 'failed/' });
    const replayer = new iam.Role(f.stack, 'Replayer', { assumedBy: new iam.AccountRootPrincipal() });
    agg.grantReadFailures(replayer);
    const template = Template.fromStack(f.stack);

    const policy = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [ref(replayer)] } }));
    const statements: Array<{ Action: string | string[]; Resource: unknown }> = policy[0].Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(expect.objectContaining({
      Action: expect.arrayContaining(['s3:GetObject*', 's3:List*']),
      Resource: [getAtt(agg.failureBucket, 'Arn'), objectsArn(getAtt(agg.failureBucket, 'Arn'), 'failed/*')],
    }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: getAtt(key, 'Arn') }));
  });
});
