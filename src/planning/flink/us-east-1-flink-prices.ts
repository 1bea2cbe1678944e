/**
 * us-east-1 Managed Service for Apache Flink list prices (shared/AWS-FACTS.md, "Managed
 * Service for Apache Flink"; the worked examples of
 * https://aws.amazon.com/managed-service-apache-flink/pricing/, US East (N. Virginia)).
 */

/** One KPU for one hour, USD: $0.11 per KPU-hour. */
export const US_EAST_1_KPU_HOUR_USD = 0.11;

/** Running application storage, USD per GB-month: $0.10 per GB-month. */
export const US_EAST_1_RUNNING_STORAGE_GB_MONTH_USD = 0.10;
