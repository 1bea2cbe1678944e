/**
 * Amazon MSK list prices in USD, used by `BrokerSizing`.
 *
 * Every field defaults to the us-east-1 list price; override the ones that differ in
 * your region or contract, as with the Kinesis `PriceList`. Prices change: check the
 * pricing page before budgeting.
 *
 * @see https://aws.amazon.com/msk/pricing/
 */
export interface KafkaPriceList {
  /**
   * Price of one broker for one hour, by instance type name (e.g. `kafka.m5.large`).
   * Sizes not given keep their default.
   *
   * @default - us-east-1: kafka.m5.large 0.21, xlarge 0.42, 2xlarge 0.84, 4xlarge 1.68;
   *   kafka.m7g.large 0.204 and each larger size twice the one before; express.m7g.large
   *   0.408 and each larger size in proportion to its vCPUs
   */
  readonly brokerHourUsd?: { [instanceTypeName: string]: number };

  /**
   * Standard brokers: price of one GB of provisioned EBS storage for one month.
   * @default 0.10
   */
  readonly storageGbMonthUsd?: number;

  /**
   * Express brokers: price of one GB written to the cluster.
   * @default 0.01
   */
  readonly expressDataInPerGbUsd?: number;
}
