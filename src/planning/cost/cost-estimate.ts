import { CostItem } from './cost-item';

/**
 * Monthly cost of one part of a pipeline at its stated peak load.
 *
 * This is the shape every planner's estimate has, whatever the service: a total, the
 * billed items that make it up, and what the estimate leaves out. A planner that
 * compares options extends it with its own figures (`KinesisCostEstimate` prices a
 * stream in both capacity modes), so code that only adds up costs, such as a pipeline
 * cost report, reads `monthlyUsd` and `items` of any plan without knowing the service.
 *
 * Figures assume the peak load runs all month (730 hours), so they are an upper bound
 * for a workload with quiet hours.
 */
export interface CostEstimate {
  /**
   * Total monthly cost, USD: of the option the plan was told to use, or else of the
   * cheapest option the planner compared.
   */
  readonly monthlyUsd: number;

  /**
   * The billed items `monthlyUsd` is made of, each rounded to the cent on its own (so
   * they can add up to a cent or two away from `monthlyUsd`). Items that cost nothing
   * at the stated load are left out.
   */
  readonly items: CostItem[];

  /** What the estimate leaves out or assumes, in sentences. */
  readonly notes: string[];
}
