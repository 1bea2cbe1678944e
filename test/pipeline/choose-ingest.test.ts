import { Duration } from 'aws-cdk-lib';
import { ChooseIngest, IngestChoice, PipelineRequirements } from '../../src';

// 1 MiB/s of 1,024-byte records = 1,024 records/s.
const workload = { ingestMibPerSecond: 1, averageRecordBytes: 1024 };

function costOf(d: ReturnType<typeof ChooseIngest.decide>, choice: IngestChoice): number | undefined {
  return d.costs.find(c => c.choice === choice)?.monthlyUsd;
}

describe('the decision table, row by row', () => {
  test('Kafka protocol or existing Kafka tooling: MSK, runner-up Kinesis', () => {
    const d = ChooseIngest.decide({ kafkaProtocol: true, workload });
    expect(d.choice).toBe(IngestChoice.MSK);
    expect(d.reason).toContain('The Kafka protocol or existing Kafka tooling is needed');
    expect(d.reason).toContain('"Kafka migration or ecosystem"');
    expect(d.runnerUp).toBe(IngestChoice.KINESIS);
    expect(d.runnerUpReason).toContain('AWS proprietary protocol');
    expect(d.warnings).toEqual([]);
  });

  test('Kafka wins over delivery only: Firehose can read the topic, so it is not priced as direct PUT', () => {
    const d = ChooseIngest.decide({ kafkaProtocol: true, deliveryOnly: true, workload });
    expect(d.choice).toBe(IngestChoice.MSK);
    expect(d.reason).toContain('Firehose can still deliver a topic to S3');
    expect(costOf(d, IngestChoice.FIREHOSE)).toBeUndefined();
  });

  test('delivery to storage only, 60–900 s acceptable, no replay: Firehose, runner-up Kinesis', () => {
    const d = ChooseIngest.decide({ deliveryOnly: true, latency: Duration.minutes(5), workload });
    expect(d.choice).toBe(IngestChoice.FIREHOSE);
    expect(d.reason).toBe('Delivery to storage only, 300 s latency acceptable, within Firehose\'s 60–900 s, no replay: '
      + 'Firehose direct PUT delivers to S3, Redshift or OpenSearch with no administration '
      + '(reference architecture: use Firehose for "Delivery to S3/Redshift only").');
    expect(d.runnerUp).toBe(IngestChoice.KINESIS);
    expect(d.runnerUpReason).toContain('24 h–365 days of replay');
  });

  test('delivery only at exactly 60 s is still Firehose', () => {
    expect(ChooseIngest.decide({ deliveryOnly: true, latency: Duration.seconds(60), workload }).choice).toBe(IngestChoice.FIREHOSE);
  });

  test.each<[string, Partial<PipelineRequirements>, string]>([
    ['sub-second', { latency: Duration.millis(200) }, '200 ms latency (Kinesis is sub-second; Firehose takes 60–900 s)'],
    ['replay 7 days', { replay: Duration.days(7) }, 'replay of 7 days (Kinesis keeps 24 h–365 days)'],
    ['several consumers', { independentConsumers: 3 }, '3 independent consumers reading the same stream at different positions (shard iterators)'],
    ['nothing special', {}, 'AWS-native streaming with no need for Kafka, a queue or delivery-only'],
  ])('otherwise (%s): Kinesis, runner-up MSK', (_, needs, why) => {
    const d = ChooseIngest.decide({ ...needs, workload });
    expect(d.choice).toBe(IngestChoice.KINESIS);
    expect(d.reason).toBe(`Kinesis Data Streams: ${why}; the Kafka protocol is not needed `
      + '(reference architecture: use Kinesis for "New AWS-native streaming").');
    expect(d.runnerUp).toBe(IngestChoice.MSK);
    expect(d.runnerUpReason).toContain('"Medium" against "Minimal"');
  });

  test('replay beyond 365 days: MSK, whose retention is configurable', () => {
    const d = ChooseIngest.decide({ replay: Duration.days(400), workload });
    expect(d.choice).toBe(IngestChoice.MSK);
    expect(d.reason).toBe('Replay of 400 days is beyond the 24 h–365 days a Kinesis stream keeps: MSK\'s retention is configurable.');
    expect(d.runnerUp).toBe(IngestChoice.KINESIS);
  });

  test('one consumer handling tasks one at a time: not a stream, pointing to SQS', () => {
    const d = ChooseIngest.decide({ oneAtATimeTasks: true, workload });
    expect(d.choice).toBe(IngestChoice.NOT_A_STREAM);
    expect(d.reason).toContain('first anti-pattern');
    expect(d.reason).toContain('Use Amazon SQS for task queue patterns.');
    expect(d.runnerUp).toBe(IngestChoice.KINESIS);
    expect(d.summary.split('\n')[0]).toBe('Ingest: not a stream (Amazon SQS)');
  });
});

describe('costs, from the planners', () => {
  const d = ChooseIngest.decide({ deliveryOnly: true, workload });

  test('Kinesis: 2 shards (1,024 records/s > 1,000 per shard) × 730 h × $0.015 = $21.90, plus 1,024/s × 2,628,000 s = 2,691.072 M PUT units × $0.014 = $37.675', () => {
    expect(costOf(d, IngestChoice.KINESIS)).toBe(59.58);
  });

  test('MSK: 3 × kafka.m7g.large × 730 h × $0.204 = $446.76, plus 255 GB-month of storage (as BrokerSizing plans it) × $0.10 = $25.50', () => {
    expect(costOf(d, IngestChoice.MSK)).toBe(472.26);
  });

  test('Firehose: each 1,024-byte record billed as 5 KB: 1,024/s × 5,120 B = 5 MiB/s × 2,628,000 s = 12,832.03 GB × $0.029 = $372.13', () => {
    expect(costOf(d, IngestChoice.FIREHOSE)).toBe(372.13);
    expect(d.costs.find(c => c.choice === IngestChoice.FIREHOSE)!.estimate.items[0].quantity).toBeCloseTo(12832.03, 2);
  });

  test('Firehose without a record size prices the raw bytes and says so: 1 MiB/s × 2,628,000 s = 2,566.41 GB × $0.029 = $74.43', () => {
    const raw = ChooseIngest.decide({ deliveryOnly: true, workload: { ingestMibPerSecond: 1 } });
    expect(costOf(raw, IngestChoice.FIREHOSE)).toBe(74.43);
    expect(raw.costs.find(c => c.choice === IngestChoice.FIREHOSE)!.estimate.notes[1]).toContain('not rounded up to 5 KB');
  });

  test('price overrides reach every planner: Firehose at $0.05/GB: 12,832.03 GB × $0.05 = $641.60', () => {
    const o = ChooseIngest.decide({
      deliveryOnly: true, workload, firehosePrices: { directPutIngestPerGbUsd: 0.05 }, kinesisPrices: { shardHourUsd: 0.03 },
    });
    expect(costOf(o, IngestChoice.FIREHOSE)).toBe(641.6);
    // 2 × 730 × $0.03 = $43.80 + $37.675 = $81.475
    expect(costOf(o, IngestChoice.KINESIS)).toBe(81.48);
  });

  test('replay prices Kinesis extended retention: 2 shards × 730 h × $0.02 = $29.20 more', () => {
    expect(costOf(ChooseIngest.decide({ replay: Duration.days(7), workload }), IngestChoice.KINESIS)).toBe(59.58 + 29.2);
  });

  test('the summary lists the choice and each cost', () => {
    expect(d.summary).toContain('Ingest: Firehose direct PUT');
    expect(d.summary).toContain('$372.13 a month');
    expect(d.summary).toContain('$59.58 a month');
  });
});

describe('warnings', () => {
  test('latencyBelowFirehoseBuffer: delivery only, but under 60 s: Kinesis, runner-up Firehose', () => {
    const d = ChooseIngest.decide({ deliveryOnly: true, latency: Duration.seconds(5), workload });
    expect(d.choice).toBe(IngestChoice.KINESIS);
    expect(d.runnerUp).toBe(IngestChoice.FIREHOSE);
    expect(d.runnerUpReason).toBe('Firehose would fit delivery to storage only, but the reference architecture gives it 60–900 s of latency, above the 5 s acceptable.');
    expect(d.warnings.map(w => w.id)).toEqual(['latencyBelowFirehoseBuffer']);
    expect(d.warnings[0].message).toContain('Firehose direct PUT costs $372.13 a month against Kinesis\'s $59.58.');
  });

  test('taskQueueOnKafka: tasks with the Kafka protocol stay on MSK, with advice', () => {
    const d = ChooseIngest.decide({ kafkaProtocol: true, oneAtATimeTasks: true, workload });
    expect(d.choice).toBe(IngestChoice.MSK);
    expect(d.warnings.map(w => w.id)).toEqual(['taskQueueOnKafka']);
  });

  test('runnerUpCheaper: Firehose chosen though Kinesis costs less for 1 KB records', () => {
    const d = ChooseIngest.decide({ deliveryOnly: true, workload });
    expect(d.warnings).toEqual([{
      id: 'runnerUpCheaper',
      message: 'Kinesis Data Streams, the runner-up, costs $59.58 a month against $372.13 for Firehose direct PUT: the choice follows '
        + 'the needs stated; if one of them can be relaxed, Kinesis Data Streams saves $312.55 a month.',
    }]);
  });

  // Firehose: 0.01 MiB/s × 2,628,000 s = 25.66 GB × $0.029 = $0.74; Kinesis: 1 shard × 730 h × $0.015 = $10.95 + PUT units.
  test('no warning when the choice is also the cheaper one: a small load of 5 KB records', () => {
    expect(ChooseIngest.decide({ deliveryOnly: true, workload: { ingestMibPerSecond: 0.01, averageRecordBytes: 5120 } }).warnings).toEqual([]);
  });
});

describe('contradictions and invalid figures', () => {
  test.each<[string, Partial<PipelineRequirements>, string]>([
    ['delivery only with replay', { deliveryOnly: true, replay: Duration.days(7) },
      '`deliveryOnly` and `replay` contradict: delivery to storage only keeps nothing to replay (Firehose: replay "Not supported"), '
      + 'got `replay` 7 days: re-read the delivered objects instead and drop `replay`, or drop `deliveryOnly` for a Kinesis stream that keeps 24 h–365 days'],
    ['delivery only with several consumers', { deliveryOnly: true, independentConsumers: 2 },
      '`deliveryOnly` and `independentConsumers` contradict: delivery to storage only has one reader, the delivery, '
      + 'got `independentConsumers` 2: drop `deliveryOnly` for a stream that several consumers read'],
    ['delivery only with tasks', { deliveryOnly: true, oneAtATimeTasks: true },
      '`deliveryOnly` and `oneAtATimeTasks` contradict: records delivered to storage only are not tasks a consumer handles: drop one of them'],
    ['tasks with several consumers', { oneAtATimeTasks: true, independentConsumers: 3 },
      '`oneAtATimeTasks` and `independentConsumers` contradict: a task is handled once, by one consumer, got `independentConsumers` 3: '
      + 'for tasks fanned out to several handlers use SNS to SQS, for records every consumer reads drop `oneAtATimeTasks`'],
    ['tasks with replay', { oneAtATimeTasks: true, replay: Duration.hours(48) },
      '`oneAtATimeTasks` and `replay` contradict: a task queue deletes a task once handled, got `replay` 2 days: '
      + 'drop `oneAtATimeTasks` for a Kinesis stream that keeps 24 h–365 days, or drop `replay`'],
    ['consumers stated twice, differently', { independentConsumers: 2, workload: { ingestMibPerSecond: 1, pollingConsumers: 1, enhancedFanOutConsumers: 2 } },
      '`independentConsumers` and `workload.pollingConsumers` + `workload.enhancedFanOutConsumers` disagree: got 2 and 3: '
      + 'state the readers once, or make both counts the same'],
    ['no consumers', { independentConsumers: 0 }, '`independentConsumers` must be an integer between 1 and 1000, got 0'],
    ['fractional consumers', { independentConsumers: 1.5 }, '`independentConsumers` must be an integer between 1 and 1000, got 1.5'],
    ['zero latency', { latency: Duration.seconds(0) }, '`latency` must be a finite number of seconds greater than 0, got 0'],
    ['zero replay', { replay: Duration.hours(0) }, '`replay` must be a finite number of hours greater than 0 and at most 87600, got 0'],
    ['replay beyond ten years', { replay: Duration.days(3651) }, '`replay` must be a finite number of hours greater than 0 and at most 87600, got 87624'],
    ['a bad workload', { workload: { ingestMibPerSecond: -1 } }, '`workload.ingestMibPerSecond` must be a finite number of MiB/s greater than 0, got -1'],
  ])('%s', (_, needs, message) => {
    expect(() => ChooseIngest.decide({ workload, ...needs })).toThrow(message);
  });

  test('a missing workload is named', () => {
    expect(() => ChooseIngest.decide({} as PipelineRequirements)).toThrow('`workload` is required: the peak load, which prices every choice');
  });

  test('consumers stated the same way twice are fine', () => {
    const d = ChooseIngest.decide({ independentConsumers: 2, workload: { ingestMibPerSecond: 1, pollingConsumers: 2 } });
    expect(d.reason).toContain('2 independent consumers');
  });
});

describe('ChooseIngest: a service that cannot take the workload', () => {
  test('is left unpriced, with the reason, when it is only compared with the choice', () => {
    // 5,000 MiB/s: 5,000 shards are within a stream's 10,000; no MSK cluster of 60 brokers carries it.
    const decision = ChooseIngest.decide({ workload: { ingestMibPerSecond: 5_000, averageRecordBytes: 1_024 } });
    expect(decision.choice).toBe(IngestChoice.KINESIS);
    expect(decision.costs.map(c => c.choice)).toEqual([IngestChoice.KINESIS]);
    expect(decision.warnings.map(w => w.id)).toEqual(['choiceNotPriced']);
    expect(decision.warnings[0].message).toBe('MSK is not priced for comparison: `workload` needs more than 60 brokers of every '
      + 'Standard size, the most a cluster can have: split the workload across clusters');
  });

  test('is an error when it is the choice', () => {
    expect(() => ChooseIngest.decide({ kafkaProtocol: true, workload: { ingestMibPerSecond: 5_000 } }))
      .toThrow(/^`workload` needs more than 60 brokers/);
  });
});
