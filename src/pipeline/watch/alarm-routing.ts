import { IAspect, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';

/**
 * Sends every alarm of a pipeline to one action, to ALARM and OK alike, however the
 * alarm came to be: created before the pipeline or after it, by a part given its own
 * `alarmAction` or none, or by another aspect inside a part.
 *
 * An aspect, so that it runs when the app is synthesized, after every part exists; call
 * order does not matter. Whether an alarm belongs is asked of each alarm (is it inside a
 * part, or the pipeline?), not of a list taken once. An alarm that already has the action
 * (its part was given the same one) is left as it is, so no action is listed twice.
 */
export class AlarmRouting implements IAspect {
  private belongs?: (alarm: cloudwatch.AlarmBase) => boolean;

  /**
   * @param action where every alarm goes
   * @param membership the test of belonging, made once at synth when the parts are known
   */
  constructor(private readonly action: cloudwatch.IAlarmAction,
    private readonly membership: () => (alarm: cloudwatch.AlarmBase) => boolean) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof cloudwatch.AlarmBase)) {
      return;
    }
    const cfn = node.node.defaultChild;
    if (!(cfn instanceof cloudwatch.CfnAlarm || cfn instanceof cloudwatch.CfnCompositeAlarm)) {
      return; // imported: nothing to add an action to
    }
    this.belongs ??= this.membership();
    if (!this.belongs(node)) {
      return;
    }
    const stack = Stack.of(node);
    const arn = JSON.stringify(stack.resolve(this.action.bind(node, node).alarmActionArn));
    const has = (actions: unknown) => ((stack.resolve(actions) ?? []) as unknown[]).some(a => JSON.stringify(a) === arn);
    if (!has(cfn.alarmActions)) {
      node.addAlarmAction(this.action);
    }
    if (!has(cfn.okActions)) {
      node.addOkAction(this.action);
    }
  }
}
