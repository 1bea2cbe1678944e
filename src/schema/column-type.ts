import { InputError } from '../common/input-error';

/**
 * The type of a column of a `StreamSchema`, written once and rendered for each place
 * that needs it: the Glue table behind the lake's Parquet files, and the registry's
 * Avro, JSON Schema or Protobuf definition.
 */
export class ColumnType {
  /** UTF-8 text. */
  public static readonly STRING = new ColumnType('string');
  /** 32-bit signed integer. */
  public static readonly INT = new ColumnType('int');
  /** 64-bit signed integer. */
  public static readonly BIGINT = new ColumnType('bigint');
  /** 64-bit floating point. */
  public static readonly DOUBLE = new ColumnType('double');
  /** true or false. */
  public static readonly BOOLEAN = new ColumnType('boolean');
  /**
   * A point in time. Records carry it as epoch milliseconds or a UTC ISO-8601 string
   * (`2026-11-28T14:05:00Z`, optionally with fractions of a second); Firehose's Parquet
   * conversion reads both, not other offsets.
   */
  public static readonly TIMESTAMP = new ColumnType('timestamp');
  /** A calendar date, `yyyy-MM-dd` in records. */
  public static readonly DATE = new ColumnType('date');

  /**
   * An exact decimal number, e.g. money.
   * @param precision total digits, 1–38
   * @param scale digits after the point, 0–precision
   */
  public static decimal(precision: number, scale: number): ColumnType {
    if (!Number.isInteger(precision) || precision < 1 || precision > 38) {
      throw new InputError(`\`ColumnType.decimal\` precision must be an integer between 1 and 38, got ${precision}`);
    }
    if (!Number.isInteger(scale) || scale < 0 || scale > precision) {
      throw new InputError(`\`ColumnType.decimal\` scale must be an integer between 0 and the precision ${precision}, got ${scale}`);
    }
    return new ColumnType('decimal', precision, scale);
  }

  /**
   * A list of values of one type.
   * @param element the type of each element
   */
  public static array(element: ColumnType): ColumnType {
    return new ColumnType('array', undefined, undefined, element);
  }

  private constructor(
    /** The type's name: string, int, bigint, double, boolean, timestamp, date, decimal or array. */
    public readonly typeName: string,
    /**
     * Total digits of a decimal.
     * @default - not a decimal
     */
    public readonly precision?: number,
    /**
     * Digits after the point of a decimal.
     * @default - not a decimal
     */
    public readonly scale?: number,
    /**
     * The element type of an array.
     * @default - not an array
     */
    public readonly elementType?: ColumnType) {}

  /** The type as Glue and Athena write it: `decimal(12,2)`, `array<string>`. */
  public get glueType(): string {
    switch (this.typeName) {
      case 'decimal': return `decimal(${this.precision},${this.scale})`;
      case 'array': return `array<${this.elementType!.glueType}>`;
      default: return this.typeName;
    }
  }
}
