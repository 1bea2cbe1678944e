import { KafkaBrokerType } from './kafka-broker-type';
import { KafkaCostEstimate } from './kafka-cost-estimate';
import { KafkaInstanceType } from './kafka-instance-type';
import { KafkaPriceList } from './kafka-price-list';
import { ResolvedKafkaWorkload } from './resolved-kafka-workload';
import {
  DERIVED_PRICES, US_EAST_1_BROKER_HOUR_USD, US_EAST_1_EXPRESS_DATA_IN_PER_GB_USD, US_EAST_1_STORAGE_GB_MONTH_USD,
} from './us-east-1-kafka-prices';
import { checkAtLeast, checkKnown } from '../../common/checks';
import { InputError } from '../../common/input-error';
import { billedItem, BYTES_PER_GB, cents, HOURS_PER_MONTH, SECONDS_PER_MONTH } from '../cost/billing';
import { checkListField } from '../cost/resolve-price-list';
import { BYTES_PER_MIB } from '../units';

/** Prices with every default filled in. */
export interface ResolvedKafkaPrices {
  readonly brokerHourUsd: Readonly<Record<string, number>>;
  readonly storageGbMonthUsd: number;
  readonly expressDataInPerGbUsd: number;
  /** Instance types whose price the user gave. */
  readonly given: ReadonlySet<string>;
}

/** The fields of a `KafkaPriceList`. */
const KAFKA_PRICE_FIELDS = ['brokerHourUsd', 'storageGbMonthUsd', 'expressDataInPerGbUsd'];

/**
 * Checks price overrides (known instance types, known figures, at least 0) and fills in the us-east-1 list prices.
 *
 * @param name the list as the user wrote it: `prices` in the planner's options, `kafkaPrices` in requirements
 */
export function resolveKafkaPrices(prices: KafkaPriceList = {}, name = 'prices'): ResolvedKafkaPrices {
  const check = (field: string, value: number | undefined) => {
    checkKnown({ name: field }, value);
    checkAtLeast({ name: field, unit: 'USD' }, value, 0);
  };
  for (const field of Object.keys(prices)) {
    checkListField(name, field, KAFKA_PRICE_FIELDS);
  }
  for (const [type, value] of Object.entries(prices.brokerHourUsd ?? {})) {
    if (!(type in US_EAST_1_BROKER_HOUR_USD)) {
      throw new InputError(`\`${name}.brokerHourUsd\` names an instance type the planner does not know, got '${type}': use a name such as 'kafka.m5.large' (see KafkaInstanceType)`);
    }
    check(`${name}.brokerHourUsd['${type}']`, value);
  }
  // A price given as undefined keeps the list price, as in every other list.
  const given = Object.entries(prices.brokerHourUsd ?? {}).filter(([, value]) => value !== undefined);
  check(`${name}.storageGbMonthUsd`, prices.storageGbMonthUsd);
  check(`${name}.expressDataInPerGbUsd`, prices.expressDataInPerGbUsd);
  return {
    brokerHourUsd: { ...US_EAST_1_BROKER_HOUR_USD, ...Object.fromEntries(given) },
    storageGbMonthUsd: prices.storageGbMonthUsd ?? US_EAST_1_STORAGE_GB_MONTH_USD,
    expressDataInPerGbUsd: prices.expressDataInPerGbUsd ?? US_EAST_1_EXPRESS_DATA_IN_PER_GB_USD,
    given: new Set(given.map(([type]) => type)),
  };
}

/** Monthly cost of `brokers` brokers of `type` with `storageGiB` each, carrying `w` at its stated peak. */
export function priceCluster(p: ResolvedKafkaPrices, w: ResolvedKafkaWorkload, type: KafkaInstanceType,
  brokers: number, storageGiB: number): KafkaCostEstimate {
  const name = type.instanceTypeName;
  const hourUsd = p.brokerHourUsd[name];
  const brokerHours = billedItem('broker-hours', brokers * HOURS_PER_MONTH, `${name} broker-hour`, hourUsd);
  const notes: string[] = [];
  if (DERIVED_PRICES.has(name) && !p.given.has(name)) {
    notes.push(`The ${name} hourly price is derived from the large size's (prices grow with vCPUs): check the pricing page.`);
  }
  const express = type.brokerType === KafkaBrokerType.EXPRESS;
  const storageGb = express ? 0 : brokers * storageGiB;
  const storage = billedItem('storage', storageGb, 'GB-month', p.storageGbMonthUsd);
  const dataInGb = express ? w.ingestMibPerSecond * BYTES_PER_MIB * SECONDS_PER_MONTH / BYTES_PER_GB : 0;
  const dataIn = billedItem('Express data in', dataInGb, 'GB', p.expressDataInPerGbUsd);
  if (express) {
    notes.push('Express storage is billed per GB-month as used, not included.');
  }
  notes.push('Data transfer, MSK Connect and client-side costs are not included.');
  const brokerUsd = brokers * HOURS_PER_MONTH * hourUsd;
  const storageUsd = storageGb * p.storageGbMonthUsd;
  const dataInUsd = dataInGb * p.expressDataInPerGbUsd;
  return {
    monthlyUsd: cents(brokerUsd + storageUsd + dataInUsd),
    items: [brokerHours, storage, dataIn].filter(item => item.quantity !== 0),
    notes,
    brokerHoursMonthlyUsd: cents(brokerUsd),
    storageMonthlyUsd: cents(storageUsd),
    dataInMonthlyUsd: cents(dataInUsd),
  };
}
