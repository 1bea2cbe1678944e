import { FlinkCostEstimate } from './flink-cost-estimate';
import { FlinkWorkload } from './flink-workload';
import { PlanWarning } from '../plan-warning';

/**
 * How many Kinesis Processing Units a Managed Service for Apache Flink application uses,
 * how far autoscaling can take it, and what it costs.
 *
 * Produced by `FlinkSizing.plan()`.
 */
export interface FlinkPlan {
  /** The workload planned for, with every default filled in (`sourceParallelism` stays unset when not given). */
  readonly workload: FlinkWorkload;

  /** The job's parallelism: the workload's, or 1. */
  readonly parallelism: number;

  /** Subtasks per KPU: the workload's, or 1. */
  readonly parallelismPerKpu: number;

  /** Whether the service scales the application on CPU. */
  readonly autoScaling: boolean;

  /** KPUs the job runs on: ceil(`parallelism` ÷ `parallelismPerKpu`). */
  readonly kpus: number;

  /** KPUs billed per application for orchestration on top of the job's: 1. */
  readonly orchestrationKpus: number;

  /** KPUs billed every hour: `kpus` + `orchestrationKpus`. */
  readonly billedKpus: number;

  /**
   * Running application storage that comes with the job's KPUs: 50 per KPU. AWS states it
   * in GB, which its bills count as 2^30 bytes, so GB and GiB are the same figure here. The
   * orchestration KPU is assumed to bring none.
   */
  readonly runningStorageGib: number;

  /** The KPU limit the plan checks against: `FlinkPlanOptions.maxKpus`, or the default quota of 64. */
  readonly maxKpus: number;

  /**
   * Highest parallelism autoscaling can reach: `parallelismPerKpu` × `maxKpus` (the
   * service's ceiling), or `parallelism` when autoscaling is off.
   */
  readonly maxParallelismWithAutoScaling: number;

  /**
   * Job KPUs at the autoscaling ceiling: `maxKpus`, or `kpus` when autoscaling is off. The
   * orchestration KPU comes on top.
   */
  readonly maxKpusWithAutoScaling: number;

  /** Monthly cost at `parallelism`, and the worst case at the autoscaling ceiling. */
  readonly cost: FlinkCostEstimate;

  /**
   * Risks in the plan that need a decision, each with a stable id:
   * `parallelismAboveSourceParallelism`, `autoScalingLimitedByMaxKpus`.
   */
  readonly warnings: PlanWarning[];

  /** The plan explained in a few lines, for logs and reports. */
  readonly summary: string;
}
