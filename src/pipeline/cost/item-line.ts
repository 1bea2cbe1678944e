import { num, usd } from '../../common/format';
import { CostItem } from '../../planning/cost/cost-item';

/** A billed item in one line: `shard-hours: $10.95 (730 shard-hour × $0.015)`. */
export function itemLine(item: CostItem): string {
  const quantity = item.quantity !== undefined && item.unit !== undefined
    ? ` (${num(item.quantity)} ${item.unit} × ${unitPrice(item.unitPriceUsd ?? 0)})` : '';
  return `${item.name}: ${usd(item.monthlyUsd)}${quantity}`;
}

/** A unit price as the price list states it: $0.015 a shard-hour, $0.0000166667 a GB-second, not rounded to the cent. */
function unitPrice(price: number): string {
  return Number.isInteger(price * 100) ? usd(price) : `$${price}`;
}
