import { IConstruct } from 'constructs';
import { itemLine } from './item-line';
import { pricePart, PricingAssumptions } from './part-costs';
import { PartCost, PipelineCostItem, PipelineCostReport, UnpricedPart } from './pipeline-cost-report';
import { PipelinePriceList } from './pipeline-price-list';
import { compareText } from '../../common/compare-text';
import { pct, usd } from '../../common/format';
import { cents } from '../../planning/cost/billing';
import { partLabel } from '../part-label';
import { layerTitle } from '../pipeline-layer';
import { PipelinePart } from '../pipeline-parts';

const LARGEST = 3;
const HEADLINE_NAMES = 5;

/** Prices every part and adds them up, naming the largest items. */
export function costReport(pipeline: IConstruct, parts: PipelinePart[], prices: PipelinePriceList,
  assumptions: PricingAssumptions): PipelineCostReport {
  const priced: PartCost[] = [];
  const unpriced: UnpricedPart[] = [];
  for (const part of parts) {
    const label = partLabel(part.construct, pipeline);
    const pricing = pricePart(part, prices, assumptions);
    if ('notPriced' in pricing) {
      unpriced.push({ part: label, service: part.service, reason: pricing.notPriced });
    } else {
      priced.push({ part: label, layer: part.layer, service: part.service, monthlyUsd: pricing.estimate.monthlyUsd, estimate: pricing.estimate });
    }
  }
  priced.sort((a, b) => b.monthlyUsd - a.monthlyUsd || compareText(a.part, b.part));
  // By label, as the dashboard orders by path: the same on every synth, whatever order the parts were built in.
  unpriced.sort((a, b) => compareText(a.part, b.part));
  const monthlyUsd = cents(priced.reduce((n, p) => n + p.monthlyUsd, 0));
  const largestItems: PipelineCostItem[] = priced
    .flatMap(p => p.estimate.items.map(item => ({ part: p.part, item, share: monthlyUsd > 0 ? item.monthlyUsd / monthlyUsd : 0 })))
    .sort((a, b) => b.item.monthlyUsd - a.item.monthlyUsd)
    .slice(0, LARGEST);
  const headline = `${usd(monthlyUsd)} a month at peak; largest: `
    + (largestItems.length === 0 ? 'none' : largestItems.map(l => `${l.part} ${l.item.name} ${usd(l.item.monthlyUsd)} (${pct(l.share)})`).join(', '))
    + (unpriced.length > 0 ? `; not priced: ${namesOf(unpriced.map(u => u.part))}` : '');
  return { monthlyUsd, parts: priced, largestItems, unpriced, headline, text: reportText(monthlyUsd, priced, largestItems, unpriced) };
}

/** Up to five names, then how many more: a stack output stays short however large the pipeline. */
function namesOf(names: string[]): string {
  const shown = names.slice(0, HEADLINE_NAMES).join(', ');
  return names.length > HEADLINE_NAMES ? `${shown} and ${names.length - HEADLINE_NAMES} more` : shown;
}

function reportText(total: number, parts: PartCost[], largest: PipelineCostItem[], unpriced: UnpricedPart[]): string {
  const lines = [`Monthly cost at peak: ${usd(total)}`];
  if (largest.length > 0) {
    lines.push('Largest items:');
    largest.forEach((l, i) => lines.push(`  ${i + 1}. ${l.part}: ${l.item.name} ${usd(l.item.monthlyUsd)} (${pct(l.share)})`));
  }
  lines.push('By part:');
  for (const part of parts) {
    lines.push(`  ${part.part} (${part.service}, ${layerTitle(part.layer).toLowerCase()}): ${usd(part.monthlyUsd)}`);
    for (const item of part.estimate.items) {
      lines.push(`      ${itemLine(item)}`);
    }
  }
  for (const u of unpriced) {
    lines.push(`  ${u.part} (${u.service}): not priced: ${u.reason}`);
  }
  const notes = [...new Set(parts.flatMap(p => p.estimate.notes))];
  if (notes.length > 0) {
    lines.push('Notes:');
    notes.forEach(n => lines.push(`  - ${n}`));
  }
  return lines.join('\n') + '\n';
}
