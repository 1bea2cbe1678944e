/**
 * The kind of MSK provisioned broker a plan is for.
 *
 * MSK Serverless has no brokers to size: it is planned by `BrokerSizing.planServerless()`,
 * which checks the workload against the cluster and partition quotas instead.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-broker-types.html
 */
export enum KafkaBrokerType {
  /** Standard brokers (`kafka.m5.*`, `kafka.m7g.*`): EBS storage per broker that you size, any replication factor. */
  STANDARD = 'STANDARD',
  /** Express brokers (`express.m7g.*`): pay-as-you-go storage, 3 AZs, replication fixed at 3. */
  EXPRESS = 'EXPRESS',
}
