import { parseFieldPath } from '../common/field-path';
import { InputError } from '../common/input-error';
import { checkPrefixes, ERROR_OUTPUT_TYPE, MAX_PREFIX_LENGTH } from '../firehose/delivery-prefixes';

/** The date folders every event and error object goes under, as the reference document lays them out. */
export const DATE_FOLDERS = 'year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/';
/** The folder Firehose names after why a record failed (processing, conversion, …). */
const ERROR_TYPE_FOLDER = `${ERROR_OUTPUT_TYPE}/`;
/** Folder names the library writes: S3-safe characters, each ending in `/`; no Firehose expressions. */
const BASE_PREFIX = /^([A-Za-z0-9_.=-]+\/)*$/;
/** Partition names: what Athena calls the column (lower case), and the JQ key. */
export const DATE_PARTITIONS = ['year', 'month', 'day'];

/** A record field the lake is partitioned by. */
export interface PartitionField {
  /** Folder and column name: the path's fields joined by `_`, lower case. */
  readonly name: string;
  /** JSON path of the field in the record. */
  readonly path: string[];
}

/** Where objects go in the lake bucket, and how Firehose finds the partition values. */
export interface LakeLayout {
  /** The base folder, e.g. `events/`. */
  readonly basePrefix: string;
  /** Firehose's `dataOutputPrefix`: base, partition fields, date folders. */
  readonly prefix: string;
  /** Firehose's `errorOutputPrefix`: base, error type, date folders. */
  readonly errorPrefix: string;
  /** Fields partitioned by (dynamic partitioning), in folder order. */
  readonly partitionFields: PartitionField[];
  /** The JQ query extracting them, `{"customer_id": ."customer"."id"}`. */
  readonly jqQuery: Record<string, string>;
}

/**
 * Builds the prefixes from the base folders and the partition fields, so that the
 * Firehose rules hold by construction: expressions only where the library puts them,
 * an error prefix with the error type, partition keys only with dynamic partitioning.
 */
export function lakeLayout(basePrefix: string, baseErrorPrefix: string, partitionBy: string[] = []): LakeLayout {
  checkBase('prefix', basePrefix);
  checkBase('errorPrefix', baseErrorPrefix);
  const partitionFields = partitionBy.map(field => {
    const path = parseFieldPath(`\`partitionBy\` field '${field}'`, field);
    // Athena column names: lower-case letters, digits and _.
    return { name: path.join('_').toLowerCase().replace(/[^a-z0-9_]/g, '_'), path };
  });
  const names = partitionFields.map(f => f.name);
  names.forEach((name, i) => {
    if (DATE_PARTITIONS.includes(name)) {
      throw new InputError(`\`partitionBy\` field '${partitionBy[i]}' would be the partition '${name}', which the date folders use: `
        + 'partition by another field');
    }
    if (names.indexOf(name) !== i) {
      throw new InputError(`\`partitionBy\` fields '${partitionBy[names.indexOf(name)]}' and '${partitionBy[i]}' both become the `
        + `partition '${name}' (partition names keep only a-z, 0-9 and _): keep one`);
    }
  });
  const fieldFolders = partitionFields.map(f => `${f.name}=!{partitionKeyFromQuery:${f.name}}/`).join('');
  const layout: LakeLayout = {
    basePrefix,
    prefix: `${basePrefix}${fieldFolders}${DATE_FOLDERS}`,
    errorPrefix: `${baseErrorPrefix}${ERROR_TYPE_FOLDER}${DATE_FOLDERS}`,
    partitionFields,
    jqQuery: Object.fromEntries(partitionFields.map(f => [f.name, f.path.map(p => `."${p}"`).join('')])),
  };
  for (const [prop, value] of [['prefix', layout.prefix], ['errorPrefix', layout.errorPrefix]]) {
    if (value.length > MAX_PREFIX_LENGTH) {
      const added = prop === 'prefix' ? 'the partition folders' : 'the error-type and date folders';
      const fix = prop === 'prefix' ? 'shorten the folder or partition by fewer fields' : 'shorten the folder';
      throw new InputError(`\`${prop}\` with ${added} must be at most ${MAX_PREFIX_LENGTH} characters, `
        + `got ${value.length} ('${value}'): ${fix}`);
    }
  }
  // Holds by construction; the kit's check keeps it so should the layout change.
  checkPrefixes({ name: 'prefix', value: layout.prefix }, { name: 'errorPrefix', value: layout.errorPrefix });
  return layout;
}

function checkBase(prop: string, value: string): void {
  if (typeof value !== 'string' || !BASE_PREFIX.test(value)) {
    throw new InputError(`\`${prop}\` must be folder names of A-Z, a-z, 0-9, _ . = and -, each ending in '/' `
      + `(or empty; the library adds the partition folders), got '${value}'`);
  }
}
