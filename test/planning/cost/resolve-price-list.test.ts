import { Token } from 'aws-cdk-lib';
import { FlinkPriceList } from '../../../src';
import { resolvePriceList } from '../../../src/planning/cost/resolve-price-list';
import { resolveFirehosePrices } from '../../../src/planning/firehose/firehose-pricing';
import { resolveFlinkPrices } from '../../../src/planning/flink/flink-pricing';
import { resolvePrices } from '../../../src/planning/kinesis/stream-pricing';
import { expectInputError, tokenError } from '../../input-errors';

interface TwoPrices {
  readonly aUsd?: number;
  readonly bUsd?: number;
}
const DEFAULTS: Required<TwoPrices> = { aUsd: 1, bUsd: 2 };

describe('price list overrides', () => {
  test('overrides replace their defaults; fields not given, or given as undefined, keep them', () => {
    expect(resolvePriceList<TwoPrices>('prices', DEFAULTS, undefined)).toEqual({ aUsd: 1, bUsd: 2 });
    expect(resolvePriceList<TwoPrices>('prices', DEFAULTS, { bUsd: 0 })).toEqual({ aUsd: 1, bUsd: 0 });
    expect(resolvePriceList<TwoPrices>('prices', DEFAULTS, { aUsd: undefined, bUsd: 3 })).toEqual({ aUsd: 1, bUsd: 3 });
    expect(DEFAULTS).toEqual({ aUsd: 1, bUsd: 2 }); // the defaults are not changed
  });

  test.each([
    [-0.01, '`prices.lambda.aUsd` must be a finite number of at least 0 USD, got -0.01'],
    [Number.NaN, '`prices.lambda.aUsd` must be a finite number of at least 0 USD, got NaN'],
    [Number.POSITIVE_INFINITY, '`prices.lambda.aUsd` must be a finite number of at least 0 USD, got Infinity'],
  ])('an override of %p is refused, named as the user wrote it', (value, message) => {
    expectInputError(() => resolvePriceList<TwoPrices>('prices.lambda', DEFAULTS, { aUsd: value }), message);
  });

  test('a field the list does not have is refused, with the fields it has: a misspelt price is not ignored', () => {
    expectInputError(() => resolvePriceList<TwoPrices>('prices', DEFAULTS, { aUSD: 5 } as TwoPrices),
      '`prices.aUSD` is not a price of this list: use aUsd, bUsd');
    expectInputError(() => resolveFlinkPrices({ kpuHourUSD: 0.5 } as FlinkPriceList),
      '`prices.kpuHourUSD` is not a price of this list: use kpuHourUsd, runningStorageGbMonthUsd');
  });

  test('a price only CloudFormation knows (a token) is refused: the estimate needs a figure', () => {
    expectInputError(() => resolvePriceList<TwoPrices>('prices', DEFAULTS, { aUsd: Token.asNumber({ Ref: 'Price' }) }),
      tokenError('prices.aUsd'));
  });

  test('Kinesis, Firehose and Flink lists resolve through it: an undefined field keeps the us-east-1 price', () => {
    expect(resolvePrices({ shardHourUsd: undefined }).shardHourUsd).toBe(0.015);
    // Firehose's list used to let an explicit undefined overwrite its default (NaN costs).
    expect(resolveFirehosePrices({ directPutIngestPerGbUsd: undefined }).directPutIngestPerGbUsd).toBe(0.029);
    expect(resolveFlinkPrices({ kpuHourUsd: undefined }).kpuHourUsd).toBe(0.11);
    expectInputError(() => resolveFirehosePrices({ directPutIngestPerGbUsd: -1 }),
      '`firehosePrices.directPutIngestPerGbUsd` must be a finite number of at least 0 USD, got -1');
    expectInputError(() => resolveFirehosePrices({ directPutIngestPerGbUsd: -1 }, 'prices.firehose'),
      '`prices.firehose.directPutIngestPerGbUsd` must be a finite number of at least 0 USD, got -1');
  });
});
