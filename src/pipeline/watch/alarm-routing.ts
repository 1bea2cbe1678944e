import { IAspect, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';

/**
 * Sends every alarm of a pipeline to one action, to ALARM and OK alike, however the
 * alarm came to be: created before the pipeline or after it, by a part given its own
 * `alarmAction` or none.
 *
 * An aspect, so that it runs when the app is synthesized, after every part exists; call
 * order does not matter. An alarm that already has the action (its part was given the
 * same one) is left as it is, so no action is listed twice.
 */
export class AlarmRouting implements IAspect {
  private members?: Set<IConstruct>;

  /**
   * @param action where every alarm goes
   * @param alarmsOf the pipeline's alarms, asked once at synth
   */
  constructor(private readonly action: cloudwatch.IAlarmAction, private readonly alarmsOf: () => cloudwatch.AlarmBase[]) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof cloudwatch.AlarmBase)) {
      return;
    }
    this.members ??= new Set(this.alarmsOf());
    if (!this.members.has(node)) {
      return;
    }
    const cfn = node.node.defaultChild as cloudwatch.CfnAlarm | cloudwatch.CfnCompositeAlarm;
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
