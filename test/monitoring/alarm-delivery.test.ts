import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { StreamingIngest } from '../../src';
import { testStack } from '../app-fixture';

const CLOUDWATCH_PUBLISH = {
  Sid: 'AllowCloudWatchAlarmsToPublish',
  Effect: 'Allow',
  Principal: { Service: 'cloudwatch.amazonaws.com' },
  Action: 'sns:Publish',
  Condition: {
    // The test stack's account and region: only its alarms may publish.
    StringEquals: { 'aws:SourceAccount': '111111111111' },
    ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:us-east-1:111111111111:alarm:*']] } },
  },
};

function ingestPagingTo(stack: Stack, topic: sns.ITopic): void {
  new StreamingIngest(stack, 'Ingest', { alarmAction: new cw_actions.SnsAction(topic) });
}

test('a topic with a policy (TLS only) lets alarms of its account and region publish, and its key lets CloudWatch use it', () => {
  const stack = testStack();
  const key = new kms.Key(stack, 'Key');
  const topic = new sns.Topic(stack, 'OnCall', { enforceSSL: true, masterKey: key });
  ingestPagingTo(stack, topic);
  const template = Template.fromStack(stack);

  template.hasResourceProperties('AWS::SNS::TopicPolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        Match.objectLike({ ...CLOUDWATCH_PUBLISH, Resource: { Ref: Match.stringLikeRegexp('^OnCall') } }),
      ]),
    },
  });
  template.hasResourceProperties('AWS::KMS::Key', {
    KeyPolicy: {
      Statement: Match.arrayWith([Match.objectLike({
        Sid: 'AllowCloudWatchAlarmsToUseTheTopicKey',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: CLOUDWATCH_PUBLISH.Condition,
      })]),
    },
  });
});

test('a statement the user adds after the alarms still gets CloudWatch\'s beside it', () => {
  const stack = testStack();
  const topic = new sns.Topic(stack, 'OnCall');
  ingestPagingTo(stack, topic);
  topic.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['sns:Subscribe'], principals: [new iam.AccountRootPrincipal()], resources: [topic.topicArn],
  }));

  Template.fromStack(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike(CLOUDWATCH_PUBLISH)]) },
  });
});

test('a topic without a policy keeps SNS\'s default, which lets CloudWatch publish: none is made for it', () => {
  const stack = testStack();
  ingestPagingTo(stack, new sns.Topic(stack, 'OnCall'));
  Template.fromStack(stack).resourceCountIs('AWS::SNS::TopicPolicy', 0);
});

test('an imported topic is left to its owner', () => {
  const stack = testStack();
  ingestPagingTo(stack, sns.Topic.fromTopicArn(stack, 'OnCall', 'arn:aws:sns:us-east-1:111111111111:on-call'));
  Template.fromStack(stack).resourceCountIs('AWS::SNS::TopicPolicy', 0);
});

test('one statement per topic, however many constructs page it', () => {
  const stack = testStack();
  const topic = new sns.Topic(stack, 'OnCall', { enforceSSL: true });
  ingestPagingTo(stack, topic);
  new StreamingIngest(stack, 'Other', { alarmAction: new cw_actions.SnsAction(topic) });
  const policy = Object.values(Template.fromStack(stack).findResources('AWS::SNS::TopicPolicy'))[0] as any;
  expect(policy.Properties.PolicyDocument.Statement.filter((s: any) => s.Sid === CLOUDWATCH_PUBLISH.Sid)).toHaveLength(1);
});
