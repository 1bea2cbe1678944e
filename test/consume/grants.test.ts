import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { addConsumer, CONSUMER, consumerIn, defaultPolicyId, expectInputError, getAtt, ingestFixture, newHandler, ref } from './consumer-helpers';
import { ShardConsumer, StreamingIngest } from '../../src';
import { testStack } from '../app-fixture';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:111111111111:function:orders-handler';
const ROLE_ARN = 'arn:aws:iam::111111111111:role/orders-handler';
// In the order aws-cdk-lib writes them (Match.arrayWith keeps order).
const STREAM_READ_ACTIONS = ['kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'];
const SEND_ACTIONS = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
/** What Lambda documents for an S3 on-failure destination, and nothing else. */
const S3_DESTINATION_ACTIONS = ['s3:ListBucket', 's3:PutObject'];
const CONSUME_ACTIONS = ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];

describe('what the handler is granted', () => {
  test('polling: read on the stream; list and put under aws/lambda/ in the failure bucket, in its account; no KMS with S3-managed keys', () => {
    const { stack, consumer, ingest, handler, template } = consumerIn();
    const bucket = consumer.failureBucket!;

    template().hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(handler.role!)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Action: Match.arrayWith(STREAM_READ_ACTIONS), Resource: getAtt(ingest.stream, 'Arn') }),
          // Each action on what it applies to. AWS's advice: a bucket deleted and re-created under the name
          // in another account receives nothing.
          {
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: getAtt(bucket, 'Arn'),
            Condition: { StringEquals: { 's3:ResourceAccount': stack.resolve(stack.account) } },
          },
          {
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', [getAtt(bucket, 'Arn'), '/aws/lambda/*']] },
            Condition: { StringEquals: { 's3:ResourceAccount': stack.resolve(stack.account) } },
          },
        ]),
      },
    });
    expect(JSON.stringify(template().findResources('AWS::IAM::Policy'))).not.toContain('kms:');
  });

  test('the failure bucket grant has no delete, no read and no bucket-wide write: it keeps the failures', () => {
    const { template } = consumerIn();
    const actions = Object.values(template().findResources('AWS::IAM::Policy'))
      .flatMap(p => p.Properties.PolicyDocument.Statement)
      .flatMap((statement: any) => [statement.Action].flat())
      .filter((action: string) => action.startsWith('s3:'));

    expect(actions.sort()).toEqual(S3_DESTINATION_ACTIONS);
  });

  test('the mapping waits for the failure bucket grant: Lambda checks it at creation', () => {
    const { handler, template } = consumerIn();

    template().hasResource('AWS::Lambda::EventSourceMapping', { DependsOn: Match.arrayWith([defaultPolicyId(handler)]) });
  });

  test('a KMS-encrypted failure bucket: kms:GenerateDataKey on its key, nothing more', () => {
    const f = ingestFixture();
    const key = new kms.Key(f.stack, 'FailureKey');
    addConsumer(f, { failureEncryptionKey: key });

    Template.fromStack(f.stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(f.handler.role!)],
      PolicyDocument: { Statement: Match.arrayWith([{ Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: getAtt(key, 'Arn') }]) },
    });
  });

  test('a failureQueue: send on it', () => {
    const f = ingestFixture();
    const queue = new sqs.Queue(f.stack, 'MyFailures');
    addConsumer(f, { failureQueue: queue });

    Template.fromStack(f.stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(f.handler.role!)],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', Action: SEND_ACTIONS, Resource: getAtt(queue, 'Arn') })]) },
    });
  });

  test.each([false, true])('a customer-managed key on StreamingIngest: kms:Decrypt on it (enhancedFanOut %s)', enhancedFanOut => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const ingest = new StreamingIngest(stack, 'Ingest', { encryptionKey: key });
    const handler = newHandler(stack);
    const consumer = new ShardConsumer(stack, 'Consumer', { source: ingest, handler, enhancedFanOut });

    expect(consumer.streamConsumer !== undefined).toBe(enhancedFanOut);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(handler.role!)],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'kms:Decrypt', Resource: getAtt(key, 'Arn') })]) },
    });
  });
});

describe('an imported handler', () => {
  test('with its role: the role is granted and the mapping waits for the grant', () => {
    const f = ingestFixture();
    const handler = lambda.Function.fromFunctionAttributes(f.stack, 'Imported', {
      functionArn: FUNCTION_ARN, role: iam.Role.fromRoleArn(f.stack, 'ImportedRole', ROLE_ARN),
    });
    new ShardConsumer(f.stack, 'Consumer', { source: f.ingest, handler });
    const template = Template.fromStack(f.stack);
    const [policyId] = Object.keys(template.findResources('AWS::IAM::Policy', { Properties: { Roles: ['orders-handler'] } }));

    expect(policyId).toBeDefined();
    template.hasResource('AWS::Lambda::EventSourceMapping', {
      Properties: { FunctionName: 'orders-handler', EventSourceArn: getAtt(f.ingest.stream, 'Arn') },
      DependsOn: [policyId],
    });
  });

  test('from its ARN alone: refused, since Lambda checks the role when it creates the mapping', () => {
    const f = ingestFixture();
    const handler = lambda.Function.fromFunctionArn(f.stack, 'Imported', FUNCTION_ARN);

    expectInputError(() => new ShardConsumer(f.stack, 'Consumer', { source: f.ingest, handler }),
      'TestStack/Consumer: `handler` has no role to grant reading to (imported with `Function.fromFunctionArn()`): import it '
      + 'with `Function.fromFunctionAttributes({ functionArn, role })`, giving its execution role');
  });
});

describe('grantReadFailures', () => {
  test('permits reading the failure bucket\'s objects under aws/lambda/', () => {
    const { stack, consumer } = consumerIn();
    const role = new iam.Role(stack, 'Replayer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    expect(consumer.grantReadFailures(role).success).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(role)],
      PolicyDocument: {
        Statement: [Match.objectLike({
          Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
          Resource: [getAtt(consumer.failureBucket!, 'Arn'), { 'Fn::Join': ['', [getAtt(consumer.failureBucket!, 'Arn'), '/aws/lambda/*']] }],
        })],
      },
    });
  });

  test('is refused without a failure bucket', () => {
    const f = ingestFixture();
    const consumer = addConsumer(f, { failureQueue: new sqs.Queue(f.stack, 'MyFailures') });

    expectInputError(() => consumer.grantReadFailures(f.handler),
      `${CONSUMER}: \`grantReadFailures()\` needs a failure bucket, but \`onFailure\` or \`failureQueue\` was given: grant access on your destination`);
  });
});

describe('grantConsumeFailures', () => {
  test('permits consuming the failureQueue', () => {
    const f = ingestFixture();
    const stack = f.stack;
    const consumer = addConsumer(f, { failureQueue: new sqs.Queue(f.stack, 'MyFailures') });
    const role = new iam.Role(stack, 'Reprocessor', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    expect(consumer.grantConsumeFailures(role).success).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(role)],
      PolicyDocument: { Statement: [Match.objectLike({ Action: CONSUME_ACTIONS, Resource: getAtt(consumer.failureQueue!, 'Arn') })] },
    });
  });

  test.each<[string, (f: ReturnType<typeof ingestFixture>) => object]>([
    ['the default bucket', () => ({})],
    ['onFailure', f => ({ onFailure: new sources.SqsDlq(new sqs.Queue(f.stack, 'MyFailures')) })],
  ])('is refused with %s', (_name, options) => {
    const f = ingestFixture();
    const consumer = addConsumer(f, options(f));

    expectInputError(() => consumer.grantConsumeFailures(f.handler),
      `${CONSUMER}: \`grantConsumeFailures()\` needs a \`failureQueue\`, got none: use \`grantReadFailures()\` for the failure bucket, `
      + 'or grant access on your `onFailure` destination');
  });
});
