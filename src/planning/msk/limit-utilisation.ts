import { BrokerLimit } from './broker-limit';

/** How much of one limit a plan uses at the stated peak. */
export interface LimitUtilisation {
  /** The limit. */
  readonly limit: BrokerLimit;
  /** What the workload needs of it, in `unit` (headroom not included). */
  readonly used: number;
  /** What the plan provides, in `unit`. */
  readonly capacity: number;
  /** The unit of `used` and `capacity`, e.g. `MiB/s`, `partitions`, `GiB`. */
  readonly unit: string;
  /** `used` ÷ `capacity` (1 = full). */
  readonly utilisation: number;
}
