import { Token } from 'aws-cdk-lib';
import { InputError } from '../common/input-error';

/** Where an expression starts in a Firehose prefix (`!{timestamp:yyyy}`, `!{partitionKeyFromQuery:…}`). */
const EXPRESSION = '!{';
/** The expression Firehose replaces with why a record failed (processing, conversion, …). */
export const ERROR_OUTPUT_TYPE = '!{firehose:error-output-type}';
/** Longest prefix or error prefix Firehose accepts, expressions included. */
export const MAX_PREFIX_LENGTH = 512;

/** A prefix as the user gave it (or as the sink built it), for errors. */
export interface PrefixField {
  /** The prop, e.g. `prefix`, `errorPrefix`, `backupPrefix`. */
  readonly name: string;
  /** The prefix. */
  readonly value: string;
}

/** Whether `prefix` holds a Firehose expression. */
export function hasExpressions(prefix: string): boolean {
  return prefix.includes(EXPRESSION);
}

/**
 * Checks a data (or backup) prefix and its error prefix the way Firehose would at
 * creation, for any destination that writes to S3 (the lake, the backup bucket of
 * OpenSearch, the intermediate bucket of Redshift): each at most 512 characters; when
 * the prefix has expressions, an error prefix is required and must contain
 * `!{firehose:error-output-type}`, so that failed records do not land among the good
 * ones. Tokens pass: CloudFormation checks them.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html
 */
export function checkPrefixes(prefix: PrefixField, errorPrefix?: PrefixField): void {
  for (const field of [prefix, errorPrefix]) {
    if (field && !Token.isUnresolved(field.value) && field.value.length > MAX_PREFIX_LENGTH) {
      throw new InputError(`\`${field.name}\` must be at most ${MAX_PREFIX_LENGTH} characters, got ${field.value.length} ('${field.value}')`);
    }
  }
  if (Token.isUnresolved(prefix.value) || !hasExpressions(prefix.value)) {
    return;
  }
  if (!errorPrefix) {
    throw new InputError(`an error prefix is required when \`${prefix.name}\` has expressions, got '${prefix.value}': `
      + 'Firehose writes the records it cannot deliver under it');
  }
  if (!Token.isUnresolved(errorPrefix.value) && !errorPrefix.value.includes(ERROR_OUTPUT_TYPE)) {
    throw new InputError(`\`${errorPrefix.name}\` must contain '${ERROR_OUTPUT_TYPE}' when \`${prefix.name}\` has expressions, `
      + `got '${errorPrefix.value}'`);
  }
}

/**
 * The folders of Firehose prefixes that hold no expression, without duplicates:
 * `events/customer_id=!{partitionKeyFromQuery:customer_id}/…` gives `events/`. A
 * delivery role may write under these folders only.
 */
export function staticFolders(prefixes: string[]): string[] {
  const folders = prefixes.map(prefix => {
    const fixed = hasExpressions(prefix) ? prefix.slice(0, prefix.indexOf(EXPRESSION)) : prefix;
    return fixed.slice(0, fixed.lastIndexOf('/') + 1);
  });
  return [...new Set(folders)];
}
