import { isUtf8 } from 'buffer';
import { CompiledConfig } from './compiled-config';

/**
 * Decodes a Kinesis record (base64 of a UTF-8 JSON object) and extracts its key and
 * measure values, or says why it cannot.
 *
 * This is the per-record hot path (the handler must do well over 200,000 records/s on one
 * core), so it allocates nothing beyond the decoded string and JSON.parse's result: the
 * base64 is decoded into a reused buffer, and the key and values are left in fields of
 * the decoder (`key`, `values`) for the caller to read before the next `decode`.
 */
export class RecordDecoder {
  /** The key of the last record decoded successfully: strings as they are, numbers via String(n). */
  public key = '';
  /** The values of the last record decoded successfully, by slot (index `i` is slot `i + 1`). */
  public readonly values: Float64Array;

  private readonly keyPath: readonly string[];
  private readonly valuePaths: readonly (readonly string[])[];
  private scratch = Buffer.allocUnsafe(4096);

  constructor(compiled: CompiledConfig) {
    this.keyPath = compiled.keyPath;
    this.valuePaths = compiled.slots.map(s => s.path);
    this.values = new Float64Array(compiled.slots.length);
  }

  /**
   * Decodes one record's `kinesis.data`. Returns undefined when the record is usable (its
   * key and values are then in `key` and `values`), else the reason it is malformed.
   */
  public decode(data: string): string | undefined {
    const text = this.utf8(data);
    if (text === undefined) {
      return 'not valid UTF-8';
    }
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      return 'not valid JSON';
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      return 'not a JSON object';
    }

    const key = walk(record, this.keyPath);
    if (typeof key === 'string') {
      if (key === '') {
        return 'key is an empty string';
      }
      // DynamoDB's limit for a partition key; beyond it every flush of the window would fail.
      // A UTF-16 unit is at most 3 bytes in UTF-8 (a pair of them 4), so short keys need no count.
      if (key.length > 682 && Buffer.byteLength(key) > MAX_KEY_BYTES) {
        return `key is longer than ${MAX_KEY_BYTES} bytes`;
      }
      this.key = key;
    } else if (typeof key === 'number' && Number.isFinite(key)) {
      this.key = String(key);
    } else if (key === undefined) {
      return `key missing at ${this.keyPath.join('.')}`;
    } else {
      return `key at ${this.keyPath.join('.')} is not a string or a finite number`;
    }

    const paths = this.valuePaths;
    for (let i = 0; i < paths.length; i++) {
      const value = walk(record, paths[i]);
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return value === undefined ? `measure field missing at ${paths[i].join('.')}` : `measure field at ${paths[i].join('.')} is not a finite number`;
      }
      // Outside DynamoDB's range the item could never be written and the window would be stuck.
      const magnitude = Math.abs(value);
      if (!(magnitude < TOO_LARGE) || (magnitude < MIN_NUMBER && magnitude !== 0)) {
        return `measure field at ${paths[i].join('.')} is outside DynamoDB's number range`;
      }
      this.values[i] = value;
    }
    return undefined;
  }

  /** The data as a string, or undefined when its bytes are not valid UTF-8. */
  private utf8(data: string): string | undefined {
    const capacity = Math.ceil(data.length / 4) * 3;
    if (capacity > this.scratch.length) {
      this.scratch = Buffer.allocUnsafe(Math.max(capacity, this.scratch.length * 2));
    }
    const length = this.scratch.write(data, 0, 'base64');
    const text = this.scratch.toString('utf8', 0, length);
    // Invalid sequences decode to U+FFFD: only then is the (rarer, slower) check needed,
    // since the text may also hold a genuine U+FFFD.
    if (text.indexOf('\uFFFD') !== -1 && !isUtf8(this.scratch.subarray(0, length))) {
      return undefined;
    }
    return text;
  }
}

/** DynamoDB's maximum size of a partition key value, in bytes. */
const MAX_KEY_BYTES = 2048;
/**
 * DynamoDB's number range: magnitudes from 1E-130 to 9.9999999999999999999999999999999999999E+125.
 * That largest value rounds to the double 1E126, which DynamoDB refuses: a double must be below it.
 */
const TOO_LARGE = 1e126;
const MIN_NUMBER = 1e-130;

/** The value at `path` in a parsed JSON value, or undefined where the path leaves the objects. */
function walk(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (let i = 0; i < path.length; i++) {
    if (typeof value !== 'object' || value === null) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[path[i]];
  }
  return value;
}
