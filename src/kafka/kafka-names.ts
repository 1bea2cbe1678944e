import { Token } from 'aws-cdk-lib';
import { InputError } from '../common/input-error';

/** Kafka's topic name rule (a longer name fails when the broker creates its log directories). */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
/** MSK's cluster name rule. */
const CLUSTER_NAME = /^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/;
/** Lambda's consumer group id rule, less `:` (see `checkConsumerGroupId`). */
const GROUP_ID = /^[a-zA-Z0-9\-/*_+=.@]{1,200}$/;

/**
 * A Kafka topic name: 1–249 characters of `a-z A-Z 0-9 . _ -`, not `.` or `..`.
 * @see https://kafka.apache.org/documentation/#topicconfigs
 */
export function checkTopicName(name: string): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  if (!TOPIC_NAME.test(name) || name === '.' || name === '..') {
    throw new InputError(`\`topicName\` must be 1-249 characters of a-z, A-Z, 0-9, '.', '_' and '-' (and not '.' or '..'), got '${name}'`);
  }
}

/**
 * An MSK cluster name: 1–64 letters, digits and hyphens, starting with a letter or digit.
 * @see https://docs.aws.amazon.com/msk/1.0/apireference/clusters.html
 */
export function checkClusterName(name: string): void {
  if (!Token.isUnresolved(name) && !CLUSTER_NAME.test(name)) {
    throw new InputError(`\`clusterName\` must be 1-64 letters, digits and hyphens, starting with a letter or digit, got '${name}'`);
  }
}

/**
 * A consumer group id as Lambda accepts it (1–200 characters of `a-z A-Z 0-9 - / * _ + = . @`
 * and `:`), but without `:`: MSK publishes no consumer-lag metrics (`MaxOffsetLag`,
 * `EstimatedMaxTimeLag`) for a group whose id holds a colon, so its lag alarm could never fire.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_AmazonManagedKafkaEventSourceConfig.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/consumer-lag.html
 */
export function checkConsumerGroupId(groupId: string, field = '`consumerGroupId`'): void {
  if (Token.isUnresolved(groupId)) {
    return;
  }
  if (groupId.includes(':')) {
    throw new InputError(`${field} must not contain ':', got '${groupId}': MSK publishes no consumer-lag metrics `
      + 'for such a group, so its lag alarm would never fire. Use \'-\' or \'.\' instead');
  }
  if (!GROUP_ID.test(groupId)) {
    throw new InputError(`${field} must be 1-200 characters of a-z, A-Z, 0-9 and - / * _ + = . @, got '${groupId}'`);
  }
}
