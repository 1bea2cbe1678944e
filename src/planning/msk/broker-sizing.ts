import { MskLimits } from './broker-capacity';
import { requiredBrokers, storagePerBroker, utilisationAt } from './broker-needs';
import { BrokerPlan } from './broker-plan';
import { summariseBrokerPlan, kindName } from './broker-plan-summary';
import { brokerPlanWarnings } from './broker-plan-warnings';
import { priceCluster, resolveKafkaPrices } from './broker-pricing';
import { compareWithKinesis } from './compare-with-kinesis';
import { KafkaBrokerType } from './kafka-broker-type';
import { KafkaInstanceType } from './kafka-instance-type';
import { KafkaPriceList } from './kafka-price-list';
import { KafkaWorkload } from './kafka-workload';
import { completedWorkload, resolveKafkaWorkload } from './resolved-kafka-workload';
import { ServerlessPlan } from './serverless-plan';
import { planServerless } from './serverless-sizing';
import { checkKnown, checkRange } from '../../common/checks';
import { InputError } from '../../common/input-error';
import { PriceList } from '../kinesis/price-list';
import { resolvePrices } from '../kinesis/stream-pricing';

/** Options for `BrokerSizing.plan()`. */
export interface BrokerPlanOptions {
  /**
   * Standard or Express brokers.
   * @default - the broker type of `instanceType` when given, else `KafkaBrokerType.STANDARD`
   */
  readonly brokerType?: KafkaBrokerType;

  /**
   * The broker size to plan with.
   * @default - the size of `brokerType` whose plan costs least (m5 and m7g for Standard)
   */
  readonly instanceType?: KafkaInstanceType;

  /**
   * Evaluate the plan at this broker count instead of the required one (utilisation, cost,
   * and a warning when it is too low). A multiple of `availabilityZones`, at most 60.
   * @default - the required broker count
   */
  readonly brokerCount?: number;

  /**
   * Availability Zones to spread the brokers over: 2 or 3 (Express: 3).
   * @default 3
   */
  readonly availabilityZones?: number;

  /**
   * MSK prices to estimate the cost with.
   * @default - us-east-1 list prices
   */
  readonly prices?: KafkaPriceList;

  /**
   * Kinesis prices for the comparison. Checked like `prices`: a bad one is refused, naming
   * `kinesisPrices`, rather than leaving the comparison out.
   * @default - us-east-1 list prices
   */
  readonly kinesisPrices?: PriceList;
}

/**
 * Sizes an MSK provisioned cluster from its workload.
 *
 * Standard brokers: the count is the largest of what AWS's sizing model needs for EBS
 * (6.5 × ingress at RF 3) and network (5.7 × ingress at RF 3, one consumer group)
 * throughput, CPU under 60%, partitions per broker, 16,384 GiB of storage per broker, and
 * one broker per AZ and per copy, rounded up to a multiple of the AZ count. Express
 * brokers: sustained ingress and egress per broker, 3 AZs, replication 3. Serverless
 * has no brokers: see `planServerless()`.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html
 * @see https://aws.amazon.com/blogs/big-data/best-practices-for-right-sizing-your-apache-kafka-clusters-to-optimize-performance-and-cost/
 */
export class BrokerSizing {
  /**
   * Plans the broker size and count, storage, partitions, utilisation and cost of a
   * workload, and compares it with Kinesis.
   *
   * Throws when a figure is not a finite number in its allowed range, or when no
   * cluster of at most 60 brokers of the size(s) considered carries the workload.
   */
  public static plan(workload: KafkaWorkload, options: BrokerPlanOptions = {}): BrokerPlan {
    const brokerType = options.brokerType ?? options.instanceType?.brokerType ?? KafkaBrokerType.STANDARD;
    const express = brokerType === KafkaBrokerType.EXPRESS;
    if (options.instanceType && options.instanceType.brokerType !== brokerType) {
      throw new InputError(`\`instanceType\` must be ${express ? 'an Express' : 'a Standard'} broker size to plan ${kindName(brokerType)} brokers, `
        + `got ${options.instanceType.instanceTypeName}`);
    }
    if (express && workload.replicationFactor !== undefined && workload.replicationFactor !== MskLimits.EXPRESS_REPLICATION_FACTOR) {
      throw new InputError(`\`workload.replicationFactor\` must be 3 for Express brokers (MSK fixes it), got ${workload.replicationFactor}`);
    }
    checkKnown({ name: 'availabilityZones' }, options.availabilityZones);
    checkRange({ name: 'availabilityZones' }, options.availabilityZones, 2, 3, true);
    if (express && options.availabilityZones !== undefined && options.availabilityZones !== MskLimits.EXPRESS_AVAILABILITY_ZONES) {
      throw new InputError(`\`availabilityZones\` must be 3 for Express brokers, got ${options.availabilityZones}`);
    }
    const w = resolveKafkaWorkload(workload);
    const zones = options.availabilityZones ?? 3;
    checkKnown({ name: 'brokerCount' }, options.brokerCount);
    checkRange({ name: 'brokerCount' }, options.brokerCount, 1, MskLimits.MAX_BROKERS, true);
    if (options.brokerCount !== undefined && options.brokerCount % zones !== 0) {
      throw new InputError(`\`brokerCount\` must be a multiple of the ${zones} Availability Zones, got ${options.brokerCount}`);
    }
    if (options.brokerCount !== undefined && options.brokerCount < w.replicationFactor) {
      throw new InputError(`\`brokerCount\` must be at least the replication factor ${w.replicationFactor} (one broker per copy), got ${options.brokerCount}`);
    }
    const prices = resolveKafkaPrices(options.prices);
    // Checked here, under its own name: the comparison leaves Kinesis out when it cannot plan the workload, not when a price is wrong.
    resolvePrices(options.kinesisPrices, 'kinesisPrices');

    const candidates = options.instanceType
      ? [options.instanceType]
      : KafkaInstanceType.all().filter(t => t.brokerType === brokerType);
    const plans = candidates.flatMap(instanceType => {
      const required = requiredBrokers(w, instanceType, zones);
      if (required.brokers > MskLimits.MAX_BROKERS && options.brokerCount === undefined) {
        return [];
      }
      const brokerCount = options.brokerCount ?? required.brokers;
      const storageGibPerBroker = storagePerBroker(w, brokerCount);
      return [{
        instanceType,
        required,
        brokerCount,
        storageGibPerBroker,
        cost: priceCluster(prices, w, instanceType, brokerCount, storageGibPerBroker),
      }];
    });
    if (plans.length === 0) {
      throw new InputError(options.instanceType
        ? `\`workload\` needs ${requiredBrokers(w, options.instanceType, zones).brokers} ${options.instanceType.instanceTypeName} brokers, `
          + `above the ${MskLimits.MAX_BROKERS} a cluster can have: choose a larger instance type or split the workload across clusters`
        : `\`workload\` needs more than ${MskLimits.MAX_BROKERS} brokers of every ${kindName(brokerType)} size, `
          + 'the most a cluster can have: split the workload across clusters');
    }
    // The cheapest plan wins; the first size listed (smallest, m5 before m7g) wins a tie.
    const best = plans.reduce((a, b) => (b.cost.monthlyUsd < a.cost.monthlyUsd ? b : a));
    const { instanceType, required, brokerCount, storageGibPerBroker, cost } = best;
    const partitions = required.partitions;
    const kafkaWhat = `${brokerCount} × ${instanceType.instanceTypeName}${express ? '' : ' and their storage'}`;
    const kinesisComparison = compareWithKinesis(w, cost, kafkaWhat, options.kinesisPrices);
    const plan = {
      workload: completedWorkload(w, partitions),
      brokerType,
      instanceType,
      brokerCount,
      requiredBrokerCount: required.brokers,
      availabilityZones: zones,
      storageGibPerBroker,
      partitions,
      partitionsPerBroker: Math.ceil(partitions * w.replicationFactor / brokerCount),
      bindingLimit: required.binding,
      utilisation: utilisationAt(w, instanceType, brokerCount, partitions),
      cost: kinesisComparison ? { ...cost, notes: [...cost.notes, kinesisComparison.reason] } : cost,
      kinesisComparison,
      warnings: brokerPlanWarnings({
        brokerType,
        brokerCount,
        requiredBrokerCount: required.brokers,
        bindingLimit: required.binding,
        availabilityZones: zones,
        replicationFactor: w.replicationFactor,
      }),
    };
    return { ...plan, summary: summariseBrokerPlan(plan) };
  }

  /**
   * Checks a workload against MSK Serverless's per-cluster and per-partition throughput
   * quotas and plans its partitions. Serverless has no brokers, storage or instance
   * sizes to choose; its prices are not in the price list, so the plan is not priced.
   */
  public static planServerless(workload: KafkaWorkload): ServerlessPlan {
    return planServerless(workload);
  }

  /** Static functions only: Java and .NET users would otherwise see a constructor that makes an object with nothing on it. */
  private constructor() {}
}
