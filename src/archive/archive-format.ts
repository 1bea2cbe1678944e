import { StreamSchema } from '../schema/stream-schema';

/**
 * How events are stored in the lake.
 *
 * - `json()`: the records as they arrive, newline-delimited and GZIP-compressed.
 * - `parquet(schema)`: converted by Firehose to Parquet (Snappy) against a Glue table
 *   generated from the schema, with partition projection so Athena sees new data at once.
 */
export class ArchiveFormat {
  /** GZIP-compressed JSON, as the records arrive. */
  public static json(): ArchiveFormat {
    return new ArchiveFormat('JSON');
  }

  /**
   * Parquet, converted by Firehose from JSON records against a Glue table generated
   * from `schema`. Needs 64 MiB buffering at least.
   * @param schema the events' columns
   */
  public static parquet(schema: StreamSchema): ArchiveFormat {
    return new ArchiveFormat('PARQUET', schema);
  }

  private constructor(
    /** `JSON` or `PARQUET`. */
    public readonly formatName: string,
    /**
     * The events' columns.
     * @default - none: JSON is stored as it arrives
     */
    public readonly schema?: StreamSchema) {}

  /** Whether Firehose converts the records (Parquet). @internal */
  public get _converts(): boolean {
    return this.formatName === 'PARQUET';
  }
}
