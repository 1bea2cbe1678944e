/**
 * us-east-1 MSK list prices (shared/AWS-FACTS.md, MSK section; https://aws.amazon.com/msk/pricing/).
 *
 * AWS-FACTS gives kafka.m5.large–4xlarge, kafka.m7g.large and express.m7g.large. The
 * larger m7g and Express sizes are derived: MSK prices a size in proportion to its vCPUs
 * (as the m5 figures show), so xlarge is twice large, 2xlarge four times, and so on.
 */
export const US_EAST_1_BROKER_HOUR_USD: Readonly<Record<string, number>> = {
  'kafka.m5.large': 0.21,
  'kafka.m5.xlarge': 0.42,
  'kafka.m5.2xlarge': 0.84,
  'kafka.m5.4xlarge': 1.68,
  'kafka.m7g.large': 0.204,
  'kafka.m7g.xlarge': 0.408,
  'kafka.m7g.2xlarge': 0.816,
  'kafka.m7g.4xlarge': 1.632,
  'express.m7g.large': 0.408,
  'express.m7g.xlarge': 0.816,
  'express.m7g.2xlarge': 1.632,
  'express.m7g.4xlarge': 3.264,
  'express.m7g.8xlarge': 6.528,
  'express.m7g.12xlarge': 9.792,
  'express.m7g.16xlarge': 13.056,
};

/** Sizes whose price is derived rather than taken from AWS-FACTS: the estimate says so. */
export const DERIVED_PRICES: ReadonlySet<string> = new Set([
  'kafka.m7g.xlarge', 'kafka.m7g.2xlarge', 'kafka.m7g.4xlarge',
  'express.m7g.xlarge', 'express.m7g.2xlarge', 'express.m7g.4xlarge', 'express.m7g.8xlarge',
  'express.m7g.12xlarge', 'express.m7g.16xlarge',
]);

/** Standard broker storage, USD per GB-month. */
export const US_EAST_1_STORAGE_GB_MONTH_USD = 0.10;
/** Express data in, USD per GB. */
export const US_EAST_1_EXPRESS_DATA_IN_PER_GB_USD = 0.01;
