import { Token } from 'aws-cdk-lib';
import { InputError } from './input-error';

/** How a numeric field is described in an error: its name and its unit. */
export interface NumberField {
  /** The field's name as the user wrote it, e.g. `ingestMBps`. */
  readonly name: string;
  /** The unit after the range, e.g. `MiB/s`; empty for pure numbers. */
  readonly unit?: string;
}

function suffix(field: NumberField): string {
  return field.unit ? ` ${field.unit}` : '';
}

/**
 * Requires `min <= value <= max` (and an integer when `integer`). Unresolved tokens
 * and `undefined` pass: they are checked by CloudFormation, or not given.
 */
export function checkRange(field: NumberField, value: number | undefined, min: number, max: number, integer = false): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  const inRange = Number.isFinite(value) && value >= min && value <= max;
  if (!inRange || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'an integer between' : 'between';
    throw new InputError(`\`${field.name}\` must be ${kind} ${min} and ${max}${suffix(field)}, got ${value}`);
  }
}

/** Requires a finite number greater than zero. */
export function checkPositive(field: NumberField, value: number | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!(Number.isFinite(value) && value > 0)) {
    const what = field.unit ? `a finite number of ${field.unit}` : 'a finite number';
    throw new InputError(`\`${field.name}\` must be ${what} greater than 0, got ${value}`);
  }
}
