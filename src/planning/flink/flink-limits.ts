/**
 * Managed Service for Apache Flink figures the planner sizes and checks against
 * (shared/AWS-FACTS.md, "Managed Service for Apache Flink").
 *
 * - Parallelism default 1, maximum 256; ParallelismPerKPU default 1, maximum 8; "the limit
 *   for Parallelism is equal to ParallelismPerKPU times the limit for KPUs (which has a
 *   default of 64)", raised by a quota increase; one extra KPU per application for
 *   orchestration: Developer Guide, "Implement application scaling" (how-scaling).
 * - One KPU is 1 vCPU, 4 GB of memory and 50 GB of running application storage:
 *   how-scaling and "Review application resources" (how-resources).
 * - Autoscaling doubles `CurrentParallelism` when `containerCPUUtilization` stays at or
 *   above 75% for 15 one-minute data points, and halves it (rounded up) after 6 hours
 *   below 10%, never below `Parallelism`; it goes no higher than ParallelismPerKPU × the
 *   KPU limit: how-scaling-auto, API_ParallelismConfiguration.
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/java/how-scaling.html
 * @see https://docs.aws.amazon.com/managed-flink/latest/java/how-scaling-auto.html
 * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_ParallelismConfiguration.html
 */
export const FlinkLimits = {
  /** `Parallelism` when none is configured. */
  DEFAULT_PARALLELISM: 1,
  /**
   * Largest `Parallelism` the Developer Guide states. The same page says the real limit is
   * `ParallelismPerKPU` × the KPU quota, so the planner lifts it when `maxKpus` is given.
   */
  MAX_PARALLELISM: 256,
  /** `ParallelismPerKPU` when none is configured. */
  DEFAULT_PARALLELISM_PER_KPU: 1,
  /** Largest `ParallelismPerKPU`. */
  MAX_PARALLELISM_PER_KPU: 8,
  /** The default quota on KPUs per application (the orchestration KPU not counted). */
  DEFAULT_MAX_KPUS: 64,
  /** KPUs billed per application for orchestration, on top of the job's KPUs. */
  ORCHESTRATION_KPUS: 1,
  /** Running application storage that comes with each KPU, GB. */
  RUNNING_STORAGE_GB_PER_KPU: 50,
  /** Autoscaling multiplies parallelism by this on each scale-up. */
  AUTOSCALING_FACTOR: 2,
  /** CPU utilisation at or above which, for 15 minutes, autoscaling scales up. */
  SCALE_UP_CPU: 0.75,
};
