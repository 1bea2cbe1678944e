/** How many dedicated master nodes of which type. */
export interface DedicatedMastersOptions {
  /**
   * How many: 3 or 5, an odd number so that a majority survives losing one zone.
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
  /** Dedicated master nodes: 3 `m7g.large.search` unless told otherwise. */
  public static of(options: DedicatedMastersOptions = {}): DedicatedMasters {
    return new DedicatedMasters(options.count ?? 3, options.instanceType ?? 'm7g.large.search', undefined);
  }

  /**
   * No dedicated master nodes, for `reason` (a development domain, a small index that can
   * be rebuilt): cdk-nag's AwsSolutions-OS4 is acknowledged with it.
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
