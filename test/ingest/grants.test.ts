import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { streamLogicalId } from './ingest-helpers';
import { IStreamSource, StreamingIngest, StreamReadMode, StreamSource } from '../../src';
import { testStack } from '../app-fixture';

const STREAM_ARN = 'arn:aws:kinesis:us-east-1:111111111111:stream/orders';
const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
// In the order aws-cdk-lib writes them (Match.arrayWith keeps order).
const READ_ACTIONS = ['kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'];
const WRITE_ACTIONS = ['kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords'];
const ENCRYPT_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey*'];

/** Grants read and write on `source` to a new role; returns the synthesized template. */
function grantBoth(stack: Stack, source: IStreamSource): Template {
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
  expect(source.grantRead(role).success).toBe(true);
  expect(source.grantWrite(role).success).toBe(true);
  return Template.fromStack(stack);
}

/** A StreamingIngest, its read and write grants, and its stream's ARN as the template writes it. */
function ingestGrants(stack: Stack, encryptionKey?: kms.IKey): { template: Template; streamArn: object } {
  const ingest = new StreamingIngest(stack, 'Ingest', { shardCount: 1, encryptionKey });
  return { template: grantBoth(stack, ingest), streamArn: { 'Fn::GetAtt': [streamLogicalId(ingest), 'Arn'] } };
}

function expectNoKmsStatement(template: Template): void {
  expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('kms:');
}

describe('grants on StreamingIngest', () => {
  test('with a new customer key: kinesis actions on the stream, decrypt and encrypt on the key', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] };
    const { template, streamArn } = ingestGrants(stack, key);

    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(READ_ACTIONS), Resource: streamArn }),
          Match.objectLike({ Action: 'kms:Decrypt', Resource: keyArn }),
          Match.objectLike({ Action: Match.arrayWith(WRITE_ACTIONS), Resource: streamArn }),
          Match.objectLike({ Action: Match.arrayWith(ENCRYPT_ACTIONS), Resource: keyArn }),
        ]),
      },
    });
  });

  test('with an imported customer key: the KMS statements name its ARN', () => {
    const stack = testStack();
    const { template } = ingestGrants(stack, kms.Key.fromKeyArn(stack, 'Key', KEY_ARN));

    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'kms:Decrypt', Resource: KEY_ARN }),
          Match.objectLike({ Action: Match.arrayWith(ENCRYPT_ACTIONS), Resource: KEY_ARN }),
        ]),
      },
    });
  });

  test('with the AWS-managed key: kinesis actions only', () => {
    const { template, streamArn } = ingestGrants(testStack());

    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: Match.arrayWith(READ_ACTIONS), Resource: streamArn }),
          Match.objectLike({ Action: Match.arrayWith(WRITE_ACTIONS), Resource: streamArn }),
        ],
      },
    });
    expectNoKmsStatement(template);
  });
});

describe('grants on StreamSource.fromStream', () => {
  test('read and write on the imported ARN, with no KMS statement', () => {
    const stack = testStack();
    const template = grantBoth(stack, StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Imported', STREAM_ARN)));

    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: Match.arrayWith(READ_ACTIONS), Resource: STREAM_ARN }),
          Match.objectLike({ Action: Match.arrayWith(WRITE_ACTIONS), Resource: STREAM_ARN }),
        ],
      },
    });
    expectNoKmsStatement(template);
  });

  test('the key of an encrypted imported stream is included', () => {
    const stack = testStack();
    const encryptionKey = kms.Key.fromKeyArn(stack, 'Key', KEY_ARN);
    const stream = kinesis.Stream.fromStreamAttributes(stack, 'Imported', { streamArn: STREAM_ARN, encryptionKey });

    grantBoth(stack, StreamSource.fromStream(stream)).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(READ_ACTIONS), Resource: STREAM_ARN }),
          Match.objectLike({ Action: 'kms:Decrypt', Resource: KEY_ARN }),
          Match.objectLike({ Action: Match.arrayWith(WRITE_ACTIONS), Resource: STREAM_ARN }),
          Match.objectLike({ Action: Match.arrayWith(ENCRYPT_ACTIONS), Resource: KEY_ARN }),
        ]),
      },
    });
  });
});

describe('a reader binding\'s grantRead()', () => {
  /** A StreamingIngest, a role, and the role bound as reader `reader` in `readMode`. */
  function boundReader(readMode: StreamReadMode, encryptionKey?: kms.IKey, stack = testStack()) {
    const ingest = new StreamingIngest(stack, 'Ingest', { shardCount: 1, encryptionKey });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    const binding = ingest.bindReader(new Construct(stack, 'Reader'), { readerName: 'reader', readMode });
    binding.grantRead(role);
    return { ingest, binding, template: Template.fromStack(stack), streamArn: { 'Fn::GetAtt': [streamLogicalId(ingest), 'Arn'] } };
  }

  test('a polling grantee gets the kinesis read actions on the stream, and nothing else with the AWS-managed key', () => {
    const { template, streamArn } = boundReader(StreamReadMode.POLLING);

    template.resourceCountIs('AWS::IAM::Policy', 1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Allow', Action: Match.arrayWith(READ_ACTIONS), Resource: streamArn })] },
      Roles: [{ Ref: Match.stringLikeRegexp('^Role') }],
    });
    expectNoKmsStatement(template);
  });

  test('a polling grantee of a stream with a customer key may decrypt with it', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const { template, streamArn } = boundReader(StreamReadMode.POLLING, key, stack);

    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: Match.arrayWith(READ_ACTIONS), Resource: streamArn }),
          Match.objectLike({ Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } }),
        ],
      },
    });
  });

  test('an enhanced fan-out grantee may subscribe through its consumer and decrypt with the customer key', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const { binding, template, streamArn } = boundReader(StreamReadMode.ENHANCED_FAN_OUT, key, stack);
    const consumerArn = { 'Fn::GetAtt': [stack.getLogicalId(binding.streamConsumer!.node.defaultChild as CfnElement), 'ConsumerARN'] };

    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: Match.arrayWith(READ_ACTIONS), Resource: streamArn }),
          Match.objectLike({ Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } }),
          Match.objectLike({ Action: Match.arrayWith(['kinesis:SubscribeToShard']), Resource: consumerArn }),
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'], Resource: consumerArn }),
        ]),
      },
    });
  });

  test('an enhanced fan-out grantee of an imported stream gets its consumer ARN', () => {
    const stack = testStack();
    const source = StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Imported', STREAM_ARN));
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    const binding = source.bindReader(new Construct(stack, 'Reader'), { readerName: 'reader', readMode: StreamReadMode.ENHANCED_FAN_OUT });
    binding.grantRead(role);
    const consumerArn = { 'Fn::GetAtt': [stack.getLogicalId(binding.streamConsumer!.node.defaultChild as CfnElement), 'ConsumerARN'] };

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: Match.arrayWith(READ_ACTIONS), Resource: STREAM_ARN }),
          Match.objectLike({ Action: ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'], Resource: consumerArn }),
        ],
      },
    });
    expectNoKmsStatement(template);
  });

  test.each([StreamReadMode.POLLING, StreamReadMode.ENHANCED_FAN_OUT])('binding alone grants nothing (%s)', readMode => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest', { shardCount: 1, encryptionKey: new kms.Key(stack, 'Key') });
    ingest.bindReader(new Construct(stack, 'Reader'), { readerName: 'reader', readMode });

    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
  });

});
