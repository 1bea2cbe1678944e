/**
 * An Apache Kafka version of Amazon MSK, as MSK names it (`3.8.x`, `3.7.x.kraft`).
 *
 * The library's own type (the MSK alpha module's `KafkaVersion` is not a dependency: see
 * the README). `KafkaVersion.of()` takes any version MSK lists, including ones newer than
 * this library.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/supported-kafka-versions.html
 */
export class KafkaVersion {
  /** Kafka 3.6.0: the oldest version on which CloudFormation manages topics (`AWS::MSK::Topic`). */
  public static readonly V3_6_0 = new KafkaVersion('3.6.0');
  /** Kafka 3.7.x, metadata in ZooKeeper. */
  public static readonly V3_7_X = new KafkaVersion('3.7.x');
  /** Kafka 3.7.x in KRaft mode (no ZooKeeper). */
  public static readonly V3_7_X_KRAFT = new KafkaVersion('3.7.x.kraft');
  /** Kafka 3.8.x, MSK's recommended version when this library was written: the default. */
  public static readonly V3_8_X = new KafkaVersion('3.8.x');
  /** Kafka 3.8.x in KRaft mode (no ZooKeeper). */
  public static readonly V3_8_X_KRAFT = new KafkaVersion('3.8.x.kraft');
  /** Kafka 3.9.x, metadata in ZooKeeper. */
  public static readonly V3_9_X = new KafkaVersion('3.9.x');
  /** Kafka 3.9.x in KRaft mode (no ZooKeeper). */
  public static readonly V3_9_X_KRAFT = new KafkaVersion('3.9.x.kraft');

  /**
   * Any version by its MSK name: `major.minor.patch` or `major.minor.x`, optionally
   * followed by `.kraft`.
   * @param version e.g. '4.0.x.kraft'
   */
  public static of(version: string): KafkaVersion {
    return new KafkaVersion(version);
  }

  /** The major and minor version, e.g. [3, 8]; undefined when the name does not start with them. */
  private readonly majorMinor?: [number, number];

  private constructor(
    /** The version as MSK names it, e.g. `3.8.x`. */
    public readonly version: string) {
    const match = /^(\d+)\.(\d+)\./.exec(version);
    this.majorMinor = match ? [Number(match[1]), Number(match[2])] : undefined;
  }

  /** Whether metadata is kept by Kafka's own controllers (KRaft) instead of ZooKeeper; Kafka 4 has no ZooKeeper. */
  public get isKraft(): boolean {
    return this.version.endsWith('.kraft') || (this.majorMinor !== undefined && this.majorMinor[0] >= 4);
  }

  /** Whether this version is `major.minor` or newer; false for a name that does not parse. */
  public isAtLeast(major: number, minor: number): boolean {
    if (!this.majorMinor) {
      return false;
    }
    const [ma, mi] = this.majorMinor;
    return ma > major || (ma === major && mi >= minor);
  }

  /** Whether the name has MSK's shape (`3.8.x`, `3.6.0`, `3.7.x.kraft`). */
  public get isWellFormed(): boolean {
    return /^\d+\.\d+\.(\d+|x)(\.kraft)?$/.test(this.version);
  }
}
