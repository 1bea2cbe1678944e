import { checkAtLeast, checkKnown } from '../../common/checks';

/**
 * A price list with the user's overrides laid over the defaults. Each override must be a
 * number known at synth and at least 0 USD (the error names it `<name>.<field>`, as the
 * user wrote it); a field given as `undefined` keeps its default, so that an explicit
 * `undefined` from TypeScript or an omitted field from another jsii language mean the same.
 *
 * Every flat price list (Kinesis, Firehose, Flink, Lambda, storage) is resolved here, so
 * the checks and their messages are the same for all of them.
 *
 * @param name how the user wrote the list, e.g. `prices` or `prices.lambda`
 */
export function resolvePriceList<T extends object>(name: string, defaults: Required<T>, overrides: T | undefined): Required<T> {
  const resolved: Record<string, number> = { ...defaults as Record<string, number> };
  for (const [field, value] of Object.entries(overrides ?? {}) as Array<[string, number | undefined]>) {
    if (value === undefined) {
      continue;
    }
    checkKnown({ name: `${name}.${field}` }, value);
    checkAtLeast({ name: `${name}.${field}`, unit: 'USD' }, value, 0);
    resolved[field] = value;
  }
  return resolved as Required<T>;
}
