import { InputError } from '../common/input-error';

/**
 * The Apache Flink version a Managed Service for Apache Flink application runs
 * (`RuntimeEnvironment`).
 *
 * The constants are the versions this library was tested with; `FlinkRuntime.of()` takes
 * any other the service accepts (e.g. `FlinkRuntime.of('FLINK-2_2')`). The application's
 * alarms follow the version: Flink 2 deprecates `downtime` and removes `fullRestarts`, so a
 * 2.x application is watched on `restartingTime` and `failingTime` instead.
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/java/metrics-dimensions.html
 * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_CreateApplication.html
 */
export class FlinkRuntime {
  /** Apache Flink 1.18. */
  public static readonly FLINK_1_18 = new FlinkRuntime('FLINK-1_18');
  /** Apache Flink 1.19. */
  public static readonly FLINK_1_19 = new FlinkRuntime('FLINK-1_19');
  /** Apache Flink 1.20, the default: the last 1.x release, supported long term by Apache Flink. */
  public static readonly FLINK_1_20 = new FlinkRuntime('FLINK-1_20');

  /**
   * A runtime by its `RuntimeEnvironment` value, `FLINK-<major>_<minor>`.
   * Throws when the value is not of that form.
   */
  public static of(value: string): FlinkRuntime {
    if (!/^FLINK-\d+_\d+$/.test(value)) {
      throw new InputError(`FlinkRuntime.of() takes a Managed Flink RuntimeEnvironment of the form FLINK-<major>_<minor> (e.g. FLINK-2_2), got '${value}'`);
    }
    return new FlinkRuntime(value);
  }

  /** The Flink major version: 1 or 2. */
  public readonly majorVersion: number;

  private constructor(
    /** The `RuntimeEnvironment` value, e.g. `FLINK-1_20`. */
    public readonly value: string) {
    this.majorVersion = Number(value.slice('FLINK-'.length).split('_')[0]);
  }
}
