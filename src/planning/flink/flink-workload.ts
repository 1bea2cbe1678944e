/**
 * How a Managed Service for Apache Flink application runs: the settings its KPUs, running
 * storage and cost derive from (the application's `ParallelismConfiguration`), and the
 * source it reads, for the warnings.
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/java/how-scaling.html
 */
export interface FlinkWorkload {
  /**
   * Parallelism of the job: how many subtasks each operator (source, operators, sinks) runs,
   * unless the job's code sets an operator's own. With autoscaling, the parallelism the
   * application starts at and never goes below.
   *
   * An integer from 1 to 256 (the figure the Developer Guide states; the same page puts the
   * real limit at `parallelismPerKpu` × the KPU quota, so with `maxKpus` given the planner
   * allows up to that product).
   *
   * @default 1
   * @see https://docs.aws.amazon.com/managed-flink/latest/java/how-scaling.html
   */
  readonly parallelism?: number;

  /**
   * Subtasks scheduled on each Kinesis Processing Unit (1 vCPU, 4 GB). Above 1 suits jobs
   * that mostly wait on I/O; CPU-bound jobs want 1. An integer from 1 to 8.
   *
   * @default 1
   */
  readonly parallelismPerKpu?: number;

  /**
   * Whether the service scales the application on CPU: when `containerCPUUtilization` stays
   * at or above 75% for 15 minutes it doubles the parallelism (and the KPUs), up to
   * `parallelismPerKpu` × the KPU limit; after 6 hours below 10% it halves it, never below
   * `parallelism`. CPU only: memory pressure or lag alone does not scale it.
   *
   * @default true (the service's default)
   * @see https://docs.aws.amazon.com/managed-flink/latest/java/how-scaling-auto.html
   */
  readonly autoScaling?: boolean;

  /**
   * Shards of the Kinesis stream or partitions of the Kafka topic the job reads. Each shard
   * or partition is read by one source subtask, so source subtasks beyond this number read
   * nothing; the plan warns when `parallelism` exceeds it.
   *
   * @default - not known: no check against the source
   */
  readonly sourceParallelism?: number;
}
