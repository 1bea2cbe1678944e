import { Token } from 'aws-cdk-lib';
import { InputError } from './input-error';

/** How a numeric field is described in an error: its name and its unit. */
export interface NumberField {
  /** The field's name as the user wrote it, e.g. `ingestMibPerSecond`. */
  readonly name: string;
  /** The unit after the range, e.g. `MiB/s`; empty for pure numbers. */
  readonly unit?: string;
}

function suffix(field: NumberField): string {
  return field.unit ? ` ${field.unit}` : '';
}

function skip(value: number | undefined): value is undefined {
  return value === undefined || Token.isUnresolved(value);
}

/**
 * Requires `min <= value <= max` (and an integer when `integer`). Unresolved tokens
 * and `undefined` pass: they are checked by CloudFormation, or not given.
 */
export function checkRange(field: NumberField, value: number | undefined, min: number, max: number, integer = false): void {
  if (skip(value)) {
    return;
  }
  const inRange = Number.isFinite(value) && value >= min && value <= max;
  if (!inRange || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'an integer between' : 'between';
    throw new InputError(`\`${field.name}\` must be ${kind} ${min} and ${max}${suffix(field)}, got ${value}`);
  }
}

/** Requires a finite number of at least `min`. */
export function checkAtLeast(field: NumberField, value: number | undefined, min: number): void {
  if (skip(value)) {
    return;
  }
  if (!(Number.isFinite(value) && value >= min)) {
    throw new InputError(`\`${field.name}\` must be a finite number of at least ${min}${suffix(field)}, got ${value}`);
  }
}

/** Requires a finite number greater than zero, at most `max` when given. */
export function checkPositive(field: NumberField, value: number | undefined, max?: number): void {
  if (skip(value)) {
    return;
  }
  if (!(Number.isFinite(value) && value > 0 && (max === undefined || value <= max))) {
    const what = field.unit ? `a finite number of ${field.unit}` : 'a finite number';
    const range = max === undefined ? 'greater than 0' : `greater than 0 and at most ${max}`;
    throw new InputError(`\`${field.name}\` must be ${what} ${range}, got ${value}`);
  }
}

/**
 * Requires a number known at synth: planning arithmetic cannot use a token
 * (a `CfnParameter`, a `Lazy`), whose value only CloudFormation knows.
 */
export function checkKnown(field: NumberField, value: number | undefined): void {
  if (value !== undefined && Token.isUnresolved(value)) {
    throw new InputError(`\`${field.name}\` must be a number known at synth to plan with, got an unresolved token `
      + '(e.g. a CfnParameter): state the figure as a plain number');
  }
}
