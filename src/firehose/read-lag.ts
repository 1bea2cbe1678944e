import { Duration } from 'aws-cdk-lib';
import { InputError } from '../common/input-error';

/**
 * Firehose polls each shard once a second, so in normal operation it reads seconds
 * behind the stream; minutes behind means other readers or the stream throttle it.
 */
export const DEFAULT_LATENCY_OBJECTIVE = Duration.minutes(5);
/** Default read-lag backstop: this share of the source's retention. */
const BACKSTOP_RETENTION_SHARE = 0.25;

/**
 * How far behind its source stream a delivery stream may read: the objective, and the
 * data-loss backstop. Firehose reads a Kinesis source like any polling reader, so both
 * are handed to the source's plan (`bindReader`) and become the read-latency and
 * read-lag alarms (`delivery-alarms.ts`), whatever the destination.
 */
export interface ReadLagSettings {
  /** Above it, the read-latency alarm fires. */
  readonly latencyObjective: Duration;
  /** Above it, the read-lag alarm fires: records are getting close to the end of the retention. */
  readonly lagBackstop: Duration;
}

/**
 * Resolves a delivery stream's read-lag thresholds from its sink's props
 * (`latencyObjective`, `readLagThreshold`) and the source's retention, and
 * checks what can be checked at synth (tokens pass): the backstop is shorter than the
 * retention, the objective is positive and shorter than the backstop.
 */
export function readLagSettings(retention: Duration, latencyObjective?: Duration, readLagThreshold?: Duration): ReadLagSettings {
  const lagBackstop = readLagThreshold ?? Duration.seconds(retention.toSeconds() * BACKSTOP_RETENTION_SHARE);
  const backstop = knownSeconds(lagBackstop);
  const retentionSeconds = knownSeconds(retention);
  if (readLagThreshold && backstop !== undefined && retentionSeconds !== undefined && backstop >= retentionSeconds) {
    throw new InputError(`\`readLagThreshold\` must be shorter than the source's ${retentionSeconds / 3600}-hour retention, `
      + `got ${backstop} seconds: records expire from the stream before the alarm could fire`);
  }
  const objective = knownSeconds(latencyObjective ?? DEFAULT_LATENCY_OBJECTIVE);
  const backstopText = backstop === undefined ? 'read-lag backstop' : `${lagBackstop.toHumanString()} read-lag backstop`;
  if (latencyObjective && objective !== undefined && (objective <= 0 || (backstop !== undefined && objective >= backstop))) {
    throw new InputError(`\`latencyObjective\` must be longer than 0 and shorter than the ${backstopText} (\`readLagThreshold\`), `
      + `got ${objective} seconds: the latency alarm must fire before the data-loss backstop`);
  }
  if (!latencyObjective && backstop !== undefined && objective !== undefined && objective >= backstop) {
    throw new InputError(`\`readLagThreshold\` must be longer than the ${DEFAULT_LATENCY_OBJECTIVE.toHumanString()} default `
      + `\`latencyObjective\`, got ${backstop} seconds: set a shorter \`latencyObjective\` as well`);
  }
  return { latencyObjective: latencyObjective ?? DEFAULT_LATENCY_OBJECTIVE, lagBackstop };
}

/** Seconds of a duration known at synth; undefined for a token. */
function knownSeconds(duration: Duration): number | undefined {
  return duration.isUnresolved() ? undefined : duration.toSeconds({ integral: false });
}
