import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { deliverAlarmsTo } from './alarm-delivery';

/** One alarm as the library defines it: every field is chosen, none left to a default. */
export interface AlarmSpec {
  /** Construct id of the alarm; stable, part of the public contract. */
  readonly id: string;
  /** The metric, already dimensioned. */
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  /** Periods looked at. */
  readonly evaluationPeriods: number;
  /** Breaching periods among them that raise the alarm. */
  readonly datapointsToAlarm: number;
  /** Chosen per alarm: an idle stream must not alarm, a stopped consumer must not clear one. */
  readonly treatMissingData: cloudwatch.TreatMissingData;
  /** What the alarm means and what to do about it. */
  readonly description: string;
}

/**
 * Creates the alarms of one construct, all with the same optional action, and keeps
 * the list the construct exposes as `alarms`.
 */
export class AlarmFactory {
  /** The alarms created so far. */
  public readonly alarms: cloudwatch.IAlarm[] = [];

  constructor(private readonly scope: Construct, private readonly action?: cloudwatch.IAlarmAction) {}

  /** Creates an alarm from its spec and wires the action to ALARM and OK. */
  public create(spec: AlarmSpec): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this.scope, spec.id, {
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator: spec.comparisonOperator,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm,
      treatMissingData: spec.treatMissingData,
      alarmDescription: spec.description,
    });
    if (this.action) {
      alarm.addAlarmAction(this.action);
      alarm.addOkAction(this.action);
      if (this.alarms.length === 0) {
        deliverAlarmsTo(this.action, this.scope, alarm);
      }
    }
    this.alarms.push(alarm);
    return alarm;
  }
}
