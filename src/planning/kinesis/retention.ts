import { Duration } from 'aws-cdk-lib';
import { KinesisLimits } from './kinesis-limits';
import { checkRange } from '../../common/checks';
import { InputError } from '../../common/input-error';

/**
 * Validates a retention period: 24 to 8,760 whole hours.
 * @returns the retention in hours
 */
export function retentionHours(retention: Duration | undefined): number {
  if (retention === undefined) {
    return KinesisLimits.MIN_RETENTION_HOURS;
  }
  if (retention.isUnresolved()) {
    throw new InputError('`retention` must be known at synth to plan with, got an unresolved token (e.g. a CfnParameter): state it as a plain duration');
  }
  const hours = retention.toHours({ integral: false });
  checkRange({ name: 'retention', unit: 'whole hours' }, hours, KinesisLimits.MIN_RETENTION_HOURS, KinesisLimits.MAX_RETENTION_HOURS, true);
  return hours;
}
