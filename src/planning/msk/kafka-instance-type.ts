import { KafkaBrokerType } from './kafka-broker-type';

/**
 * An MSK broker instance size the planner knows the capacity of.
 *
 * The library's own enum-like class rather than msk-alpha's `InstanceType`, so that pure
 * planning code needs no alpha module. Only sizes whose throughput AWS publishes are
 * listed: Standard m5 and m7g from large to 4xlarge (AWS's sizing model), Express m7g
 * from large to 16xlarge.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/broker-instance-sizes.html
 */
export class KafkaInstanceType {
  /** Standard `kafka.m5.large`: 81 MiB/s EBS, 96 MiB/s network, 1,000 partitions. */
  public static readonly M5_LARGE = new KafkaInstanceType('kafka.m5.large', KafkaBrokerType.STANDARD);
  /** Standard `kafka.m5.xlarge`: 144 MiB/s EBS, 160 MiB/s network, 1,000 partitions. */
  public static readonly M5_XLARGE = new KafkaInstanceType('kafka.m5.xlarge', KafkaBrokerType.STANDARD);
  /** Standard `kafka.m5.2xlarge`: 250 MiB/s EBS, 320 MiB/s network, 2,000 partitions. */
  public static readonly M5_2XLARGE = new KafkaInstanceType('kafka.m5.2xlarge', KafkaBrokerType.STANDARD);
  /** Standard `kafka.m5.4xlarge`: 594 MiB/s EBS, 640 MiB/s network, 4,000 partitions. */
  public static readonly M5_4XLARGE = new KafkaInstanceType('kafka.m5.4xlarge', KafkaBrokerType.STANDARD);
  /** Standard `kafka.m7g.large` (Graviton): 79 MiB/s EBS, 117 MiB/s network, 1,000 partitions. */
  public static readonly M7G_LARGE = new KafkaInstanceType('kafka.m7g.large', KafkaBrokerType.STANDARD);
  /** Standard `kafka.m7g.xlarge`: 156 MiB/s EBS, 234 MiB/s network, 1,000 partitions. */
  public static readonly M7G_XLARGE = new KafkaInstanceType('kafka.m7g.xlarge', KafkaBrokerType.STANDARD);
  /** Standard `kafka.m7g.2xlarge`: 312 MiB/s EBS, 469 MiB/s network, 2,000 partitions. */
  public static readonly M7G_2XLARGE = new KafkaInstanceType('kafka.m7g.2xlarge', KafkaBrokerType.STANDARD);
  /** Standard `kafka.m7g.4xlarge`: 625 MiB/s EBS, 937 MiB/s network, 4,000 partitions. */
  public static readonly M7G_4XLARGE = new KafkaInstanceType('kafka.m7g.4xlarge', KafkaBrokerType.STANDARD);

  /** Express `express.m7g.large`: 15.6 MB/s in, 31.2 MB/s out sustained. */
  public static readonly EXPRESS_M7G_LARGE = new KafkaInstanceType('express.m7g.large', KafkaBrokerType.EXPRESS);
  /** Express `express.m7g.xlarge`: 31.2 MB/s in, 62.5 MB/s out sustained. */
  public static readonly EXPRESS_M7G_XLARGE = new KafkaInstanceType('express.m7g.xlarge', KafkaBrokerType.EXPRESS);
  /** Express `express.m7g.2xlarge`: 62.5 MB/s in, 125 MB/s out sustained. */
  public static readonly EXPRESS_M7G_2XLARGE = new KafkaInstanceType('express.m7g.2xlarge', KafkaBrokerType.EXPRESS);
  /** Express `express.m7g.4xlarge`: 124.9 MB/s in, 249.8 MB/s out sustained. */
  public static readonly EXPRESS_M7G_4XLARGE = new KafkaInstanceType('express.m7g.4xlarge', KafkaBrokerType.EXPRESS);
  /** Express `express.m7g.8xlarge`: 250 MB/s in, 500 MB/s out sustained. */
  public static readonly EXPRESS_M7G_8XLARGE = new KafkaInstanceType('express.m7g.8xlarge', KafkaBrokerType.EXPRESS);
  /** Express `express.m7g.12xlarge`: 375 MB/s in, 750 MB/s out sustained. */
  public static readonly EXPRESS_M7G_12XLARGE = new KafkaInstanceType('express.m7g.12xlarge', KafkaBrokerType.EXPRESS);
  /** Express `express.m7g.16xlarge`: 500 MB/s in, 1,000 MB/s out sustained. */
  public static readonly EXPRESS_M7G_16XLARGE = new KafkaInstanceType('express.m7g.16xlarge', KafkaBrokerType.EXPRESS);

  /** Every size the planner knows, smallest first within each broker type. */
  public static all(): KafkaInstanceType[] {
    return [
      KafkaInstanceType.M5_LARGE, KafkaInstanceType.M5_XLARGE, KafkaInstanceType.M5_2XLARGE, KafkaInstanceType.M5_4XLARGE,
      KafkaInstanceType.M7G_LARGE, KafkaInstanceType.M7G_XLARGE, KafkaInstanceType.M7G_2XLARGE, KafkaInstanceType.M7G_4XLARGE,
      KafkaInstanceType.EXPRESS_M7G_LARGE, KafkaInstanceType.EXPRESS_M7G_XLARGE, KafkaInstanceType.EXPRESS_M7G_2XLARGE,
      KafkaInstanceType.EXPRESS_M7G_4XLARGE, KafkaInstanceType.EXPRESS_M7G_8XLARGE, KafkaInstanceType.EXPRESS_M7G_12XLARGE,
      KafkaInstanceType.EXPRESS_M7G_16XLARGE,
    ];
  }

  /**
   * @param instanceTypeName the name MSK uses, e.g. `kafka.m5.large` or `express.m7g.large`
   * @param brokerType the broker type this size belongs to
   */
  private constructor(
    /** The name MSK uses, e.g. `kafka.m5.large` or `express.m7g.large`. */
    public readonly instanceTypeName: string,
    /** The broker type this size belongs to. */
    public readonly brokerType: KafkaBrokerType,
  ) {}

  /** The size as MSK names it. */
  public toString(): string {
    return this.instanceTypeName;
  }
}
