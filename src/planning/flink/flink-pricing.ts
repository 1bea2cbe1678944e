import { FlinkCostEstimate } from './flink-cost-estimate';
import { FlinkLimits } from './flink-limits';
import { FlinkPriceList } from './flink-price-list';
import { US_EAST_1_KPU_HOUR_USD, US_EAST_1_RUNNING_STORAGE_GB_MONTH_USD } from './us-east-1-flink-prices';
import { num, usd } from '../../common/format';
import { billedItem, cents, HOURS_PER_MONTH } from '../cost/billing';
import { CostItem } from '../cost/cost-item';
import { resolvePriceList } from '../cost/resolve-price-list';

/** Prices with every default filled in. */
export interface ResolvedFlinkPrices {
  readonly kpuHourUsd: number;
  readonly runningStorageGbMonthUsd: number;
}

/** Checks price overrides (known figures, at least 0) and fills in the us-east-1 list prices. */
export function resolveFlinkPrices(prices?: FlinkPriceList): ResolvedFlinkPrices {
  return resolvePriceList('prices', {
    kpuHourUsd: US_EAST_1_KPU_HOUR_USD,
    runningStorageGbMonthUsd: US_EAST_1_RUNNING_STORAGE_GB_MONTH_USD,
  }, prices);
}

/** What the application is priced at: job KPUs now and at the autoscaling ceiling. */
export interface FlinkPricingInputs {
  readonly kpus: number;
  readonly maxKpusWithAutoScaling: number;
  readonly includeRunningStorage: boolean;
}

function monthly(p: ResolvedFlinkPrices, kpus: number, withStorage: boolean): number {
  const kpuUsd = (kpus + FlinkLimits.ORCHESTRATION_KPUS) * HOURS_PER_MONTH * p.kpuHourUsd;
  const storageUsd = withStorage ? kpus * FlinkLimits.RUNNING_STORAGE_GB_PER_KPU * p.runningStorageGbMonthUsd : 0;
  return kpuUsd + storageUsd;
}

/**
 * Monthly cost of an application: billed KPUs (the job's and the orchestration KPU) × 730
 * hours, and running storage (50 GB per job KPU), included in the total only when asked.
 */
export function priceApplication(p: ResolvedFlinkPrices, plan: FlinkPricingInputs): FlinkCostEstimate {
  const billedKpus = plan.kpus + FlinkLimits.ORCHESTRATION_KPUS;
  const storageGb = plan.kpus * FlinkLimits.RUNNING_STORAGE_GB_PER_KPU;
  const kpuHours = billedItem('KPU-hours', billedKpus * HOURS_PER_MONTH, 'KPU-hour', p.kpuHourUsd);
  const storage = billedItem('running application storage', storageGb, 'GB-month', p.runningStorageGbMonthUsd);
  const items: CostItem[] = plan.includeRunningStorage ? [kpuHours, storage] : [kpuHours];
  const notes = [
    plan.includeRunningStorage
      ? `Running application storage (${num(storageGb, 0)} GB, 50 per KPU) is included at ${usd(p.runningStorageGbMonthUsd)} per GB-month: `
        + 'AWS\'s billing page charges it, while its scaling guide describes it as provided with each KPU.'
      : `Running application storage (${num(storageGb, 0)} GB, 50 per KPU) would add ${usd(storage.monthlyUsd)} at ${usd(p.runningStorageGbMonthUsd)} per GB-month; `
        + 'not included: AWS\'s sources disagree on whether it is billed on top of the KPUs (set includeRunningStorage to count it).',
    'Durable application backups (snapshots), data transfer and the source and sinks are not included; '
      + 'per-second billing with a ten-minute minimum makes an application stopped part of the month cost less.',
  ];
  return {
    monthlyUsd: cents(monthly(p, plan.kpus, plan.includeRunningStorage)),
    items,
    notes,
    kpuHoursMonthlyUsd: kpuHours.monthlyUsd,
    runningStorageMonthlyUsd: storage.monthlyUsd,
    runningStorageIncluded: plan.includeRunningStorage,
    maxMonthlyUsd: cents(monthly(p, plan.maxKpusWithAutoScaling, plan.includeRunningStorage)),
  };
}
