import { CostEstimate } from '../../planning/cost/cost-estimate';
import { CostItem } from '../../planning/cost/cost-item';
import { PipelineLayer } from '../pipeline-layer';

/** What one part of a pipeline costs a month. */
export interface PartCost {
  /** The part: its construct path within its stack, e.g. `Processing/FraudDetector`. */
  readonly part: string;
  /** Its layer. */
  readonly layer: PipelineLayer;
  /** What it runs on, e.g. `Kinesis stream`, `Lambda`, `Firehose to S3`. */
  readonly service: string;
  /** Its monthly cost, USD (`estimate.monthlyUsd`). */
  readonly monthlyUsd: number;
  /** The billed items and what they leave out. */
  readonly estimate: CostEstimate;
}

/** A billed item of a pipeline, with the part it belongs to: one of the largest. */
export interface PipelineCostItem {
  /** The part billed, as in `PartCost.part`. */
  readonly part: string;
  /** The item. */
  readonly item: CostItem;
  /** Its share of the pipeline's total, from 0 to 1. */
  readonly share: number;
}

/** A part the report leaves out, and why. */
export interface UnpricedPart {
  /** The part, as in `PartCost.part`. */
  readonly part: string;
  /** What it runs on. */
  readonly service: string;
  /** Why it is not priced. */
  readonly reason: string;
}

/**
 * What a whole pipeline costs a month at its stated peak, part by part: the report of
 * `StreamingPipeline.costReport()`.
 *
 * Figures assume the peak load runs all month (730 hours), as every plan does, so they are
 * an upper bound for a workload with quiet hours.
 */
export interface PipelineCostReport {
  /** Total monthly cost of the priced parts, USD. */
  readonly monthlyUsd: number;
  /** Each priced part, most expensive first. */
  readonly parts: PartCost[];
  /** The three most expensive billed items of the whole pipeline. */
  readonly largestItems: PipelineCostItem[];
  /** Parts left out, each with the reason. */
  readonly unpriced: UnpricedPart[];
  /** The report as text: total, largest items, then each part and its items. */
  readonly text: string;
  /** The total and the largest items in one line, for a stack output. */
  readonly headline: string;
}
