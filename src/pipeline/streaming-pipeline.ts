import { Aspects, CfnOutput, Duration, Lazy, Stage } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct, IConstruct } from 'constructs';
import { ChooseIngest } from './choose-ingest';
import { checkPipelinePrices } from './cost/check-pipeline-prices';
import { costReport } from './cost/cost-report';
import { PipelineCostReport } from './cost/pipeline-cost-report';
import { PipelinePriceList } from './cost/pipeline-price-list';
import { pipelineDiagram } from './diagram/pipeline-diagram';
import { IngestChoice } from './ingest-choice';
import { IngestDecision } from './ingest-decision';
import { definedAlarms, findParts, PipelinePart } from './pipeline-parts';
import { PipelineRequirements } from './pipeline-requirements';
import { warnOnPipeline } from './pipeline-warnings';
import { resolveRequirements } from './resolved-requirements';
import { StreamingPipelineProps } from './streaming-pipeline-props';
import { AlarmRouting } from './watch/alarm-routing';
import { fillDashboard } from './watch/pipeline-dashboard';
import { StreamAnalytics } from '../analytics/stream-analytics';
import { StreamAnalyticsOptions } from '../analytics/stream-analytics-props';
import { ArchiveToLake } from '../archive/archive-to-lake';
import { ArchiveToLakeOptions } from '../archive/archive-to-lake-props';
import { fail, withPath } from '../common/input-error';
import { ShardConsumer } from '../consume/shard-consumer';
import { ShardConsumerOptions } from '../consume/shard-consumer-props';
import { StreamingIngest } from '../ingest/streaming-ingest';
import { KafkaBridge } from '../kafka/kafka-bridge';
import { KafkaTopic } from '../kafka/kafka-topic';
import { deliverAlarmsTo } from '../monitoring/alarm-delivery';
import { KinesisLimits } from '../planning/kinesis/kinesis-limits';
import { resolveWorkload } from '../planning/kinesis/resolved-workload';
import { ApiGatewayProducer } from '../produce/api-gateway/api-gateway-producer';
import { ApiGatewayProducerOptions } from '../produce/api-gateway/api-gateway-producer-props';
import { DmsProducer } from '../produce/dms/dms-producer';
import { DmsProducerOptions } from '../produce/dms/dms-producer-props';
import { EventBridgeProducer } from '../produce/eventbridge/event-bridge-producer';
import { EventBridgeProducerOptions } from '../produce/eventbridge/event-bridge-producer-props';
import { IotRuleProducer } from '../produce/iot/iot-rule-producer';
import { IotRuleProducerOptions } from '../produce/iot/iot-rule-producer-props';
import { AggregateToTable } from '../sinks/aggregate-to-table';
import { AggregateToTableOptions } from '../sinks/aggregate-to-table-props';
import { IndexToOpenSearch } from '../sinks/opensearch/index-to-opensearch';
import { IndexToOpenSearchOptions } from '../sinks/opensearch/index-to-opensearch-props';
import { DeliverToRedshift } from '../sinks/redshift/deliver-to-redshift';
import { DeliverToRedshiftOptions } from '../sinks/redshift/deliver-to-redshift-props';
import { IStreamSource } from '../source/stream-source';

/** Why a pipeline that delivers straight to storage has no `source`. */
const NO_SOURCE = 'the pipeline has no stream to read: its requirements decided Firehose direct PUT, so producers write to '
  + '`delivery.deliveryStream` and there is no `source`. Give `requirements` that need a stream, or `sources`';

/**
 * A whole streaming pipeline: its ingest decided from what it needs (or given), and one
 * dashboard, one alarm action and one cost report for every part of it.
 *
 * The parts are the library's constructs that keep, read or write the pipeline's sources:
 * streams and clusters, producers, `ShardConsumer`s, `StreamAnalytics`, lakes, aggregates,
 * OpenSearch and Redshift sinks. The `add…()` methods (`addConsumer()`, `addArchive()`,
 * `addApiGatewayProducer()`, …) build them inside the pipeline on `source`, the first of
 * `sources`, and throw as `source` does when the pipeline delivers straight to storage
 * (Firehose direct PUT). To build on another of `sources`, build the construct inside the
 * pipeline with that source, as the methods do (for example a `ShardConsumer` with the
 * pipeline as its scope and the second of `sources` as its `source`; the README shows it). Parts
 * built on the pipeline's sources anywhere else in the app count too, before or after the
 * pipeline: they are found when the app is synthesized, so the order does not matter.
 *
 * @example
 * declare const onCall: sns.ITopic;
 * declare const scoreClick: lambda.IFunction;
 *
 * const pipeline = new StreamingPipeline(this, 'Clicks', {
 *   requirements: {
 *     latency: Duration.seconds(1),
 *     replay: Duration.days(7),
 *     independentConsumers: 2,
 *     workload: { ingestMibPerSecond: 4, averageRecordBytes: 700 },
 *   },
 *   alarmAction: new cloudwatchActions.SnsAction(onCall),
 * });
 * pipeline.addConsumer('Scoring', { handler: scoreClick, readerName: 'scoring' });
 * pipeline.addArchive('Lake', { readerName: 'lake' });
 */
export class StreamingPipeline extends Construct {
  /** What `ChooseIngest.decide()` made of the requirements. @default - no requirements given */
  public readonly decision?: IngestDecision;
  /** The Kinesis stream the pipeline built. @default - none built */
  public readonly stream?: StreamingIngest;
  /** The MSK cluster the pipeline built. @default - none built */
  public readonly bridge?: KafkaBridge;
  /** The Firehose delivery into S3 the pipeline built (direct PUT). @default - none built */
  public readonly delivery?: ArchiveToLake;
  /** The pipeline's dashboard. @default - none: `dashboard: false` */
  public readonly dashboard?: cloudwatch.Dashboard;
  /** Where every alarm of the pipeline goes. @default - none */
  public readonly alarmAction?: cloudwatch.IAlarmAction;

  private readonly _sources: IStreamSource[] = [];
  private readonly requirements?: PipelineRequirements;
  private readonly prices: PipelinePriceList;
  private readonly batchDuration: Duration;

  constructor(scope: Construct, id: string, props: StreamingPipelineProps) {
    super(scope, id);
    this.prices = props.prices ?? {};
    withPath(this, () => checkPipelinePrices(this.prices));
    this.batchDuration = props.batchDuration ?? Duration.seconds(1);
    if (props.requirements === undefined && props.sources === undefined) {
      fail(this, 'give `requirements` (the pipeline decides and builds its ingest) or `sources` (streams or topics you built)');
    }
    if (props.sources !== undefined && props.sources.length === 0) {
      fail(this, '`sources` is empty: give the streams or topics the pipeline reads, or leave it out and give `requirements`');
    }
    this.requirements = props.requirements;
    if (props.requirements) {
      const requirements = props.requirements;
      this.decision = withPath(this, () => ChooseIngest.decide({
        ...requirements,
        kinesisPrices: requirements.kinesisPrices ?? this.prices.kinesis,
        kafkaPrices: requirements.kafkaPrices ?? this.prices.kafka,
        firehosePrices: requirements.firehosePrices ?? this.prices.firehose,
      }));
      for (const warning of this.decision.warnings) {
        warnOnPipeline(this, warning.id, warning.message);
      }
    }
    if (props.sources) {
      props.sources.forEach(s => this.addSource(s));
      this.warnIfNotDecided(props.sources);
    } else {
      const built = this.buildIngest(this.decision!, props.requirements!, props);
      this.stream = built.stream;
      this.bridge = built.bridge;
      this.delivery = built.delivery;
    }

    this.alarmAction = props.alarmAction;
    if (props.alarmAction) {
      deliverAlarmsTo(props.alarmAction, this);
      // On the pipeline's stage (the app, or the Stage it is in): alarms of every stack in it.
      Aspects.of(Stage.of(this) ?? this.node.root).add(new AlarmRouting(props.alarmAction, () => this.membership()));
    }
    if (props.dashboard ?? true) {
      const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
      this.dashboard = dashboard;
      let filled = false;
      Aspects.of(this).add({
        visit: node => {
          if (node === this && !filled) {
            filled = true;
            fillDashboard(this, dashboard, this.parts(), this.ownAlarms());
          }
        },
      });
    }
    if (props.costOutput ?? true) {
      new CfnOutput(this, 'MonthlyCost', {
        description: `Monthly cost at peak of the pipeline ${this.node.path} (USD, list prices; see its cost report)`,
        value: Lazy.string({ produce: () => this.costReport().headline }),
      });
    }
  }

  /**
   * The pipeline's first source: build consumers, analytics, sinks and producers on it.
   * Throws when the pipeline delivers straight to storage (Firehose direct PUT): there is
   * no stream to read then; write to `delivery` instead.
   */
  public get source(): IStreamSource {
    if (this._sources.length === 0) {
      fail(this, NO_SOURCE);
    }
    return this._sources[0];
  }

  /** Every source of the pipeline, in the order given. */
  public get sources(): IStreamSource[] {
    return [...this._sources];
  }

  /** Every alarm of the pipeline's parts, and those built inside the pipeline, as found now. */
  public get alarms(): cloudwatch.IAlarm[] {
    return this.allAlarms();
  }

  /**
   * Adds a stream or topic to the pipeline: its stream or cluster, readers and writers
   * become parts of the pipeline.
   */
  public addSource(source: IStreamSource): void {
    if (!this._sources.includes(source)) {
      this._sources.push(source);
    }
  }

  /**
   * Builds a `ShardConsumer` inside the pipeline, on its `source`: a Lambda function that
   * processes the records batch by batch, shard by shard (or partition by partition). It is
   * a part of the pipeline: on its dashboard, in its cost report, its alarms to `alarmAction`.
   *
   * @param id the consumer's id in the pipeline
   * @param options the consumer's props, less `source`
   * @returns the consumer
   */
  public addConsumer(id: string, options: ShardConsumerOptions): ShardConsumer {
    return new ShardConsumer(this, id, { ...options, source: this.sourceFor('addConsumer', options) });
  }

  /**
   * Builds an `AggregateToTable` inside the pipeline, on its `source`: figures per key and
   * tumbling window kept in a DynamoDB table. It is a part of the pipeline: on its
   * dashboard, in its cost report, its alarms to `alarmAction`.
   *
   * @param id the aggregate's id in the pipeline
   * @param options the aggregate's props, less `source`
   * @returns the aggregate
   */
  public addAggregate(id: string, options: AggregateToTableOptions): AggregateToTable {
    return new AggregateToTable(this, id, { ...options, source: this.sourceFor('addAggregate', options) });
  }

  /**
   * Builds an `ArchiveToLake` inside the pipeline, on its `source`: Firehose reading the
   * records into an S3 lake. It is a part of the pipeline: on its dashboard, in its cost
   * report, its alarms to `alarmAction`. A pipeline that delivers straight to storage
   * (Firehose direct PUT) has its lake already: `delivery`.
   *
   * @param id the lake's id in the pipeline
   * @param options the lake's props, less `source`
   * @returns the lake
   */
  public addArchive(id: string, options: ArchiveToLakeOptions = {}): ArchiveToLake {
    return new ArchiveToLake(this, id, { ...options, source: this.sourceFor('addArchive', options, ' (its lake is `delivery`)') });
  }

  /**
   * Builds a `StreamAnalytics` inside the pipeline, on its `source`: a Managed Flink job
   * reading the records. It is a part of the pipeline: on its dashboard, in its cost
   * report, its alarms to `alarmAction`.
   *
   * @param id the application's id in the pipeline
   * @param options the application's props, less `source`
   * @returns the application
   */
  public addAnalytics(id: string, options: StreamAnalyticsOptions): StreamAnalytics {
    return new StreamAnalytics(this, id, { ...options, source: this.sourceFor('addAnalytics', options) });
  }

  /**
   * Builds an `IndexToOpenSearch` inside the pipeline, on its `source`: Firehose indexing
   * the records into OpenSearch. It is a part of the pipeline: on its dashboard, in its
   * cost report, its alarms to `alarmAction`.
   *
   * @param id the sink's id in the pipeline
   * @param options the sink's props, less `source`
   * @returns the sink
   */
  public addSearchIndex(id: string, options: IndexToOpenSearchOptions): IndexToOpenSearch {
    return new IndexToOpenSearch(this, id, { ...options, source: this.sourceFor('addSearchIndex', options) });
  }

  /**
   * Builds a `DeliverToRedshift` inside the pipeline, on its `source`: the records loaded
   * into a Redshift table. It is a part of the pipeline: on its dashboard, in its cost
   * report, its alarms to `alarmAction`.
   *
   * @param id the sink's id in the pipeline
   * @param options the sink's props, less `source`
   * @returns the sink
   */
  public addWarehouse(id: string, options: DeliverToRedshiftOptions): DeliverToRedshift {
    return new DeliverToRedshift(this, id, { ...options, source: this.sourceFor('addWarehouse', options) });
  }

  /**
   * Builds an `ApiGatewayProducer` inside the pipeline, writing to its `source`: a REST
   * API whose POSTs become records. It is a part of the pipeline: on its dashboard, its
   * alarms to `alarmAction`, its writes counted in the source's plan.
   *
   * @param id the producer's id in the pipeline
   * @param options the producer's props, less `source`
   * @returns the producer
   */
  public addApiGatewayProducer(id: string, options: ApiGatewayProducerOptions): ApiGatewayProducer {
    return new ApiGatewayProducer(this, id, { ...options, source: this.sourceFor('addApiGatewayProducer', options) });
  }

  /**
   * Builds an `IotRuleProducer` inside the pipeline, writing to its `source`: an AWS IoT
   * rule whose matching messages become records. It is a part of the pipeline: on its
   * dashboard, its alarms to `alarmAction`, its writes counted in the source's plan.
   *
   * @param id the producer's id in the pipeline
   * @param options the producer's props, less `source`
   * @returns the producer
   */
  public addIotRuleProducer(id: string, options: IotRuleProducerOptions): IotRuleProducer {
    return new IotRuleProducer(this, id, { ...options, source: this.sourceFor('addIotRuleProducer', options) });
  }

  /**
   * Builds an `EventBridgeProducer` inside the pipeline, writing to its `source`: an
   * EventBridge rule whose matching events become records. It is a part of the pipeline:
   * on its dashboard, its alarms to `alarmAction`, its writes counted in the source's plan.
   *
   * @param id the producer's id in the pipeline
   * @param options the producer's props, less `source`
   * @returns the producer
   */
  public addEventBridgeProducer(id: string, options: EventBridgeProducerOptions): EventBridgeProducer {
    return new EventBridgeProducer(this, id, { ...options, source: this.sourceFor('addEventBridgeProducer', options) });
  }

  /**
   * Builds a `DmsProducer` inside the pipeline, writing to its `source`: a DMS task whose
   * captured database changes become records. It is a part of the pipeline: on its
   * dashboard, its alarms to `alarmAction`, its writes counted in the source's plan.
   *
   * @param id the producer's id in the pipeline
   * @param options the producer's props, less `source`
   * @returns the producer
   */
  public addDmsProducer(id: string, options: DmsProducerOptions): DmsProducer {
    return new DmsProducer(this, id, { ...options, source: this.sourceFor('addDmsProducer', options) });
  }

  /**
   * The source an `add…()` method builds on: `source`. Refused, naming the method, when the
   * pipeline delivers straight to storage, and when the options carry another source:
   * TypeScript lets props with a `source` pass as options, and the pipeline's would silently win.
   */
  private sourceFor(method: string, options: object, hint = ''): IStreamSource {
    if (this._sources.length === 0) {
      fail(this, `\`${method}()\`${hint}: ${NO_SOURCE}`);
    }
    const given = (options as { readonly source?: IStreamSource }).source;
    if (given !== undefined && given !== this._sources[0]) {
      fail(this, `\`${method}()\` builds on the pipeline's \`source\`, and its options carry another \`source\`: `
        + 'leave it out, or build the construct inside the pipeline on the source you mean (`new …(pipeline, id, { source, … })`)');
    }
    return this._sources[0];
  }

  /**
   * What the pipeline costs a month at its sources' stated peak, part by part, with the
   * total and the largest items. Counts the parts that exist when called; the stack output
   * counts them all.
   */
  public costReport(): PipelineCostReport {
    return withPath(this, () => {
      const directPut = this.delivery && this.requirements
        ? { delivery: this.delivery, workload: resolveWorkload(this.requirements.workload) } : undefined;
      return costReport(this, this.parts(), this.prices, { batchDuration: this.batchDuration, directPut });
    });
  }

  /**
   * The pipeline as a Mermaid flowchart: producers, sources, processing and storage, with
   * records flowing left to right. Paste it in a ```mermaid block to see it.
   */
  public diagram(): string {
    return pipelineDiagram(this, this._sources, this.parts());
  }

  private allAlarms(): cloudwatch.AlarmBase[] {
    return [...new Set([...this.parts().flatMap(p => p.alarms), ...this.ownAlarms()])];
  }

  /** Alarms built inside the pipeline but in none of its parts: the user's own. */
  private ownAlarms(): cloudwatch.AlarmBase[] {
    const parts = this.parts().map(p => p.construct);
    return definedAlarms(this).filter(alarm => !alarm.node.scopes.some(s => parts.includes(s)));
  }

  /** Whether an alarm is the pipeline's: inside one of its parts, or inside the pipeline. */
  private membership(): (alarm: cloudwatch.AlarmBase) => boolean {
    const scopes = new Set<IConstruct>([this, ...this.parts().map(p => p.construct)]);
    return alarm => alarm.node.scopes.some(s => scopes.has(s));
  }

  private parts(): PipelinePart[] {
    return findParts(this, this._sources);
  }

  private buildIngest(decision: IngestDecision, requirements: PipelineRequirements, props: StreamingPipelineProps):
  { stream?: StreamingIngest; bridge?: KafkaBridge; delivery?: ArchiveToLake } {
    switch (decision.choice) {
      case IngestChoice.KINESIS: {
        // Kinesis keeps whole hours, 24 at least: the replay asked, rounded up.
        const replayHours = Math.ceil(requirements.replay?.toHours({ integral: false }) ?? 0);
        const stream = new StreamingIngest(this, 'Stream', {
          workload: requirements.workload,
          retention: replayHours > KinesisLimits.MIN_RETENTION_HOURS ? Duration.hours(replayHours) : undefined,
          prices: this.prices.kinesis,
          ...props.streamOptions,
        });
        this.addSource(stream);
        return { stream };
      }
      case IngestChoice.MSK: {
        const options = props.kafkaOptions;
        if (options?.vpc === undefined && options?.cluster === undefined) {
          fail(this, `the requirements decided Amazon MSK (${decision.reason}): give \`kafkaOptions.vpc\` for the brokers, `
            + 'or `kafkaOptions.cluster` to use a cluster you have');
        }
        const w = requirements.workload;
        const bridge = new KafkaBridge(this, 'Kafka', {
          workload: {
            ingestMibPerSecond: w.ingestMibPerSecond,
            consumerGroups: resolveRequirements(requirements).independentConsumers,
            // As the decision priced it: without replay, a day, as a stream keeps.
            retention: requirements.replay ?? Duration.hours(KinesisLimits.MIN_RETENTION_HOURS),
            headroom: w.headroom,
          },
          prices: this.prices.kafka,
          ...options,
        });
        const topic: KafkaTopic = bridge.addTopic(props.topicName ?? 'records');
        this.addSource(topic);
        return { bridge };
      }
      case IngestChoice.FIREHOSE:
        return { delivery: new ArchiveToLake(this, 'Delivery', { ...props.deliveryOptions, source: undefined }) };
      default:
        return fail(this, `the requirements describe tasks, not a stream: ${decision.reason} Use an Amazon SQS queue `
          + '(aws-cdk-lib/aws-sqs) with a Lambda event source; StreamingPipeline builds none');
    }
  }

  /** With sources given and requirements too: a warning when the sources are not what was decided. */
  private warnIfNotDecided(sources: IStreamSource[]): void {
    if (this.decision === undefined) {
      return;
    }
    const kinds = new Set<IngestChoice>(sources.map(s => s instanceof KafkaTopic ? IngestChoice.MSK : IngestChoice.KINESIS));
    if (kinds.size === 1 && kinds.has(this.decision.choice)) {
      return;
    }
    warnOnPipeline(this, 'sourcesNotDecided',
      `the requirements decided ${this.decision.choice} (${this.decision.reason}), but the sources given are `
      + `${[...kinds].join(' and ')}: check the requirements, or build what they decide by leaving \`sources\` out`);
  }
}
