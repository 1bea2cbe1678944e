import { cents } from '../../planning/cost/billing';
import { CostEstimate } from '../../planning/cost/cost-estimate';
import { CostItem } from '../../planning/cost/cost-item';

/**
 * An estimate of these items, totalled from quantity × unit price before rounding (so that
 * the total does not carry each item's rounding to the cent); items of $0 are left out.
 */
export function sumItems(items: CostItem[], notes: string[]): CostEstimate {
  const kept = items.filter(i => i.monthlyUsd > 0);
  return { monthlyUsd: cents(items.reduce((n, i) => n + (i.quantity ?? 0) * (i.unitPriceUsd ?? 0), 0)), items: kept, notes };
}

/** One estimate of a part that several services bill: their items and notes together. */
export function joinEstimates(...estimates: CostEstimate[]): CostEstimate {
  return sumItems(estimates.flatMap(e => e.items), estimates.flatMap(e => e.notes));
}

/** An estimate with nothing billed, only a note: what a part leaves out, joined to what it prices. */
export function notesOnly(note: string): CostEstimate {
  return sumItems([], [note]);
}
