/**
 * A Kafka Connect version of Amazon MSK Connect: the runtime its workers run a
 * connector's plugin on.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect.html
 */
export class KafkaConnectVersion {
  /** Kafka Connect 2.7.1, MSK Connect's first runtime. */
  public static readonly V2_7_1 = new KafkaConnectVersion('2.7.1');
  /** Kafka Connect 3.7.x, the newest runtime when this library was written: the default. */
  public static readonly V3_7_X = new KafkaConnectVersion('3.7.x');

  /**
   * Any version by its MSK Connect name, for one newer than this library.
   * @param version e.g. '3.7.x'
   */
  public static of(version: string): KafkaConnectVersion {
    return new KafkaConnectVersion(version);
  }

  private constructor(
    /** The version as MSK Connect names it, e.g. `3.7.x`. */
    public readonly version: string) {}

  /** Whether the name has MSK Connect's shape (`2.7.1`, `3.7.x`). */
  public get isWellFormed(): boolean {
    return /^\d+\.\d+\.(\d+|x)$/.test(this.version);
  }
}
