import { Aspects, Duration, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { alarmActions, handlerIn, testStack } from './pipeline-helpers';
import { AggregateMeasure, AggregateToTable, IngestChoice, ShardConsumer, StreamingIngest, StreamingPipeline } from '../../src';
import { testApp } from '../app-fixture';

function fixture() {
  const stack = testStack();
  const onCall = new sns.Topic(stack, 'OnCall', { enforceSSL: true });
  const page = new cloudwatchActions.SnsAction(onCall);
  const stream = new StreamingIngest(stack, 'Stream', { workload: { ingestMibPerSecond: 1, ingestRecordsPerSecond: 500 } });
  return { stack, onCall, page, stream, topicRef: { Ref: stack.getLogicalId(onCall.node.defaultChild as sns.CfnTopic) } };
}

describe('one alarm action for every alarm of the pipeline', () => {
  test('alarms of parts built before and after the pipeline, with no action of their own, all page', () => {
    const { stack, page, stream, topicRef } = fixture();
    new ShardConsumer(stack, 'Before', { source: stream, handler: handlerIn(stack, 'BeforeFn'), readerName: 'before' });
    new StreamingPipeline(stack, 'Pipeline', { sources: [stream], alarmAction: page });
    new ShardConsumer(stack, 'After', { source: stream, handler: handlerIn(stack, 'AfterFn'), readerName: 'after' });

    const alarms = alarmActions(stack);
    const ids = Object.keys(alarms);
    expect(ids.filter(id => id.startsWith('Stream')).length).toBeGreaterThan(0);
    expect(ids.filter(id => id.startsWith('Before')).length).toBeGreaterThan(0);
    expect(ids.filter(id => id.startsWith('After')).length).toBe(ids.filter(id => id.startsWith('Before')).length);
    for (const id of ids) {
      expect({ id, ...alarms[id] }).toEqual({ id, alarm: [topicRef], ok: [topicRef] });
    }
  });

  test('a part given the same action lists it once; a part with another action keeps it and gets the pipeline\'s', () => {
    const { stack, page, stream, topicRef } = fixture();
    const other = new sns.Topic(stack, 'Team');
    const otherRef = { Ref: stack.getLogicalId(other.node.defaultChild as sns.CfnTopic) };
    new StreamingPipeline(stack, 'Pipeline', { sources: [stream], alarmAction: page });
    new ShardConsumer(stack, 'Same', { source: stream, handler: handlerIn(stack, 'SameFn'), readerName: 'same', alarmAction: page });
    new ShardConsumer(stack, 'Own', {
      source: stream, handler: handlerIn(stack, 'OwnFn'), readerName: 'own', alarmAction: new cloudwatchActions.SnsAction(other),
    });

    const alarms = alarmActions(stack);
    const same = Object.keys(alarms).filter(id => id.startsWith('Same'));
    const own = Object.keys(alarms).filter(id => id.startsWith('Own'));
    expect(same.length).toBeGreaterThan(0);
    expect(own.length).toBe(same.length);
    same.forEach(id => expect(alarms[id]).toEqual({ alarm: [topicRef], ok: [topicRef] }));
    own.forEach(id => expect(alarms[id]).toEqual({ alarm: [otherRef, topicRef], ok: [otherRef, topicRef] }));
  });

  test('alarms inside a part\'s parts (an aggregate\'s consumer) and alarms built inside the pipeline page too', () => {
    const { stack, page, stream, topicRef } = fixture();
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [stream], alarmAction: page });
    new AggregateToTable(stack, 'Spend', {
      source: stream, readerName: 'spend', keyField: 'customer', window: Duration.minutes(1), measures: [AggregateMeasure.count('n')],
    });
    new cloudwatch.Alarm(pipeline, 'Custom', { metric: stream.stream.metricGetRecordsSuccess(), threshold: 1, evaluationPeriods: 1 });

    const alarms = alarmActions(stack);
    const spend = Object.keys(alarms).filter(id => id.startsWith('Spend'));
    expect(spend.length).toBeGreaterThan(Object.keys(alarms).filter(id => id.startsWith('SpendConsumer')).length);
    for (const id of [...spend, ...Object.keys(alarms).filter(k => k.startsWith('PipelineCustom'))]) {
      expect({ id, ...alarms[id] }).toEqual({ id, alarm: [topicRef], ok: [topicRef] });
    }
    expect(pipeline.alarms.length).toBe(Object.keys(alarms).length);
  });

  test('alarms of a stream outside the pipeline, and its readers, are left alone', () => {
    const { stack, page, stream } = fixture();
    const outside = new StreamingIngest(stack, 'Outside', { shardCount: 1 });
    new ShardConsumer(stack, 'OutsideReader', { source: outside, handler: handlerIn(stack, 'OutsideFn'), readerName: 'outside' });
    new StreamingPipeline(stack, 'Pipeline', { sources: [stream], alarmAction: page });

    const alarms = alarmActions(stack);
    const outsideIds = Object.keys(alarms).filter(id => id.startsWith('Outside'));
    expect(outsideIds.length).toBeGreaterThan(0);
    outsideIds.forEach(id => expect({ id, ...alarms[id] }).toEqual({ id, alarm: undefined, ok: undefined }));
  });

  test('the topic\'s policy lets CloudWatch publish, from this account\'s alarms only', () => {
    const { stack, page, stream } = fixture();
    new StreamingPipeline(stack, 'Pipeline', { sources: [stream], alarmAction: page });
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowCloudWatchAlarmsToPublish',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: Match.anyValue() },
        })]),
      },
    });
  });

  test('without an action, alarms keep what their parts were given', () => {
    const { stack, stream } = fixture();
    new StreamingPipeline(stack, 'Pipeline', { sources: [stream] });
    Object.values(alarmActions(stack)).forEach(a => expect(a).toEqual({ alarm: undefined, ok: undefined }));
  });

  test('in a Stage, the pipeline\'s alarms page too', () => {
    const app = testApp();
    const stage = new Stage(app, 'Prod');
    const stack = new Stack(stage, 'Pipeline', { env: { account: '111111111111', region: 'us-east-1' } });
    const topic = new sns.Topic(stack, 'OnCall');
    const stream = new StreamingIngest(stack, 'Stream', { shardCount: 1 });
    new StreamingPipeline(stack, 'Pipeline', { sources: [stream], alarmAction: new cloudwatchActions.SnsAction(topic) });
    const template = stage.synth().getStackByName(stack.stackName).template;
    const alarms = Object.values(template.Resources as Record<string, { Type: string; Properties: { AlarmActions?: unknown } }>)
      .filter(r => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThan(0);
    alarms.forEach(a => expect(a.Properties.AlarmActions).toEqual([{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }]));
  });
});

describe('alarms the routing must take care with', () => {
  test('an alarm another aspect adds inside a part pages too; an imported alarm is left alone', () => {
    const { stack, page, stream, topicRef } = fixture();
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [stream], alarmAction: page });
    const reader = new ShardConsumer(stack, 'Reader', { source: stream, handler: handlerIn(stack, 'Fn'), readerName: 'reader' });
    cloudwatch.Alarm.fromAlarmArn(pipeline, 'Imported', 'arn:aws:cloudwatch:us-east-1:111111111111:alarm:team');
    Aspects.of(stack).add({
      visit: node => {
        if (node === reader && !reader.node.tryFindChild('TeamErrors')) {
          new cloudwatch.Alarm(reader, 'TeamErrors', { metric: reader.handler.metricErrors(), threshold: 1, evaluationPeriods: 1 });
        }
      },
    });
    const alarms = alarmActions(stack);
    const team = Object.keys(alarms).find(id => id.startsWith('ReaderTeamErrors'))!;
    expect(alarms[team]).toEqual({ alarm: [topicRef], ok: [topicRef] });
  });
});

describe('the action for an MSK pipeline', () => {
  test('the cluster the pipeline builds is the one the decision priced', () => {
    const stack = testStack();
    const pipeline = new StreamingPipeline(stack, 'Pipeline', {
      requirements: { kafkaProtocol: true, workload: { ingestMibPerSecond: 10 } },
      kafkaOptions: { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 }) },
    });
    expect(pipeline.bridge!.plan!.cost.monthlyUsd).toBe(pipeline.decision!.costs.find(c => c.choice === IngestChoice.MSK)!.monthlyUsd);
  });
});
