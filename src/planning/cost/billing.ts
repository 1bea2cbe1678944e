import { CostItem } from './cost-item';
import { BYTES_PER_MIB } from '../units';

/** AWS bills a month as 730 hours. */
export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
/** AWS prices data per GB of 2^30 bytes. */
export const BYTES_PER_GB = 1024 * 1024 * 1024;

/** GB in a month of a steady MiB/s: × 730 h × 3,600 s × 2^20 ÷ 2^30. */
export function gbPerMonth(mibPerSecond: number): number {
  return mibPerSecond * BYTES_PER_MIB * SECONDS_PER_MONTH / BYTES_PER_GB;
}

/** Rounds to the cent, as every figure of an estimate is reported. */
export function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

/** A billed item of `quantity` units at `unitPriceUsd` each, its cost rounded to the cent. */
export function billedItem(name: string, quantity: number, unit: string, unitPriceUsd: number): CostItem {
  return { name, monthlyUsd: cents(quantity * unitPriceUsd), quantity, unit, unitPriceUsd };
}
