/** How many dedicated master nodes of which type. */
export interface DedicatedMastersOptions {
  /**
   * How many: 3 or 5. An odd number keeps a quorum (a majority of masters) when one
   * master node is lost; over 3 zones, also when a zone is lost. Over 2 zones, one zone
   * holds the majority, and losing it stops the cluster from electing a master.
   * @default 3
   * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-dedicatedmasternodes.html
   */
  readonly count?: number;

  /**
   * Their instance type.
   * @default 'm7g.large.search'
   */
  readonly instanceType?: string;
}

/**
 * Whether a domain has dedicated master nodes, which keep the cluster's state when data
 * nodes are busy or lost. A domain without them must say why (cdk-nag AwsSolutions-OS4).
 */
export class DedicatedMasters {
  /** Dedicated master nodes: `count` (3 or 5, default 3) of `instanceType` (default `m7g.large.search`). */
  public static of(options: DedicatedMastersOptions = {}): DedicatedMasters {
    return new DedicatedMasters(options.count ?? 3, options.instanceType ?? 'm7g.large.search', undefined);
  }

  /**
   * No dedicated master nodes: the data nodes elect the master among themselves. For
   * `reason` (a development domain, a small index that can be rebuilt), with which
   * cdk-nag's AwsSolutions-OS4 is acknowledged.
   */
  public static none(reason: string): DedicatedMasters {
    return new DedicatedMasters(undefined, undefined, reason);
  }

  private constructor(
    /** How many; undefined for none. */
    public readonly count: number | undefined,
    /** Their instance type; undefined for none. */
    public readonly instanceType: string | undefined,
    /** Why there are none; undefined when there are. */
    public readonly omittedBecause: string | undefined,
  ) {}
}
