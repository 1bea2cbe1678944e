import { Token } from 'aws-cdk-lib';
import * as kafkaconnect from 'aws-cdk-lib/aws-kafkaconnect';
import { checkRange } from '../common/checks';
import { InputError } from '../common/input-error';

/** MSK Connect units per worker: 1 MCU is 1 vCPU and 4 GiB. */
const MCU_COUNTS = [1, 2, 4, 8];
/** Workers per connector. */
const WORKERS = { min: 1, max: 10 };

/** An autoscaled connector: workers added and removed with their CPU. */
export interface AutoScaledCapacityOptions {
  /**
   * MSK Connect units per worker: 1, 2, 4 or 8 (1 MCU is 1 vCPU and 4 GiB of memory).
   * @default 1
   */
  readonly mcuCount?: number;
  /**
   * The fewest workers, 1 to 10.
   * @default 1
   */
  readonly minWorkerCount?: number;
  /**
   * The most workers, 1 to 10, at least `minWorkerCount`.
   * @default - 2, or `minWorkerCount` when that is more
   */
  readonly maxWorkerCount?: number;
  /**
   * Workers' CPU, in percent, under which one is removed: 1 to 100, below `scaleOutCpuPercent`.
   * @default 20
   */
  readonly scaleInCpuPercent?: number;
  /**
   * Workers' CPU, in percent, over which one is added: 1 to 100.
   * @default 80
   */
  readonly scaleOutCpuPercent?: number;
}

/** A connector with a fixed number of workers. */
export interface ProvisionedCapacityOptions {
  /**
   * MSK Connect units per worker: 1, 2, 4 or 8 (1 MCU is 1 vCPU and 4 GiB of memory).
   * @default 1
   */
  readonly mcuCount?: number;
  /**
   * Workers, 1 to 10.
   * @default 1
   */
  readonly workerCount?: number;
}

/**
 * The workers an MSK Connect connector runs on, autoscaled or provisioned.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-capacity.html
 */
export class ConnectorCapacity {
  /** Workers added when their CPU is high and removed when it is low, within a range. */
  public static autoScaled(options: AutoScaledCapacityOptions = {}): ConnectorCapacity {
    return new ConnectorCapacity(options, undefined);
  }

  /** A fixed number of workers. */
  public static provisioned(options: ProvisionedCapacityOptions = {}): ConnectorCapacity {
    return new ConnectorCapacity(undefined, options);
  }

  private constructor(
    private readonly autoScaling: AutoScaledCapacityOptions | undefined,
    private readonly provisionedOptions: ProvisionedCapacityOptions | undefined) {}

  /** MSK Connect units per worker. */
  public get mcuCount(): number {
    return (this.autoScaling ?? this.provisionedOptions)?.mcuCount ?? 1;
  }

  /** Whether workers are added and removed with their CPU. */
  public get isAutoScaled(): boolean {
    return this.autoScaling !== undefined;
  }

  /** The most workers the connector runs on. */
  public get maxWorkerCount(): number {
    if (this.autoScaling) {
      return this.autoScaling.maxWorkerCount ?? Math.max(2, this.autoScaling.minWorkerCount ?? 1);
    }
    return this.provisionedOptions?.workerCount ?? 1;
  }

  /**
   * The capacity for CloudFormation, checked against MSK Connect's limits.
   * @internal
   */
  public _render(): kafkaconnect.CfnConnector.CapacityProperty {
    const mcuCount = this.mcuCount;
    checkMcu(mcuCount);
    if (!this.autoScaling) {
      const workerCount = this.maxWorkerCount;
      checkRange({ name: 'workerCount' }, workerCount, WORKERS.min, WORKERS.max, true);
      return { provisionedCapacity: { mcuCount, workerCount } };
    }
    const minWorkerCount = this.autoScaling.minWorkerCount ?? 1;
    const maxWorkerCount = this.maxWorkerCount;
    const scaleIn = this.autoScaling.scaleInCpuPercent ?? 20;
    const scaleOut = this.autoScaling.scaleOutCpuPercent ?? 80;
    checkRange({ name: 'minWorkerCount' }, minWorkerCount, WORKERS.min, WORKERS.max, true);
    checkRange({ name: 'maxWorkerCount' }, maxWorkerCount, WORKERS.min, WORKERS.max, true);
    checkRange({ name: 'scaleInCpuPercent', unit: '%' }, scaleIn, 1, 100, true);
    checkRange({ name: 'scaleOutCpuPercent', unit: '%' }, scaleOut, 1, 100, true);
    if (known(minWorkerCount, maxWorkerCount) && minWorkerCount > maxWorkerCount) {
      throw new InputError(`\`maxWorkerCount\` must be at least \`minWorkerCount\` (${minWorkerCount}), got ${maxWorkerCount}`);
    }
    if (known(scaleIn, scaleOut) && scaleIn >= scaleOut) {
      throw new InputError(`\`scaleInCpuPercent\` must be below \`scaleOutCpuPercent\` (${scaleOut}%), got ${scaleIn}%: `
        + 'otherwise workers are added and removed in turn');
    }
    return {
      autoScaling: {
        mcuCount,
        minWorkerCount,
        maxWorkerCount,
        scaleInPolicy: { cpuUtilizationPercentage: scaleIn },
        scaleOutPolicy: { cpuUtilizationPercentage: scaleOut },
      },
    };
  }
}

function checkMcu(mcuCount: number): void {
  if (!Token.isUnresolved(mcuCount) && !MCU_COUNTS.includes(mcuCount)) {
    throw new InputError(`\`mcuCount\` must be 1, 2, 4 or 8 MSK Connect units per worker, got ${mcuCount}`);
  }
}

function known(...values: number[]): boolean {
  return values.every(v => !Token.isUnresolved(v));
}
