import { checkAtLeast, checkKnown } from '../../common/checks';
import { InputError } from '../../common/input-error';

/**
 * A price list with the user's overrides laid over the defaults. Each override must be a
 * number known at synth and at least 0 USD, and a price the list has: a misspelt field
 * would otherwise be ignored while the default is billed. Errors name the field
 * `<name>.<field>`. A field given as `undefined` keeps its default, so that an explicit
 * `undefined` from TypeScript and an omitted field from another jsii language mean the same.
 *
 * Every flat price list (Kinesis, Firehose, Flink, Lambda, storage) is resolved here, so
 * the checks and their messages are the same for all of them.
 *
 * @param name the list as the user wrote it, e.g. `prices`, `kinesisPrices` or `prices.lambda`
 */
export function resolvePriceList<T extends object>(name: string, defaults: Required<T>, overrides: T | undefined): Required<T> {
  const resolved: Record<string, number> = { ...defaults as Record<string, number> };
  for (const [field, value] of Object.entries(overrides ?? {}) as Array<[string, number | undefined]>) {
    checkListField(name, field, Object.keys(defaults));
    if (value === undefined) {
      continue;
    }
    checkKnown({ name: `${name}.${field}` }, value);
    checkAtLeast({ name: `${name}.${field}`, unit: 'USD' }, value, 0);
    resolved[field] = value;
  }
  return resolved as Required<T>;
}

/**
 * Refuses a field a price list does not have, naming those it has: in JavaScript, or in
 * TypeScript from a variable, a misspelt field would otherwise be ignored and the default billed.
 */
export function checkListField(name: string, field: string, fields: string[]): void {
  if (!fields.includes(field)) {
    throw new InputError(`\`${name}.${field}\` is not a price of this list: use ${fields.join(', ')}`);
  }
}
