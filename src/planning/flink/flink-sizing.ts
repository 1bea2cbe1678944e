import { FlinkLimits } from './flink-limits';
import { FlinkPlan } from './flink-plan';
import { summariseFlinkPlan } from './flink-plan-summary';
import { flinkPlanWarnings } from './flink-plan-warnings';
import { FlinkPriceList } from './flink-price-list';
import { priceApplication, resolveFlinkPrices } from './flink-pricing';
import { FlinkThroughput } from './flink-throughput';
import { FlinkWorkload } from './flink-workload';
import { checkKnown, checkPositive, checkRange, NumberField } from '../../common/checks';
import { InputError } from '../../common/input-error';

/** Options for `FlinkSizing.plan()`. */
export interface FlinkPlanOptions {
  /**
   * The most KPUs the application may use: your account's Managed Service for Apache Flink
   * quota on KPUs per application, when AWS has raised it for you (Service Quotas or a
   * support case). The plan refuses a parallelism that needs more, and autoscaling stops
   * here. The orchestration KPU is not counted against it.
   *
   * @default 64 (the default quota)
   * @see https://docs.aws.amazon.com/managed-flink/latest/java/how-scaling.html
   */
  readonly maxKpus?: number;

  /**
   * Managed Flink prices to estimate the cost with.
   * @default - us-east-1 list prices
   */
  readonly prices?: FlinkPriceList;

  /**
   * Whether `cost.monthlyUsd` and `cost.items` include the running application storage
   * (50 GB per KPU at the GB-month price).
   *
   * AWS's sources disagree: its per-second billing page says applications "are also charged
   * for running storage" and the pricing page's examples price it at $0.10 per GB-month,
   * while the scaling and resources guides describe 50 GB as provided with each KPU. The
   * plan prices it either way (`cost.runningStorageMonthlyUsd`) and says so in `cost.notes`.
   *
   * @default false - the total is the KPU-hours, as in AWS's headline figure
   *   (1 + 1 KPU ≈ $160.60 a month); the storage is reported beside it
   * @see https://docs.aws.amazon.com/managed-flink/latest/java/how-pricing.html
   */
  readonly includeRunningStorage?: boolean;
}

/** Largest headroom accepted (plan for 11× the stated peak), as for the other planners. */
const MAX_HEADROOM = 10;
/** Rounding slack so that e.g. 3 × 0.1 of a subtask does not need a 4th. */
const EPSILON = 1e-9;

/** Requires an integer of at least 1 (no upper bound of its own). */
function checkCount(field: NumberField, value: number | undefined, what: string): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
    throw new InputError(`\`${field.name}\` must be an integer of at least 1 (${what}), got ${value}`);
  }
}

/**
 * Sizes a Managed Service for Apache Flink application from its parallelism.
 *
 * `KPUs = ceil(parallelism ÷ parallelismPerKpu)`, plus one orchestration KPU billed per
 * application; 50 GB of running application storage per KPU; cost at the KPU-hour price
 * over 730 hours. With autoscaling on, the service may double the parallelism up to
 * `parallelismPerKpu` × the KPU limit, and the plan prices that ceiling too.
 *
 * Pure: no constructs, like `ShardSizing` and `BrokerSizing`.
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/java/how-scaling.html
 * @see https://aws.amazon.com/managed-service-apache-flink/pricing/
 */
export class FlinkSizing {
  /**
   * Plans the KPUs, running storage, autoscaling ceiling and cost of an application.
   *
   * Throws when a figure is not an integer in its allowed range, or when the parallelism
   * needs more KPUs than the application may use.
   */
  public static plan(workload: FlinkWorkload = {}, options: FlinkPlanOptions = {}): FlinkPlan {
    const figures: Array<[string, number | undefined]> = [
      ['parallelism', workload.parallelism],
      ['parallelismPerKpu', workload.parallelismPerKpu],
      ['sourceParallelism', workload.sourceParallelism],
      ['maxKpus', options.maxKpus],
    ];
    for (const [name, value] of figures) {
      checkKnown({ name }, value);
    }
    checkCount({ name: 'maxKpus' }, options.maxKpus, 'your KPU quota per application');
    checkRange({ name: 'parallelismPerKpu' }, workload.parallelismPerKpu, 1, FlinkLimits.MAX_PARALLELISM_PER_KPU, true);
    const parallelismPerKpu = workload.parallelismPerKpu ?? FlinkLimits.DEFAULT_PARALLELISM_PER_KPU;
    const maxKpus = options.maxKpus ?? FlinkLimits.DEFAULT_MAX_KPUS;

    // 256 is the documented maximum; the same page puts the limit at ParallelismPerKPU × the
    // KPU quota, so a raised quota (maxKpus given) lifts it to that product.
    const parallelismCeiling = options.maxKpus === undefined
      ? FlinkLimits.MAX_PARALLELISM
      : Math.max(FlinkLimits.MAX_PARALLELISM, parallelismPerKpu * maxKpus);
    const p = workload.parallelism;
    if (p !== undefined && Number.isInteger(p) && p > parallelismCeiling) {
      throw new InputError(options.maxKpus === undefined
        ? `\`parallelism\` must be an integer between 1 and ${FlinkLimits.MAX_PARALLELISM}, got ${p}: `
          + `${FlinkLimits.MAX_PARALLELISM} is the documented maximum; the service allows parallelismPerKpu × its KPU quota per application, `
          + 'so with a raised quota give it as `maxKpus`'
        : `\`parallelism\` must be an integer between 1 and ${parallelismCeiling} `
          + `(parallelismPerKpu ${parallelismPerKpu} × maxKpus ${maxKpus}), got ${p}`);
    }
    checkRange({ name: 'parallelism' }, p, 1, parallelismCeiling, true);
    checkCount({ name: 'sourceParallelism' }, workload.sourceParallelism, 'the shards or partitions the job reads');
    const parallelism = p ?? FlinkLimits.DEFAULT_PARALLELISM;

    const kpus = Math.ceil(parallelism / parallelismPerKpu);
    if (kpus > maxKpus) {
      const limit = options.maxKpus === undefined
        ? `the ${maxKpus} an application may use (the default Managed Service for Apache Flink quota on KPUs per application)`
        : `the \`maxKpus\` ${maxKpus} given`;
      throw new InputError(`\`parallelism\` ${parallelism} at \`parallelismPerKpu\` ${parallelismPerKpu} needs ${kpus} KPUs, above ${limit}: `
        + 'lower parallelism or raise parallelismPerKpu (up to 8), or ask AWS for a higher KPU quota (Service Quotas or a support case) '
        + 'and give it as `maxKpus`');
    }
    const autoScaling = workload.autoScaling ?? true;
    const maxParallelismWithAutoScaling = autoScaling ? parallelismPerKpu * maxKpus : parallelism;
    const maxKpusWithAutoScaling = autoScaling ? maxKpus : kpus;
    const plan = {
      workload: {
        parallelism,
        parallelismPerKpu,
        autoScaling,
        ...(workload.sourceParallelism === undefined ? {} : { sourceParallelism: workload.sourceParallelism }),
      },
      parallelism,
      parallelismPerKpu,
      autoScaling,
      kpus,
      orchestrationKpus: FlinkLimits.ORCHESTRATION_KPUS,
      billedKpus: kpus + FlinkLimits.ORCHESTRATION_KPUS,
      runningStorageGib: kpus * FlinkLimits.RUNNING_STORAGE_GB_PER_KPU,
      maxKpus,
      maxParallelismWithAutoScaling,
      maxKpusWithAutoScaling,
      cost: priceApplication(resolveFlinkPrices(options.prices), {
        kpus,
        maxKpusWithAutoScaling,
        includeRunningStorage: options.includeRunningStorage ?? false,
      }),
      warnings: flinkPlanWarnings({
        parallelism,
        parallelismPerKpu,
        sourceParallelism: workload.sourceParallelism,
        autoScaling,
        kpus,
        maxKpus,
      }),
    };
    return { ...plan, summary: summariseFlinkPlan(plan) };
  }

  /**
   * The parallelism a record rate needs: `ceil(recordsPerSecond × (1 + headroom) ÷
   * recordsPerSecondPerSubtask)`, at least 1.
   *
   * Only as good as the per-subtask rate, which the user measures for this job. The result
   * is not capped: `plan()` refuses it if the application may not run that many subtasks.
   */
  public static parallelismFor(throughput: FlinkThroughput): number {
    checkKnown({ name: 'recordsPerSecond' }, throughput.recordsPerSecond);
    checkKnown({ name: 'recordsPerSecondPerSubtask' }, throughput.recordsPerSecondPerSubtask);
    checkKnown({ name: 'headroom' }, throughput.headroom);
    if (throughput.recordsPerSecond === undefined || throughput.recordsPerSecondPerSubtask === undefined) {
      throw new InputError('`recordsPerSecond` and `recordsPerSecondPerSubtask` are required: the peak record rate and what one subtask sustains');
    }
    checkPositive({ name: 'recordsPerSecond', unit: 'records/s' }, throughput.recordsPerSecond);
    checkPositive({ name: 'recordsPerSecondPerSubtask', unit: 'records/s' }, throughput.recordsPerSecondPerSubtask);
    checkRange({ name: 'headroom', unit: '(a fraction: 0.25 plans for 25% above the peak)' }, throughput.headroom, 0, MAX_HEADROOM);
    const needed = throughput.recordsPerSecond * (1 + (throughput.headroom ?? 0)) / throughput.recordsPerSecondPerSubtask;
    return Math.max(1, Math.ceil(needed - EPSILON));
  }

  /** Static functions only: Java and .NET users would otherwise see a constructor that makes an object with nothing on it. */
  private constructor() {}
}
