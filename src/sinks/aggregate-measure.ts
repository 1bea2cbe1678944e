import { MeasureConfig } from './aggregate/aggregate-config';

/** What an `AggregateMeasure` computes. */
export enum AggregateKind {
  /** The number of records. */
  COUNT = 'count',
  /** The sum of a numeric field. */
  SUM = 'sum',
  /** The smallest value of a numeric field. */
  MIN = 'min',
  /** The largest value of a numeric field. */
  MAX = 'max',
}
import { parseFieldPath } from '../common/field-path';

/**
 * One figure `AggregateToTable` keeps per key and window: the number of records, or
 * the sum, minimum or maximum of a numeric field. Each becomes a number attribute of
 * the window's item.
 */
export class AggregateMeasure {
  /**
   * The number of records.
   * @param attribute the item attribute (default `count`)
   */
  public static count(attribute?: string): AggregateMeasure {
    return new AggregateMeasure(AggregateKind.COUNT, undefined, attribute ?? 'count');
  }

  /**
   * The sum of a numeric field.
   * @param field JSON path of the field in the record, e.g. `amount` or `order.total`
   * @param attribute the item attribute (default `sum_` and the path with `_` for dots)
   */
  public static sum(field: string, attribute?: string): AggregateMeasure {
    return AggregateMeasure.ofField(AggregateKind.SUM, field, attribute);
  }

  /**
   * The smallest value of a numeric field.
   * @param field JSON path of the field in the record
   * @param attribute the item attribute (default `min_` and the path with `_` for dots)
   */
  public static min(field: string, attribute?: string): AggregateMeasure {
    return AggregateMeasure.ofField(AggregateKind.MIN, field, attribute);
  }

  /**
   * The largest value of a numeric field.
   * @param field JSON path of the field in the record
   * @param attribute the item attribute (default `max_` and the path with `_` for dots)
   */
  public static max(field: string, attribute?: string): AggregateMeasure {
    return AggregateMeasure.ofField(AggregateKind.MAX, field, attribute);
  }

  private static ofField(kind: AggregateKind, field: string, attribute?: string): AggregateMeasure {
    return new AggregateMeasure(kind, field, attribute ?? `${kind}_${String(field).replace(/^\$\./, '').replace(/\./g, '_')}`);
  }

  /**
   * The record field measured.
   * @default - none: the measure counts records
   */
  public readonly field?: string;

  private constructor(
    /** What the measure computes. */
    public readonly kind: AggregateKind,
    field: string | undefined,
    /** The item attribute holding the figure. */
    public readonly attribute: string) {
    this.field = field;
  }

  /**
   * The measure as the shipped handler reads it. Throws an `InputError` for a bad path.
   * @internal
   */
  public _config(): MeasureConfig {
    const path = this.field === undefined ? undefined : parseFieldPath(`\`measures\`: the field of ${this.kind}('${this.field}')`, this.field);
    return { attribute: this.attribute, kind: this.kind, path };
  }
}
