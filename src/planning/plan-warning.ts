/**
 * A risk a plan found: legal, but likely to throttle, cost more, or surprise.
 *
 * Every planner reports its warnings in this shape (`ShardPlan.warnings`,
 * `PartitionKeyAnalysis.warnings`). The constructs raise each one as a CDK warning
 * named `cdk-streaming-pipelines:<Construct>:<id>`, which a user who has decided to
 * accept the risk can acknowledge with `Annotations.of(scope).acknowledgeWarning()`.
 */
export interface PlanWarning {
  /**
   * Stable id of the kind of risk, e.g. `shardCountBelowPlan` or `partitionKeyUneven`.
   *
   * Ids never change once released: they are what acknowledgements match.
   */
  readonly id: string;

  /** What is at risk and what to change, in sentences, with the plan's figures. */
  readonly message: string;
}
