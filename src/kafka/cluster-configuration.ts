import { KafkaBrokerType } from '../planning/msk/kafka-broker-type';

/**
 * Broker settings that lose nothing:
 * - no topic auto-creation: a typo in a producer's topic name fails instead of creating
 *   a topic nobody reads, with default partitions nobody planned;
 * - replication factor 3 and `min.insync.replicas` 2: an acknowledged write (acks=all)
 *   is on two brokers, and one broker (or one AZ) can be lost;
 * - no unclean leader election: an out-of-sync replica never becomes leader and drops
 *   acknowledged records.
 *
 * Express brokers fix the replication factor at 3 and `min.insync.replicas` at 2 and
 * accept only a short list of static settings: they get topic auto-creation off only.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-configuration-properties.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-configuration-express-read-write.html
 */
export function serverProperties(brokerType: KafkaBrokerType, replicationFactor: number): string {
  const lines = ['auto.create.topics.enable=false'];
  if (brokerType === KafkaBrokerType.STANDARD) {
    lines.push(
      `default.replication.factor=${replicationFactor}`,
      `min.insync.replicas=${Math.min(2, replicationFactor)}`,
      'unclean.leader.election.enable=false',
    );
  }
  return lines.join('\n') + '\n';
}
