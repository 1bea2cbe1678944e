import { BrokerLimit } from './broker-limit';
import { KafkaBrokerType } from './kafka-broker-type';
import { KafkaCostEstimate } from './kafka-cost-estimate';
import { KafkaInstanceType } from './kafka-instance-type';
import { KafkaWorkload } from './kafka-workload';
import { KinesisComparison } from './kinesis-comparison';
import { LimitUtilisation } from './limit-utilisation';
import { PlanWarning } from '../plan-warning';

/**
 * How many brokers of which size a Kafka workload needs, why, how full they run, and
 * what they cost, against the same workload on Kinesis.
 *
 * Produced by `BrokerSizing.plan()`.
 */
export interface BrokerPlan {
  /** The workload planned for, with every default filled in (`partitions` as planned). */
  readonly workload: KafkaWorkload;
  /** Standard or Express brokers. */
  readonly brokerType: KafkaBrokerType;
  /** The broker size: the one given, or the cheapest that carries the workload. */
  readonly instanceType: KafkaInstanceType;
  /** Brokers the plan is evaluated at, a multiple of `availabilityZones`: the required count, or the count given. */
  readonly brokerCount: number;
  /** Brokers the workload needs at `instanceType`: the largest need, rounded up to a multiple of `availabilityZones`. */
  readonly requiredBrokerCount: number;
  /** Availability Zones the brokers are spread over (2 or 3; 3 for Express). */
  readonly availabilityZones: number;
  /**
   * EBS volume of each broker, whole GiB within 1–16,384: ingress × retention × replication
   * factor ÷ brokers, with headroom. For Express (storage billed as used) the data each broker holds.
   */
  readonly storageGibPerBroker: number;
  /** Partitions of all topics together, before replication: the workload's or the planned count. */
  readonly partitions: number;
  /** Partition replicas per broker: partitions × replication factor ÷ brokers, rounded up. */
  readonly partitionsPerBroker: number;
  /** The limit that decides `requiredBrokerCount`. */
  readonly bindingLimit: BrokerLimit;
  /** Each limit's use at `brokerCount` brokers and the stated peak. */
  readonly utilisation: LimitUtilisation[];
  /** Monthly cost of the cluster. */
  readonly cost: KafkaCostEstimate;
  /**
   * The same workload on Kinesis and which is cheaper.
   * @default - no comparison: the workload is beyond what one Kinesis stream carries
   */
  readonly kinesisComparison?: KinesisComparison;
  /**
   * Risks in the plan that need a decision, each with a stable id: `brokerCountBelowPlan`,
   * `replicationFactorBelowThree`, `twoAvailabilityZones`, `moreBrokersThanZooKeeperAllows`.
   */
  readonly warnings: PlanWarning[];
  /** The plan explained in a few lines, for logs and reports. */
  readonly summary: string;
}
