import { expectInputError } from './sink-helpers';
import { AggregateKind, AggregateMeasure } from '../../src';

describe('AggregateMeasure', () => {
  test.each<[string, AggregateMeasure, AggregateKind, string | undefined, string]>([
    ['count()', AggregateMeasure.count(), AggregateKind.COUNT, undefined, 'count'],
    ["count('orders')", AggregateMeasure.count('orders'), AggregateKind.COUNT, undefined, 'orders'],
    ["sum('amount')", AggregateMeasure.sum('amount'), AggregateKind.SUM, 'amount', 'sum_amount'],
    ["sum('amount', 'spend')", AggregateMeasure.sum('amount', 'spend'), AggregateKind.SUM, 'amount', 'spend'],
    ["min('order.total')", AggregateMeasure.min('order.total'), AggregateKind.MIN, 'order.total', 'min_order_total'],
    ["min('order.total', 'smallest')", AggregateMeasure.min('order.total', 'smallest'), AggregateKind.MIN, 'order.total', 'smallest'],
    ["max('$.order.total')", AggregateMeasure.max('$.order.total'), AggregateKind.MAX, '$.order.total', 'max_order_total'],
    ["max('amount', 'largest')", AggregateMeasure.max('amount', 'largest'), AggregateKind.MAX, 'amount', 'largest'],
  ])('%s', (_name, measure, kind, field, attribute) => {
    expect({ kind: measure.kind, field: measure.field, attribute: measure.attribute }).toEqual({ kind, field, attribute });
  });

  // The handler reads the kind as the enum's value: 'count', 'sum', 'min' or 'max'.
  test.each<[string, AggregateMeasure, object]>([
    ['count has no path', AggregateMeasure.count('orders'), { attribute: 'orders', kind: 'count', path: undefined }],
    ['a plain field', AggregateMeasure.sum('amount'), { attribute: 'sum_amount', kind: 'sum', path: ['amount'] }],
    ['a nested field', AggregateMeasure.min('order.total'), { attribute: 'min_order_total', kind: 'min', path: ['order', 'total'] }],
    ['a `$.` path, prefix stripped', AggregateMeasure.max('$.order.total', 'top'), { attribute: 'top', kind: 'max', path: ['order', 'total'] }],
    ['field names with _ @ $ -', AggregateMeasure.sum('line_items.@unit-price$'),
      { attribute: 'sum_line_items_@unit-price$', kind: 'sum', path: ['line_items', '@unit-price$'] }],
  ])('_config(): %s', (_name, measure, config) => {
    expect(measure._config()).toStrictEqual(config);
  });

  test.each<[string, () => AggregateMeasure, string]>([
    ['an empty field', () => AggregateMeasure.sum(''), "sum('')"],
    ['an empty segment', () => AggregateMeasure.min('order..total'), "min('order..total')"],
    ['a space', () => AggregateMeasure.max('order total'), "max('order total')"],
    ['a bare `$.`', () => AggregateMeasure.sum('$.'), "sum('$.')"],
    ['a bracket', () => AggregateMeasure.sum('items[0].price'), "sum('items[0].price')"],
  ])('_config() refuses %s', (_name, measure, label) => {
    const path = label.replace(/^\w+\('(.*)'\)$/, '$1');

    expectInputError(() => measure()._config(), `\`measures\`: the field of ${label} must be a JSON path of field names joined by dots, `
      + `like 'customerId', 'customer.id' or '$.customer.id', got '${path}'`);
  });

  test('a bad path is refused by _config(), not on creation: the aggregate using it reports it with its own path', () => {
    const measure = AggregateMeasure.sum('a b');

    expect(measure.attribute).toBe('sum_a b');
    expect(() => measure._config()).toThrow(/got 'a b'$/);
  });
});
