import { InputError } from './input-error';

/** One field name in a path: JSON keys without dots or spaces. */
const SEGMENT = /^[A-Za-z0-9_@$-]+$/;

/**
 * Parses a JSON path into a record, `customer.id` or `$.customer.id`, into its
 * field names. Only plain member access: the handler resolves it per record, so it
 * stays a few property reads.
 *
 * @param subject what the path is for, starting the error message (e.g. "`keyField`")
 */
export function parseFieldPath(subject: string, path: string): string[] {
  const segments = typeof path === 'string' ? (path.startsWith('$.') ? path.slice(2) : path).split('.') : [];
  // `$` alone is the whole record in JSON path, not a field: refused, like any non-field.
  if (segments.length === 0 || path === '$' || !segments.every(s => SEGMENT.test(s))) {
    throw new InputError(`${subject} must be a JSON path of field names joined by dots, like 'customerId', `
      + `'customer.id' or '$.customer.id', got '${path}'`);
  }
  return segments;
}
