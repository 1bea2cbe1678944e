/**
 * A record rate and what one subtask of the job handles, from which
 * `FlinkSizing.parallelismFor()` derives a parallelism.
 *
 * The per-subtask rate is the user's to measure (a load test of the job on one KPU):
 * it depends on the job's code, state and sinks, and no rule of thumb replaces it.
 */
export interface FlinkThroughput {
  /** Peak records per second the job reads from its source. */
  readonly recordsPerSecond: number;

  /**
   * Records per second one subtask of this job sustains, as measured, at the CPU you are
   * prepared to run at (below the 75% at which autoscaling scales up).
   */
  readonly recordsPerSecondPerSubtask: number;

  /**
   * Fraction added on top of the peak before dividing, e.g. `0.25` plans for 25% more than
   * stated. Between 0 and 10.
   *
   * @default 0
   */
  readonly headroom?: number;
}
