import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { handlerIn, testStack } from './pipeline-helpers';
import {
  AggregateMeasure, AggregateToTable, ArchiveFormat, ArchiveToLake, ColumnType, ConnectorPlugin, KafkaBridge, PipelineLayer, ShardConsumer,
  StreamingIngest,
  StreamingPipeline, StreamingPipelineProps, StreamSchema, StreamSource,
} from '../../src';
import { expectInputError } from '../input-errors';

/**
 * A stream of 500 records/s of 1 KiB (0.5 MiB/s) with a Lambda reader (256 MB, x86, batches
 * of 100 within 5 s) and a JSON lake. Hand figures, a month being 730 h = 2,628,000 s:
 * - reader: 500 records/s ÷ 100 = 5 batches/s (more than one per 5 s window) = 13,140,000
 *   invocations: 13.14 M × $0.20 = $2.628; × 0.25 GB × 1 s = 3,285,000 GB-s × $0.0000166667 = $54.7501.
 * - lake: 1,048.576-byte records billed as 5 KB: 500 × 5,120 B × 2,628,000 s ÷ 2^30 = 6,265.64 GB
 *   × $0.029 = $181.70; stored: 0.5 MiB/s × 2,628,000 s = 1,283.2 GB × $0.023 = $29.51.
 * - stream: 1 shard × 730 h × $0.015 = $10.95; 1,314 M PUT units × $0.014 = $18.40.
 */
function pipelineAt500RecordsASecond(options: Partial<StreamingPipelineProps> = {}) {
  const stack = testStack();
  const stream = new StreamingIngest(stack, 'Stream', { workload: { ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 500 } });
  const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [stream], ...options });
  new ShardConsumer(stack, 'Reader', { source: stream, handler: handlerIn(stack, 'Fn', 256), readerName: 'reader' });
  new ArchiveToLake(stack, 'Lake', { source: stream, readerName: 'lake' });
  return { stack, stream, pipeline };
}

describe('the pipeline\'s cost report', () => {
  test('every part priced as by hand, the total their sum, the largest items named', () => {
    const { stream, pipeline } = pipelineAt500RecordsASecond();
    expect(stream.plan!.shardCount).toBe(1);
    const report = pipeline.costReport();

    const byPart = Object.fromEntries(report.parts.map(p => [p.part, p]));
    expect(Object.keys(byPart)).toEqual(['Lake', 'Reader', 'Stream']);
    expect(byPart.Reader.layer).toBe(PipelineLayer.PROCESSING);
    expect(byPart.Reader.estimate.items.map(i => [i.name, i.quantity, i.monthlyUsd])).toEqual([
      ['Lambda invocations', 13.14, 2.63],
      ['Lambda compute (256 MB, x86_64)', 3_285_000, 54.75],
    ]);
    expect(byPart.Reader.monthlyUsd).toBe(57.38);
    const lake = byPart.Lake.estimate.items;
    expect(lake.map(i => i.name)).toEqual(['Firehose data ingested', 'S3 storage added each month']);
    expect(lake[0].quantity).toBeCloseTo(6265.64, 2);
    expect(lake[0].monthlyUsd).toBe(181.7);
    expect(lake[1].quantity).toBeCloseTo(1283.2, 1);
    expect(lake[1].monthlyUsd).toBe(29.51);
    expect(byPart.Lake.monthlyUsd).toBe(211.22);
    expect(byPart.Stream.monthlyUsd).toBe(stream.plan!.cost.monthlyUsd);
    expect(byPart.Stream.monthlyUsd).toBe(29.35);

    expect(report.monthlyUsd).toBe(297.95); // 211.22 + 57.38 + 29.35
    expect(report.largestItems.map(l => [l.part, l.item.name, l.item.monthlyUsd])).toEqual([
      ['Lake', 'Firehose data ingested', 181.7],
      ['Reader', 'Lambda compute (256 MB, x86_64)', 54.75],
      ['Lake', 'S3 storage added each month', 29.51],
    ]);
    expect(report.largestItems[0].share).toBeCloseTo(181.7 / 297.95, 4);
    expect(report.unpriced).toEqual([]);
    expect(report.headline).toBe('$297.95 a month at peak; largest: Lake Firehose data ingested $181.70 (61%), '
      + 'Reader Lambda compute (256 MB, x86_64) $54.75 (18%), Lake S3 storage added each month $29.51 (9.9%)');
  });

  test('the text lists the total, the largest items, each part with its items and unit prices, and the notes', () => {
    const text = pipelineAt500RecordsASecond().pipeline.costReport().text;
    expect(text.split('\n').slice(0, 16)).toEqual([
      'Monthly cost at peak: $297.95',
      'Largest items:',
      '  1. Lake: Firehose data ingested $181.70 (61%)',
      '  2. Reader: Lambda compute (256 MB, x86_64) $54.75 (18%)',
      '  3. Lake: S3 storage added each month $29.51 (9.9%)',
      'By part:',
      '  Lake (Firehose to S3, storage): $211.22',
      '      Firehose data ingested: $181.70 (6,265.64 GB × $0.029)',
      '      S3 storage added each month: $29.51 (1,283.2 GB-month × $0.023)',
      '  Reader (Lambda, processing): $57.38',
      '      Lambda invocations: $2.63 (13.14 million requests × $0.20)',
      '      Lambda compute (256 MB, x86_64): $54.75 (3,285,000 GB-second × $0.0000166667)',
      '  Stream (Kinesis stream, ingest): $29.35',
      '      shard-hours: $10.95 (730 shard-hour × $0.015)',
      '      PUT payload units: $18.40 (1,314 million PUT payload units × $0.014)',
      'Notes:',
    ]);
    expect(text).toContain('  - reader: 1 second a batch assumed (the pipeline\'s `batchDuration`); the monthly free tier is not deducted.\n');
  });

  test('overridden prices and batch duration change the figures', () => {
    const { pipeline } = pipelineAt500RecordsASecond({
      prices: {
        lambda: { requestsPerMillionUsd: 0.4, x86ComputePerGbSecondUsd: 0.00002 },
        storage: { s3StandardPerGbMonthUsd: 0.0125 },
        firehose: { directPutIngestPerGbUsd: 0.01 },
      },
      batchDuration: Duration.millis(200),
    });
    const items = pipeline.costReport().parts.flatMap(p => p.estimate.items.map(i => [i.name, i.monthlyUsd]));
    expect(items).toEqual(expect.arrayContaining([
      ['Lambda invocations', 5.26], // 13.14 M × $0.40
      ['Lambda compute (256 MB, x86_64)', 13.14], // 13,140,000 × 0.25 GB × 0.2 s = 657,000 GB-s × $0.00002
      ['S3 storage added each month', 16.04], // 1,283.2 GB × $0.0125
      ['Firehose data ingested', 62.66], // 6,265.64 GB × $0.01
    ]));
  });

  test('an aggregate: its Lambda and at most a DynamoDB write per record, plus three per shard and window', () => {
    const stack = testStack();
    const stream = new StreamingIngest(stack, 'Stream', { workload: { ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 500 } });
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [stream] });
    new AggregateToTable(stack, 'Spend', {
      source: stream, readerName: 'spend', keyField: 'customer', window: Duration.minutes(1), measures: [AggregateMeasure.count('n')],
    });
    const spend = pipeline.costReport().parts.find(p => p.part === 'Spend')!;
    expect(spend.layer).toBe(PipelineLayer.STORAGE);
    // 500 records/s × 2,628,000 s + 1 shard × 43,800 one-minute windows × 3 = 1,314.1314 M writes × $0.625.
    expect(spend.estimate.items.find(i => i.name === 'DynamoDB writes')).toEqual({
      name: 'DynamoDB writes', quantity: 1314.1314, unit: 'million write request units', unitPriceUsd: 0.625, monthlyUsd: 821.33,
    });
    expect(spend.estimate.items.some(i => i.name.startsWith('Lambda compute'))).toBe(true);
  });

  test('a Parquet lake partitioned by a field adds conversion and dynamic partitioning per GB', () => {
    const stack = testStack();
    const stream = new StreamingIngest(stack, 'Stream', { workload: { ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 500 } });
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [stream] });
    const order = new StreamSchema({
      name: 'Order',
      columns: [{ name: 'customer_id', type: ColumnType.STRING }, { name: 'amount', type: ColumnType.DOUBLE }],
    });
    new ArchiveToLake(stack, 'Lake', { source: stream, readerName: 'lake', format: ArchiveFormat.parquet(order), partitionBy: ['customer_id'] });
    const lake = pipeline.costReport().parts.find(p => p.part === 'Lake')!;
    expect(lake.estimate.items.map(i => [i.name, i.monthlyUsd])).toEqual([
      ['Firehose data ingested', 181.7],
      ['Firehose format conversion', 23.1], // 1,283.2 GB × $0.018
      ['Firehose dynamic partitioning', 25.66], // 1,283.2 GB × $0.020
      ['S3 storage added each month', 29.51],
    ]);
  });

  test('parts that cannot be priced are listed with the reason, and the stack output carries the headline', () => {
    const stack = testStack();
    const imported = StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Imported', 'arn:aws:kinesis:us-east-1:111111111111:stream/clicks'));
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [imported] });
    new ShardConsumer(stack, 'Reader', { source: imported, handler: handlerIn(stack, 'Fn'), readerName: 'reader' });

    const report = pipeline.costReport();
    expect(report.monthlyUsd).toBe(0);
    expect(report.unpriced).toEqual([{ part: 'Reader', service: 'Lambda', reason: 'its source states no workload (give the stream or topic a `workload`)' }]);
    expect(report.text).toContain('  Reader (Lambda): not priced: its source states no workload (give the stream or topic a `workload`)\n');
    const outputs = Template.fromStack(stack).findOutputs('*');
    const cost = Object.entries(outputs).filter(([id]) => id.startsWith('PipelineMonthlyCost')).map(([, o]) => o.Value);
    expect(cost).toEqual(['$0.00 a month at peak; largest: none; not priced: Reader']);
  });

  test('an imported function: Lambda\'s default 128 MB is assumed, and said', () => {
    const stack = testStack();
    const stream = new StreamingIngest(stack, 'Stream', { workload: { ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 500 } });
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [stream] });
    const fn = lambda.Function.fromFunctionAttributes(stack, 'Imported', {
      functionArn: 'arn:aws:lambda:us-east-1:111111111111:function:reader', role: handlerIn(stack, 'RoleSource').role, sameEnvironment: true,
    });
    new ShardConsumer(stack, 'Reader', { source: stream, handler: fn, readerName: 'reader' });
    const reader = pipeline.costReport().parts.find(p => p.part === 'Reader')!;
    expect(reader.estimate.items[1].name).toBe('Lambda compute (128 MB, x86_64)');
    expect(reader.estimate.notes).toContain('reader: the function\'s memory is not in this app; Lambda\'s default 128 MB is assumed.');
  });

  test('a Kafka topic alone on its cluster: the lake is priced from the cluster\'s MiB/s; Lambda, needing a record rate, is not', () => {
    const stack = testStack();
    const bridge = new KafkaBridge(stack, 'Kafka', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 }), workload: { ingestMibPerSecond: 1 } });
    const topic = bridge.addTopic('payments');
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [topic] });
    new ArchiveToLake(stack, 'Lake', { source: topic, readerName: 'lake' });
    new ShardConsumer(stack, 'Check', { source: topic, handler: handlerIn(stack, 'Fn'), readerName: 'check' });

    const report = pipeline.costReport();
    const lake = report.parts.find(p => p.part === 'Lake')!;
    // 1 MiB/s × 2,628,000 s = 2,566.41 GB, not rounded to 5 KB records (a Kafka workload gives no record size).
    expect(lake.estimate.items[0]).toEqual(expect.objectContaining({ name: 'Firehose data ingested', monthlyUsd: 74.43 }));
    expect(lake.estimate.notes).toContain('The workload gives no record size, so records are not rounded up to 5 KB: small records cost more than this.');
    expect(report.parts.find(p => p.part === 'Kafka')!.monthlyUsd).toBe(bridge.plan!.cost.monthlyUsd);
    expect(report.unpriced).toEqual([{
      part: 'Check',
      service: 'Lambda',
      reason: 'its source\'s workload states no record rate or size, which Lambda batches depend on '
        + '(Kinesis: give `ingestRecordsPerSecond` or `averageRecordBytes`; a Kafka workload has neither)',
    }]);
  });

  test('a reader that cannot keep up at the assumed batch duration is said so; batches stop at Lambda\'s 6 MB', () => {
    const { pipeline } = pipelineAt500RecordsASecond();
    // 5 batches a second of 1 s each need 5 running at once on the shard; the factor is 1.
    expect(pipeline.costReport().parts.find(p => p.part === 'Reader')!.estimate.notes).toContain('reader: 5 batches a second per shard at '
      + '1 second each need 5 batches running at once per shard, more than its parallelization factor of 1: at this duration the reader '
      + 'falls behind, and this estimate is for a reader that keeps up.');

    const stack = testStack();
    // 100-KiB records: 61 fit 6 MB, so 10 records/s make one batch a second, not one every 10 s of 100.
    const stream = new StreamingIngest(stack, 'Stream', { workload: { ingestMibPerSecond: 1000 * 100 / 1024 / 100, ingestRecordsPerSecond: 10 } });
    const big = new StreamingPipeline(stack, 'Pipeline', { sources: [stream], batchDuration: Duration.millis(100) });
    new ShardConsumer(stack, 'Reader', { source: stream, handler: handlerIn(stack, 'Fn'), readerName: 'big', maxBatchingWindow: Duration.seconds(10) });
    const reader = big.costReport().parts.find(p => p.part === 'Reader')!;
    expect(reader.estimate.notes).toContain('big: batches of 61 records, as many as fit Lambda\'s 6 MB payload, not 100.');
    expect(reader.estimate.items[0].quantity).toBeCloseTo(10 / 61 * 2_628_000 / 1e6, 6);
  });

  test('price overrides are checked: a negative or unknown price is refused with the pipeline\'s path', () => {
    expectInputError(() => pipelineAt500RecordsASecond({ prices: { lambda: { requestsPerMillionUsd: -1 } } }),
      'TestStack/Pipeline: `prices.lambda.requestsPerMillionUsd` must be a finite number of at least 0 USD, got -1');
    const unset = pipelineAt500RecordsASecond({ prices: { storage: { s3StandardPerGbMonthUsd: undefined } } }).pipeline.costReport();
    expect(unset.parts.find(p => p.part === 'Lake')!.estimate.items[1].unitPriceUsd).toBe(0.023);
    // Firehose's list is named as the pipeline's prop, and a field left undefined keeps its default.
    expectInputError(() => pipelineAt500RecordsASecond({ prices: { firehose: { formatConversionPerGbUsd: Number.NaN } } }),
      'TestStack/Pipeline: `prices.firehose.formatConversionPerGbUsd` must be a finite number of at least 0 USD, got NaN');
    const firehoseUnset = pipelineAt500RecordsASecond({ prices: { firehose: { directPutIngestPerGbUsd: undefined } } }).pipeline.costReport();
    expect(firehoseUnset.parts.find(p => p.part === 'Lake')!.estimate.items[0]).toMatchObject({ name: 'Firehose data ingested', unitPriceUsd: 0.029 });
  });

  test.each([
    ['kinesis', { kinesis: { shardHourUsd: -1 } }, '`prices.kinesis.shardHourUsd` must be a finite number of at least 0 USD, got -1'],
    ['kafka', { kafka: { storageGbMonthUsd: -1 } }, '`prices.kafka.storageGbMonthUsd` must be a finite number of at least 0 USD, got -1'],
    ['firehose', { firehose: { directPutIngestPerGbUsd: -1 } }, '`prices.firehose.directPutIngestPerGbUsd` must be a finite number of at least 0 USD, got -1'],
    ['storage', { storage: { s3StandardPerGbMonthUsd: -1 } }, '`prices.storage.s3StandardPerGbMonthUsd` must be a finite number of at least 0 USD, got -1'],
  ])('a bad %s price is named as the pipeline\'s prop, whether the pipeline decides or is given its sources', (_list, prices, message) => {
    expectInputError(() => new StreamingPipeline(testStack(), 'Pipeline', {
      requirements: { latency: Duration.seconds(1), workload: { ingestMibPerSecond: 1, averageRecordBytes: 1024 } },
      prices,
    }), `TestStack/Pipeline: ${message}`);
    expectInputError(() => pipelineAt500RecordsASecond({ prices }), `TestStack/Pipeline: ${message}`);
  });

  test('a field a list does not have is refused, a misspelt list too', () => {
    expectInputError(() => pipelineAt500RecordsASecond({ prices: { lambda: { requestsPerMillionUSD: 1 } as never } }),
      'TestStack/Pipeline: `prices.lambda.requestsPerMillionUSD` is not a price of this list: use x86ComputePerGbSecondUsd, '
      + 'armComputePerGbSecondUsd, requestsPerMillionUsd');
    expectInputError(() => pipelineAt500RecordsASecond({ prices: { lamda: {} } as never }),
      'TestStack/Pipeline: `prices.lamda` is not a price of this list: use kinesis, kafka, firehose, lambda, storage');
    expectInputError(() => pipelineAt500RecordsASecond({ prices: { kafka: { storageGBMonthUsd: 0.12 } as never } }),
      'TestStack/Pipeline: `prices.kafka.storageGBMonthUsd` is not a price of this list: use brokerHourUsd, storageGbMonthUsd, expressDataInPerGbUsd');
  });

  test('a requirement\'s own price list is named as the requirement', () => {
    const requirements = { latency: Duration.seconds(1), workload: { ingestMibPerSecond: 1, averageRecordBytes: 1024 } };
    expectInputError(() => new StreamingPipeline(testStack(), 'Pipeline', { requirements: { ...requirements, kinesisPrices: { shardHourUsd: -1 } } }),
      'TestStack/Pipeline: `kinesisPrices.shardHourUsd` must be a finite number of at least 0 USD, got -1');
    expectInputError(() => new StreamingPipeline(testStack(), 'Pipeline', { requirements: { ...requirements, kafkaPrices: { brokerHourUsd: { 'kafka.m5.large': -1 } } } }),
      'TestStack/Pipeline: `kafkaPrices.brokerHourUsd[\'kafka.m5.large\']` must be a finite number of at least 0 USD, got -1');
    // Checked even where Firehose is not a choice (the records are not for storage only).
    expectInputError(() => new StreamingPipeline(testStack(), 'Pipeline', { requirements: { ...requirements, firehosePrices: { directPutIngestPerGbUsd: -1 } } }),
      'TestStack/Pipeline: `firehosePrices.directPutIngestPerGbUsd` must be a finite number of at least 0 USD, got -1');
  });

  test('parts not priced are named in path order, whatever order they were built in', () => {
    const stack = testStack();
    const imported = StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Imported', 'arn:aws:kinesis:us-east-1:111111111111:stream/clicks'));
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [imported] });
    for (const id of ['Zulu', 'alpha', 'Mike']) {
      new ShardConsumer(stack, id, { source: imported, handler: handlerIn(stack, `${id}Fn`), readerName: id.toLowerCase() });
    }
    // By code unit, the same on every machine (a locale would put 'alpha' first).
    expect(pipeline.costReport().unpriced.map(u => u.part)).toEqual(['Mike', 'Zulu', 'alpha']);
    expect(pipeline.costReport().headline).toBe('$0.00 a month at peak; largest: none; not priced: Mike, Zulu, alpha');
  });

  test('direct PUT: the delivery the pipeline built is priced from the requirements\' workload', () => {
    const stack = testStack();
    const pipeline = new StreamingPipeline(stack, 'Pipeline', {
      requirements: { deliveryOnly: true, workload: { ingestMibPerSecond: 1, averageRecordBytes: 1024 } },
    });
    const report = pipeline.costReport();
    expect(report.parts.map(p => [p.part, p.service])).toEqual([['Pipeline/Delivery', 'Firehose to S3']]);
    // 1,024 records/s billed as 5 KB: 12,832.03 GB × $0.029; stored: 2,566.41 GB × $0.023.
    expect(report.parts[0].estimate.items.map(i => [i.name, i.monthlyUsd])).toEqual([
      ['Firehose data ingested', 372.13], ['S3 storage added each month', 59.03],
    ]);
    expect(pipeline.decision!.costs.find(c => c.choice === 'FIREHOSE')!.monthlyUsd).toBe(372.13); // what the decision priced
    expect(report.monthlyUsd).toBe(431.16);
  });

  test('an MSK Connect sink copying a pipeline topic is priced as S3 growth', () => {
    const stack = testStack();
    const bridge = new KafkaBridge(stack, 'Kafka', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 }), workload: { ingestMibPerSecond: 1 } });
    const topic = bridge.addTopic('payments');
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [topic] });
    bridge.addS3Sink('Archive', { topics: [topic], plugin: ConnectorPlugin.fromPluginArn('arn:aws:kafkaconnect:us-east-1:111111111111:custom-plugin/s3/abc', 1) });
    const sink = pipeline.costReport().parts.find(p => p.service === 'MSK Connect to S3')!;
    // 1 MiB/s × 2,628,000 s = 2,566.41 GB × $0.023.
    expect(sink.estimate.items).toEqual([expect.objectContaining({ name: 'S3 storage added each month', monthlyUsd: 59.03 })]);
    expect(pipeline.diagram()).toContain('source1 --> part1');
  });
});
