import { Arn, ArnFormat, Aspects, IAspect, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';

/** CloudWatch, as the principal that publishes an alarm's notification to its topic. */
const CLOUDWATCH = 'cloudwatch.amazonaws.com';
/** Statement ids: a topic or key gets each once, however many alarms use it. */
const TOPIC_SID = 'AllowCloudWatchAlarmsToPublish';
const KEY_SID = 'AllowCloudWatchAlarmsToUseTheTopicKey';
/** Marks a topic already looked after (no resources). */
const MARK_ID = 'CdkStreamingPipelinesAlarmDelivery';

/**
 * Makes sure an alarm whose action is an SNS topic defined in this app can deliver to it.
 *
 * A topic policy replaces SNS's default policy, which is what lets CloudWatch publish: a
 * topic with `enforceSSL`, or any statement added, denies CloudWatch unless the policy also
 * allows it (aws-solutions/automated-security-response-on-aws#43 shipped that mistake). So
 * when the topic ends up with a policy, it gets an Allow for `cloudwatch.amazonaws.com` to
 * publish, only from alarms of the topic's account and region; and when it is encrypted with
 * a key defined in the app, the key lets CloudWatch use it for that topic. A topic without a
 * policy keeps SNS's default, which already lets CloudWatch publish; it is left as it is. An
 * imported topic, or a key imported, is the user's to check (see README).
 *
 * Checked when the app is synthesized, after every statement the user adds.
 *
 * @param alarm an alarm the action is for; an SNS action's ARN is its topic's, whatever
 *   the alarm, so a pipeline can prepare its topic before any of its alarms exist
 */
export function deliverAlarmsTo(action: cloudwatch.IAlarmAction, scope: Construct, alarm?: cloudwatch.IAlarm): void {
  if (!(action instanceof cw_actions.SnsAction)) {
    return;
  }
  const topicArn = action.bind(scope, alarm as cloudwatch.IAlarm).alarmActionArn;
  const topic = scope.node.root.node.findAll().find((c): c is sns.Topic => c instanceof sns.Topic && c.topicArn === topicArn);
  if (topic === undefined || topic.node.tryFindChild(MARK_ID)) {
    return;
  }
  new Construct(topic, MARK_ID);
  Aspects.of(topic).add(new AlarmDelivery(topic));
}

/** At synth, once the topic's policy is what it will be: the statements that let alarms through. */
class AlarmDelivery implements IAspect {
  constructor(private readonly topic: sns.Topic) {}

  public visit(node: IConstruct): void {
    if (node !== this.topic || this.topic.node.tryFindChild('Policy') === undefined) {
      return;
    }
    const stack = Stack.of(this.topic);
    const alarms = Arn.format({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }, stack);
    const conditions = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': alarms },
    };
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: TOPIC_SID,
      principals: [new iam.ServicePrincipal(CLOUDWATCH)],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions,
    }));
    // SNS encrypts with the topic's key on CloudWatch's behalf: CloudWatch must be allowed to use it.
    this.topic.masterKey?.addToResourcePolicy(new iam.PolicyStatement({
      sid: KEY_SID,
      principals: [new iam.ServicePrincipal(CLOUDWATCH)],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions,
    }), true);
  }
}
