import { Token } from 'aws-cdk-lib';
import { InputError } from '../../../common/input-error';

/**
 * Redshift's longest identifier: 127 bytes of UTF-8.
 *
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_names.html
 */
export const MAX_IDENTIFIER_BYTES = 127;

/**
 * `name` as a delimited (double-quoted) Redshift identifier, after checking that Redshift takes
 * it and keeps it as written. Quoting lets a name be a reserved word (`order`, `user`) and
 * contain characters an unquoted name cannot; the checks keep what quoting cannot:
 * - 1 to 127 bytes of UTF-8 (Redshift's limit for every identifier);
 * - no upper-case letters: Redshift folds even quoted identifiers to lower case unless
 *   `enable_case_sensitive_identifier` is on, so `"Orders"` would name `orders`, and Firehose's
 *   COPY and the user's queries would disagree about the table;
 * - no double quote and no control character (a quote would end the identifier).
 *
 * @param what the prop the name came from, for the error message
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_names.html
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_enable_case_sensitive_identifier.html
 */
export function quoteIdentifier(name: string, what: string): string {
  checkIdentifier(name, what);
  return `"${name}"`;
}

/** Checks `name` as `quoteIdentifier` does (see there), throwing an `InputError` naming `what`. */
export function checkIdentifier(name: string, what: string): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InputError(`\`${what}\` must be a Redshift identifier of 1-${MAX_IDENTIFIER_BYTES} bytes, got '${name}'`);
  }
  if (Token.isUnresolved(name)) {
    throw new InputError(`\`${what}\` must be known at synth (a Redshift identifier is checked and quoted into SQL), got a token`);
  }
  const bytes = Buffer.byteLength(name, 'utf-8');
  if (bytes > MAX_IDENTIFIER_BYTES) {
    throw new InputError(`\`${what}\` must be at most ${MAX_IDENTIFIER_BYTES} bytes of UTF-8 (Redshift's identifier limit), got ${bytes} bytes: '${name}'`);
  }
  if (/["\u0000-\u001f\u007f]/.test(name)) {
    throw new InputError(`\`${what}\` must not contain a double quote or a control character, got '${name}'`);
  }
  if (name !== name.toLowerCase()) {
    throw new InputError(`\`${what}\` must not contain upper-case letters: Redshift folds identifiers to lower case `
      + `(unless enable_case_sensitive_identifier is on), so it would name '${name.toLowerCase()}', got '${name}'`);
  }
}

/** `text` as a SQL string literal: single quotes doubled, the whole in single quotes. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
