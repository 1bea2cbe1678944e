import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { addConsumer, CONSUMER, consumerIn, expectInputError, getAtt, ingestFixture, newHandler, ref } from './consumer-helpers';
import { ShardConsumer, StreamingIngest } from '../../src';
import { testStack } from '../app-fixture';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:111111111111:function:orders-handler';
const ROLE_ARN = 'arn:aws:iam::111111111111:role/orders-handler';
// In the order aws-cdk-lib writes them (Match.arrayWith keeps order).
const STREAM_READ_ACTIONS = ['kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'];
const SEND_ACTIONS = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
const CONSUME_ACTIONS = ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];

describe('what the handler is granted', () => {
  test('polling: read on the stream and send on the failure queue, no KMS with the AWS-managed key', () => {
    const { consumer, ingest, handler, template } = consumerIn();

    template().hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(handler.role!)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Action: Match.arrayWith(STREAM_READ_ACTIONS), Resource: getAtt(ingest.stream, 'Arn') }),
          Match.objectLike({ Effect: 'Allow', Action: SEND_ACTIONS, Resource: getAtt(consumer.failureQueue!, 'Arn') }),
        ]),
      },
    });
    expect(JSON.stringify(template().findResources('AWS::IAM::Policy'))).not.toContain('kms:');
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

describe('grantConsumeFailures', () => {
  test('permits consuming the default failure queue', () => {
    const { stack, consumer } = consumerIn();
    const role = new iam.Role(stack, 'Reprocessor', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });

    expect(consumer.grantConsumeFailures(role).success).toBe(true);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(role)],
      PolicyDocument: { Statement: [Match.objectLike({ Action: CONSUME_ACTIONS, Resource: getAtt(consumer.failureQueue!, 'Arn') })] },
    });
  });

  test('is refused when onFailure was given', () => {
    const f = ingestFixture();
    const consumer = addConsumer(f, { onFailure: new sources.SqsDlq(new sqs.Queue(f.stack, 'MyFailures')) });

    expectInputError(() => consumer.grantConsumeFailures(f.handler),
      `${CONSUMER}: \`grantConsumeFailures()\` needs the default failure queue, but \`onFailure\` was given: grant access on your destination`);
  });
});
