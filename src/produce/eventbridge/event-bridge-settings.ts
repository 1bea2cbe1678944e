import { Duration, Token } from 'aws-cdk-lib';
import { EventBridgeProducerProps } from './event-bridge-producer-props';
import { checkRange } from '../../common/checks';
import { parseFieldPath } from '../../common/field-path';
import { InputError } from '../../common/input-error';
import { PartitionKey } from '../../planning/kinesis/partition-key';

/** What an `EventBridgeProducer`'s props resolve to, checked. */
export interface EventBridgeSettings {
  /** The key as the producer's plan sees it: the field, or random for the event id. */
  readonly partitionKey: PartitionKey;
  /** The target's `PartitionKeyPath`. */
  readonly partitionKeyPath: string;
  /** Retries before the dead-letter queue. */
  readonly retryAttempts: number;
  /** How long retries go on before the dead-letter queue, in seconds. */
  readonly maxEventAgeSeconds: number;
}

/** The event's id: unique per event, so the key EventBridge itself defaults to. */
export const EVENT_ID_PATH = '$.id';
/** EventBridge retries for 24 hours and up to 185 times unless told otherwise. */
const MAX_RETRY_ATTEMPTS = 185;
const MIN_EVENT_AGE_SECONDS = 60;
const MAX_EVENT_AGE_SECONDS = 86_400;
/** `PartitionKeyPath` is at most 256 characters. */
const MAX_PATH_LENGTH = 256;
/** Rule names: 1-64 of letters, digits, `.`, `-` and `_` (PutRule's `Name`). */
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

/**
 * Resolves and checks an `EventBridgeProducer`'s props: the partition key's JSON path
 * and the retry policy. Throws `InputError`s naming the prop, what is allowed and what
 * was given.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_KinesisParameters.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
 */
export function eventBridgeSettings(props: EventBridgeProducerProps): EventBridgeSettings {
  const key = props.partitionKey ?? PartitionKey.random();
  if (props.ruleName !== undefined && !Token.isUnresolved(props.ruleName) && !RULE_NAME.test(props.ruleName)) {
    throw new InputError(`\`ruleName\` must be 1-64 letters, digits, '.', '-' and '_', got '${props.ruleName}'`);
  }
  const retryAttempts = props.retryAttempts ?? MAX_RETRY_ATTEMPTS;
  checkRange({ name: 'retryAttempts' }, retryAttempts, 0, MAX_RETRY_ATTEMPTS, true);
  const maxEventAge = props.maxEventAge ?? Duration.hours(24);
  const maxEventAgeSeconds = maxEventAge.isUnresolved() ? maxEventAge.toSeconds() : maxEventAge.toSeconds({ integral: false });
  checkRange({ name: 'maxEventAge', unit: 'seconds (1 minute to 24 hours)' }, maxEventAgeSeconds, MIN_EVENT_AGE_SECONDS, MAX_EVENT_AGE_SECONDS, true);
  return { partitionKey: key, partitionKeyPath: partitionKeyPath(key), retryAttempts, maxEventAgeSeconds };
}

function partitionKeyPath(key: PartitionKey): string {
  if (key.constantValue !== undefined) {
    throw new InputError(`\`partitionKey\` cannot be a constant for an EventBridge target, got the constant '${key.constantValue}': `
      + 'EventBridge takes the key from each event through a JSON path (PartitionKeyPath), never a literal. Use '
      + 'PartitionKey.field() with a field of the event (e.g. \'detail.customerId\') to keep each customer\'s events in order, '
      + 'or leave `partitionKey` out to key by the event id, which spreads evenly');
  }
  if (key.fieldName === undefined) {
    return EVENT_ID_PATH;
  }
  const path = `$.${parseFieldPath('`partitionKey`', key.fieldName).join('.')}`;
  if (path.length > MAX_PATH_LENGTH) {
    throw new InputError(`\`partitionKey\` becomes the JSON path '${path}', ${path.length} characters: EventBridge's PartitionKeyPath `
      + `takes at most ${MAX_PATH_LENGTH}`);
  }
  return path;
}
