import { Annotations, Aspects, Duration, Lazy, RemovalPolicy, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { capacityModeOf } from './capacity-mode';
import { KinesisSourceCore } from './kinesis-source-core';
import { createStreamAlarms } from './stream-alarms';
import { StreamMetrics } from './stream-metrics';
import { StreamingIngestProps } from './streaming-ingest-props';
import { declaredRecordsPerSecond } from './writer-registry';
import { checkRange } from '../common/checks';
import { num, usd } from '../common/format';
import { fail, InputError, withPath } from '../common/input-error';
import { AlarmFactory } from '../monitoring/alarm-factory';
import { KinesisCostEstimate } from '../planning/kinesis/kinesis-cost-estimate';
import { KinesisLimits } from '../planning/kinesis/kinesis-limits';
import { PartitionKey } from '../planning/kinesis/partition-key';
import { PriceList } from '../planning/kinesis/price-list';
import { retentionHours } from '../planning/kinesis/retention';
import { ShardPlan } from '../planning/kinesis/shard-plan';
import { ShardSizing } from '../planning/kinesis/shard-sizing';
import { StreamCapacityMode } from '../planning/kinesis/stream-capacity-mode';
import { StreamWorkload } from '../planning/kinesis/stream-workload';
import { IRegistrySchema } from '../schema/registry-schema';
import { StreamReadMode } from '../source/read-mode';
import { IReaderBinding } from '../source/reader-binding';
import { StreamReader, StreamReaderOptions } from '../source/stream-reader';
import { IStreamSource } from '../source/stream-source';
import { StreamWriter, StreamWriterOptions } from '../source/stream-writer';
import { IWriterBinding } from '../source/writer-binding';

const WARNING_PREFIX = 'cdk-streaming-pipelines:StreamingIngest:';
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
/** Share of the retention the iterator-age alarm fires at by default, and at most. */
const DEFAULT_ITERATOR_AGE_SHARE = 0.25;
const MAX_ITERATOR_AGE_SHARE = 0.5;
/** Capacity alarms fire at 80% of provisioned capacity unless told otherwise. */
const DEFAULT_CAPACITY_FRACTION = 0.8;
/** Records up to 1 MiB unless the stream is configured for large records. */
const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

/**
 * A Kinesis data stream sized from its workload, encrypted, with alarms that fire.
 *
 * The shard count comes from `ShardSizing` (unless fixed), the partition key is
 * checked against it, and every alarm is dimensioned by the stream's name. It is an
 * `IStreamSource`: consumers and sinks bind to it, and its plan counts them.
 *
 * @example
 * const ingest = new StreamingIngest(this, 'Clickstream', {
 *   workload: { ingestMibPerSecond: 3, averageRecordBytes: 800, headroom: 0.25 },
 *   partitionKey: PartitionKey.field('sessionId', { distinctValues: 200_000 }),
 * });
 */
export class StreamingIngest extends Construct implements IStreamSource {
  /** The Kinesis stream. */
  public readonly stream: kinesis.IStream;
  /** Capacity mode of the stream. */
  public readonly streamMode: kinesis.StreamMode;
  /** How long the stream keeps records. */
  public readonly retention: Duration;
  /**
   * The workload the stream was declared with.
   * @default - none declared
   */
  public readonly workload?: StreamWorkload;
  /**
   * The customer-managed key encrypting the stream.
   * @default - the AWS-managed key `alias/aws/kinesis`
   */
  public readonly encryptionKey?: kms.IKey;
  /** The stream's construct path, naming it in messages and plans. */
  public readonly sourceName: string;
  /**
   * The registered schema of the stream's events.
   * @default - none
   */
  public readonly schema?: IRegistrySchema;

  private readonly core: KinesisSourceCore;
  /** The summaries user code saw when it read `plan` before synth. */
  private readonly plansRead: string[] = [];
  private synthesized = false;
  private readonly alarmFactory: AlarmFactory;
  private readonly metrics: StreamMetrics;
  private readonly fixedShardCount?: number;
  private readonly prices?: PriceList;

  constructor(scope: Construct, id: string, props: StreamingIngestProps = {}) {
    super(scope, id);
    this.sourceName = this.node.path;
    this.workload = props.workload;
    this.encryptionKey = props.encryptionKey;
    this.fixedShardCount = props.shardCount;
    this.prices = props.prices;
    this.schema = props.schema;
    this.retention = props.retention ?? Duration.hours(KinesisLimits.MIN_RETENTION_HOURS);
    this.streamMode = props.streamMode
      ?? (props.workload || props.shardCount !== undefined ? kinesis.StreamMode.PROVISIONED : kinesis.StreamMode.ON_DEMAND);
    const hours = withPath(this, () => retentionHours(this.retention));
    const iteratorAgeThreshold = props.iteratorAgeThreshold
      ?? Duration.seconds(Math.round(hours * 3600 * DEFAULT_ITERATOR_AGE_SHARE));
    this.validate(props, hours, iteratorAgeThreshold);

    // Everything that can fail is checked before any resource exists.
    const declaredPlan = this.workload ? this.planFor(this.workload) : undefined;
    if (declaredPlan) {
      this.checkRecordSize(declaredPlan.workload, props.maxRecordSize);
    }
    if (declaredPlan && props.partitionKey) {
      withPath(this, () => props.partitionKey!.analyze(declaredPlan)); // one key overflowing a shard fails here
    }

    const provisioned = this.streamMode === kinesis.StreamMode.PROVISIONED;
    const stream = new kinesis.Stream(this, 'Resource', {
      streamName: props.streamName,
      streamMode: this.streamMode,
      // Planned counts are resolved at synth, so readers bound later still count.
      shardCount: provisioned ? (props.shardCount ?? Lazy.number({ produce: () => this.currentPlan()!.shardCount })) : undefined,
      retentionPeriod: this.retention,
      encryption: props.encryptionKey ? kinesis.StreamEncryption.KMS : kinesis.StreamEncryption.MANAGED,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      // Only the metrics the hot-shard alarms query: shard-level metrics are billed per shard and metric.
      shardLevelMetrics: props.hotShardDetection
        ? [kinesis.ShardLevelMetrics.INCOMING_BYTES, kinesis.ShardLevelMetrics.INCOMING_RECORDS]
        : undefined,
    });
    if (props.maxRecordSize) {
      (stream.node.defaultChild as kinesis.CfnStream).maxRecordSizeInKiB = props.maxRecordSize.toKibibytes();
    }
    this.stream = stream;
    this.core = new KinesisSourceCore(stream, this.schema);
    this.metrics = new StreamMetrics(stream);

    // Warnings wait for synth, so that readers bound after this constructor count.
    Aspects.of(this).add({
      visit: node => {
        if (node !== this) {
          return;
        }
        const plan = this.currentPlan();
        if (plan) {
          this.warnAboutPlan(plan, props.partitionKey);
          this.warnIfPlanReadEarly(plan);
        } else {
          // Without a workload only the key's name can be judged.
          props.partitionKey?.analyze().warnings.forEach(w => this.warn(w.id, w.message));
          this.warnIfWritersAboveCapacity(props.shardCount);
        }
      },
    });
    this.alarmFactory = new AlarmFactory(this, props.alarmAction);
    if (props.createAlarms ?? true) {
      createStreamAlarms(this.alarmFactory, {
        label: `Kinesis stream ${this.node.path}`,
        stream,
        metrics: this.metrics,
        retention: this.retention,
        iteratorAgeThreshold,
        shardCount: provisioned ? this.shardCountText(props.shardCount) : undefined,
        capacityFraction: props.capacityAlarmFraction ?? DEFAULT_CAPACITY_FRACTION,
        hotShardDetection: props.hotShardDetection ?? false,
      });
    }
  }

  /**
   * The capacity plan: the declared workload plus every reader bound so far, at the
   * fixed shard count if one was given.
   * @default - no plan: no workload was declared
   */
  public get plan(): ShardPlan | undefined {
    const plan = this.currentPlan();
    if (plan && !this.synthesized) {
      this.plansRead.push(plan.summary);
    }
    return plan;
  }

  /**
   * The plan's summary (`plan.summary`) as a token that resolves at synth, once every
   * reader is bound: use it wherever a plan figure reaches the template (an output, a
   * description). `plan` read earlier describes the readers bound so far only.
   * @default - no plan: no workload was declared
   */
  public get planSummary(): string | undefined {
    return this.workload ? Lazy.string({ produce: () => this.currentPlan()!.summary }) : undefined;
  }

  /** The alarms created for the stream. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...this.alarmFactory.alarms];
  }

  /** The readers bound to the stream so far. */
  public get readers(): StreamReader[] {
    return this.core.readers;
  }

  /**
   * Registers a reader of the stream and returns what it reads through; the plan and
   * the shard count then include it. See `IStreamSource.bindReader()`.
   */
  public bindReader(scope: Construct, options: StreamReaderOptions): IReaderBinding {
    return this.core.bindReader(scope, options);
  }

  /** The writers (producers) bound to the stream so far. */
  public get writers(): StreamWriter[] {
    return this.core.writers;
  }

  /**
   * Registers a writer (a producer) of the stream and returns what it writes through;
   * the plan sizes for the writers' sum when it is more than the declared workload. See
   * `IStreamSource.bindWriter()`.
   */
  public bindWriter(scope: Construct, options: StreamWriterOptions): IWriterBinding {
    return this.core.bindWriter(scope, options);
  }

  /**
   * Permits reading records (and decrypting them with a customer-managed key), and
   * deserializing them with the stream's schema if it has one.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.core.grantRead(grantee);
  }

  /**
   * Permits writing records (and encrypting them with a customer-managed key), and
   * serializing them with the stream's schema if it has one.
   */
  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return this.core.grantWrite(grantee);
  }

  /** Bytes written to the stream. Sum over 1 minute by default. */
  public metricIncomingBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.incomingBytes(props);
  }

  /** Records written to the stream. Sum over 1 minute by default. */
  public metricIncomingRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.incomingRecords(props);
  }

  /** Fraction of write requests throttled (WriteProvisionedThroughputExceeded). Average over 1 minute by default. */
  public metricWriteThrottled(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.writeThrottled(props);
  }

  /** Records rejected by throttling in PutRecords calls (PutRecords.ThrottledRecords). Sum over 1 minute by default. */
  public metricPutRecordsThrottledRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.putRecordsThrottledRecords(props);
  }

  /** Fraction of GetRecords calls throttled (ReadProvisionedThroughputExceeded). Average over 1 minute by default. */
  public metricReadThrottled(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.readThrottled(props);
  }

  /**
   * Age of the oldest record polling consumers have not read yet, in milliseconds
   * (GetRecords.IteratorAgeMilliseconds). Maximum over 1 minute by default.
   */
  public metricIteratorAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.iteratorAge(props);
  }

  private validate(props: StreamingIngestProps, hours: number, iteratorAgeThreshold: Duration): void {
    withPath(this, () => {
      checkRange({ name: 'shardCount' }, props.shardCount, 1, KinesisLimits.MAX_SHARDS, true);
      checkRange({ name: 'capacityAlarmFraction', unit: '(a fraction of provisioned capacity)' }, props.capacityAlarmFraction, 0.1, 1);
      if (props.maxRecordSize?.isUnresolved()) {
        throw new InputError('`maxRecordSize` must be known at synth, got an unresolved token (e.g. a CfnParameter): state it as a plain size');
      }
      checkRange({ name: 'maxRecordSize', unit: 'KiB' }, props.maxRecordSize?.toKibibytes({ rounding: SizeRoundingBehavior.NONE }),
        1024, KinesisLimits.MAX_RECORD_BYTES / 1024, true);
      checkRange({ name: 'iteratorAgeThreshold', unit: `seconds (1 minute to half the ${hours}-hour retention)` },
        iteratorAgeThreshold.toSeconds({ integral: false }), 60, hours * 3600 * MAX_ITERATOR_AGE_SHARE);
    });
    if (props.streamName !== undefined && !Token.isUnresolved(props.streamName) && !STREAM_NAME.test(props.streamName)) {
      fail(this, `\`streamName\` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got '${props.streamName}'`);
    }
    if (this.streamMode === kinesis.StreamMode.ON_DEMAND && props.shardCount !== undefined) {
      fail(this, `\`shardCount\` applies to PROVISIONED streams only, got ${props.shardCount} with streamMode ON_DEMAND: remove one of them`);
    }
    if (this.streamMode === kinesis.StreamMode.PROVISIONED && !props.workload && props.shardCount === undefined) {
      fail(this, '`streamMode` PROVISIONED needs a `workload` to size the stream from, or a `shardCount`: neither was given');
    }
  }

  private warn(id: string, message: string): void {
    Annotations.of(this).addWarningV2(WARNING_PREFIX + id, message);
  }

  private warnAboutPlan(plan: ShardPlan, partitionKey?: PartitionKey): void {
    // Bound polling readers beyond the second are warned about on their own paths.
    const readersWarned = this.readers.filter(r => r.readMode === StreamReadMode.POLLING).length > KinesisLimits.POLLING_CONSUMERS_ADVISED;
    for (const warning of plan.warnings) {
      if (!(readersWarned && warning.id === 'tooManyPollingConsumers')) {
        this.warn(warning.id, warning.message);
      }
    }
    if (partitionKey) {
      withPath(this, () => partitionKey.analyze(plan)).warnings.forEach(w => this.warn(w.id, w.message));
    }
    this.warnIfWritersAboveWorkload(this.workload!);
    const cost = plan.cost;
    const mode = capacityModeOf(this.streamMode);
    if (cost.recommendedMode !== mode) {
      this.warn('costlierMode', `At the stated load ${mode} costs ${usd(monthlyCost(cost, mode))} a month and `
        + `${cost.recommendedMode} ${usd(monthlyCost(cost, cost.recommendedMode))}: consider \`streamMode: ${cost.recommendedMode}\`.`);
    }
  }

  /**
   * Writers that put more than the declared workload grow the plan: said, so that the
   * workload and the writers' figures get reconciled rather than silently disagree.
   */
  private warnIfWritersAboveWorkload(declared: StreamWorkload): void {
    const load = this.core.writersAbove(declared);
    if (!load) {
      return;
    }
    const records = declaredRecordsPerSecond(declared);
    const declaredRecords = records === undefined ? '' : `${num(records, 0)} records/s and `;
    this.warn('writersAboveWorkload', `The writers of ${this.node.path} (${this.writerList()}) put ${num(load.recordsPerSecond, 0)} records/s`
      + ` and ${num(load.mibPerSecond)} MiB/s together, more than \`workload\` states `
      + `(${declaredRecords}${num(declared.ingestMibPerSecond)} MiB/s): the stream is sized for the writers. State the workload to match, `
      + 'or correct the writers\' `recordsPerSecond`.');
  }

  /**
   * Without a workload there is no plan to grow, but the writers' figures still say
   * whether the stream can take them: a fixed shard count, or a new on-demand stream,
   * throttles what is above its capacity.
   */
  private warnIfWritersAboveCapacity(shardCount: number | undefined): void {
    const load = this.core.writerLoad();
    const onDemand = this.streamMode === kinesis.StreamMode.ON_DEMAND;
    if (this.writers.length === 0 || (!onDemand && (shardCount === undefined || Token.isUnresolved(shardCount)))) {
      return;
    }
    const capacityRecords = onDemand ? KinesisLimits.ON_DEMAND_INITIAL_WRITE_RECORDS : shardCount! * KinesisLimits.WRITE_RECORDS_PER_SHARD;
    const capacityMib = onDemand ? KinesisLimits.ON_DEMAND_INITIAL_WRITE_MIB : shardCount! * KinesisLimits.WRITE_MIB_PER_SHARD;
    if (load.recordsPerSecond <= capacityRecords && load.mibPerSecond <= capacityMib) {
      return;
    }
    const stream = onDemand ? 'a new on-demand stream, until it scales to its traffic,' : `${shardCount} shards`;
    const fix = onDemand
      ? 'Writes above it are throttled while on-demand scales up (producers must retry). Declare a `workload` to plan '
        + 'provisioned shards for it.'
      : 'Writes above it are throttled. Declare a `workload` to size the stream from, or raise `shardCount`.';
    this.warn('writersAboveCapacity', `The writers of ${this.node.path} (${this.writerList()}) put ${num(load.recordsPerSecond, 0)} records/s `
      + `and ${num(load.mibPerSecond)} MiB/s together, more than ${stream} ${onDemand ? 'accepts' : 'accept'} (${num(capacityRecords, 0)} records/s and `
      + `${num(capacityMib)} MiB/s). ${fix}`);
  }

  private writerList(): string {
    return this.writers.map(w => `${w.writerName} ${num(w.recordsPerSecond, 0)} records/s`).join(', ');
  }

  /** The declared workload plus every reader bound so far, planned. */
  private currentPlan(): ShardPlan | undefined {
    return this.workload ? this.planFor(this.core.effectiveWorkload(this.workload)) : undefined;
  }

  /**
   * Code that read `plan` before the last reader was bound holds figures the template no
   * longer has (one app printed "4 shards" into an output of a 6-shard stream): warned,
   * naming both, so that it is never silent.
   */
  private warnIfPlanReadEarly(plan: ShardPlan): void {
    this.synthesized = true;
    const stale = this.plansRead.find(summary => summary !== plan.summary);
    if (stale !== undefined) {
      this.warn('planReadEarly', `\`plan\` was read before every reader of ${this.node.path} was bound, and readers bound `
        + `since changed it: it said "${firstLine(stale)}", the final plan says "${firstLine(plan.summary)}". Values taken from it `
        + 'then (outputs, descriptions) are stale: use `planSummary`, which resolves at synth, or read `plan` after binding every reader.');
    }
  }

  /** Plans `workload` at the fixed shard count, if one was given, with this construct's path in errors. */
  private planFor(workload: StreamWorkload): ShardPlan {
    const fixed = this.fixedShardCount !== undefined && !Token.isUnresolved(this.fixedShardCount) ? this.fixedShardCount : undefined;
    return withPath(this, () => ShardSizing.plan(workload, {
      shardCount: fixed, retention: this.retention, prices: this.prices, capacityMode: capacityModeOf(this.streamMode),
    }));
  }

  /** Records the workload implies must fit the stream's largest record. */
  private checkRecordSize(planned: StreamWorkload, maxRecordSize: Size | undefined): void {
    const maxBytes = maxRecordSize?.toBytes() ?? DEFAULT_MAX_RECORD_BYTES;
    const average = planned.averageRecordBytes;
    if (average === undefined || average <= maxBytes) {
      return;
    }
    const given = this.workload!.averageRecordBytes !== undefined
      ? `\`workload.averageRecordBytes\` must be at most the stream's \`maxRecordSize\` (${num(maxBytes, 0)} bytes), got ${average}`
      : `\`workload.ingestRecordsPerSecond\` ${planned.ingestRecordsPerSecond} with \`ingestMibPerSecond\` ${planned.ingestMibPerSecond} means `
        + `${num(average, 0)}-byte records, above the stream's \`maxRecordSize\` (${num(maxBytes, 0)} bytes)`;
    fail(this, `${given}: raise \`maxRecordSize\` (up to 10 MiB) or check the workload`);
  }

  /** The shard count as text for alarm expressions: a number, or a token resolved at synth. */
  private shardCountText(fixed: number | undefined): string {
    if (fixed !== undefined) {
      return Token.isUnresolved(fixed) ? Token.asString(fixed) : String(fixed);
    }
    return Lazy.string({ produce: () => String(this.currentPlan()!.shardCount) });
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

function monthlyCost(cost: KinesisCostEstimate, mode: StreamCapacityMode): number {
  return mode === StreamCapacityMode.ON_DEMAND ? cost.onDemandMonthlyUsd : cost.provisionedMonthlyUsd;
}
