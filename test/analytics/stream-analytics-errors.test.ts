import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { bucketCode, JOB, JobOptions, kafkaJob } from './analytics-fixtures';
import { AnalyticsSink, FlinkRuntime, StreamAnalytics, StreamingIngest, StreamReadMode } from '../../src';
import { testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';

const KPU_ADVICE = 'lower parallelism or raise parallelismPerKpu (up to 8), or ask AWS for a higher KPU quota (Service Quotas or a support case) '
  + 'and give it as `maxKpus`';

/** Builds 'Job' on a fresh `StreamingIngest` with `options`; `extra` may add sinks made in the same stack. */
function build(options: JobOptions, extra: (stack: ReturnType<typeof testStack>) => JobOptions = () => ({})) {
  const stack = testStack();
  const ingest = new StreamingIngest(stack, 'Ingest');
  return () => new StreamAnalytics(stack, 'Job', { source: ingest, code: bucketCode(stack), ...options, ...extra(stack) });
}

/** A domain that exists, in a fresh stack. */
function searchDomain(): opensearch.IDomain {
  return opensearch.Domain.fromDomainAttributes(testStack(), 'Search', {
    domainArn: 'arn:aws:es:us-east-1:111111111111:domain/search', domainEndpoint: 'search-abc.us-east-1.es.amazonaws.com',
  });
}

/** `count` properties `k0`… of one character each. */
function entries(count: number): { [key: string]: string } {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']));
}

describe('StreamAnalytics refuses, naming itself', () => {
  test.each<[string, JobOptions, string]>([
    ['an application name with a space', { applicationName: 'order windows' },
      `${JOB}: \`applicationName\` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got 'order windows'`],
    ['an application name of 129 characters', { applicationName: 'a'.repeat(129) },
      `${JOB}: \`applicationName\` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got '${'a'.repeat(129)}'`],
    ['parallelism and workload both', { parallelism: 2, workload: { recordsPerSecond: 100, recordsPerSecondPerSubtask: 50 } },
      `${JOB}: \`parallelism\` and \`workload\` both set the parallelism: give one of them`],
    ['parallelism 300, above the documented 256', { parallelism: 300 },
      `${JOB}: \`parallelism\` must be an integer between 1 and 256, got 300: 256 is the documented maximum; the service allows `
      + 'parallelismPerKpu × its KPU quota per application, so with a raised quota give it as `maxKpus`'],
    ['parallelism 0', { parallelism: 0 }, `${JOB}: \`parallelism\` must be an integer between 1 and 256, got 0`],
    ['parallelismPerKpu 9', { parallelismPerKpu: 9 }, `${JOB}: \`parallelismPerKpu\` must be an integer between 1 and 8, got 9`],
    ['parallelism 65 at 1 per KPU, above the 64-KPU quota', { parallelism: 65 },
      `${JOB}: \`parallelism\` 65 at \`parallelismPerKpu\` 1 needs 65 KPUs, above the 64 an application may use (the default Managed `
      + `Service for Apache Flink quota on KPUs per application): ${KPU_ADVICE}`],
    ['parallelism 40 at 1 per KPU, above maxKpus 32', { parallelism: 40, maxKpus: 32 },
      `${JOB}: \`parallelism\` 40 at \`parallelismPerKpu\` 1 needs 40 KPUs, above the \`maxKpus\` 32 given: ${KPU_ADVICE}`],
    ['a workload planning 100 subtasks, above the 64-KPU quota', { workload: { recordsPerSecond: 10000, recordsPerSecondPerSubtask: 100 } },
      `${JOB}: \`parallelism\` 100 at \`parallelismPerKpu\` 1 needs 100 KPUs, above the 64 an application may use (the default Managed `
      + `Service for Apache Flink quota on KPUs per application): ${KPU_ADVICE}`],
    ['a workload with no rate per subtask', { workload: { recordsPerSecond: 100, recordsPerSecondPerSubtask: 0 } },
      `${JOB}: \`recordsPerSecondPerSubtask\` must be a finite number of records/s greater than 0, got 0`],
    ['checkpointInterval 0', { checkpointInterval: Duration.millis(0) },
      `${JOB}: \`checkpointInterval\` must be a finite number of at least 1 ms, got 0`],
    ['latencyObjective 0', { latencyObjective: Duration.millis(0) },
      `${JOB}: \`latencyObjective\` must be a finite number of at least 1 ms, got 0`],
    ['maxLagRecords 0', { maxLagRecords: 0 },
      `${JOB}: \`maxLagRecords\` must be an integer between 1 and 9007199254740991 records, got 0`],
    ['maxLagRecords 1.5', { maxLagRecords: 1.5 },
      `${JOB}: \`maxLagRecords\` must be an integer between 1 and 9007199254740991 records, got 1.5`],
    ['the reserved property group id Source', { propertyGroups: { Source: { a: 'b' } } },
      `${JOB}: \`propertyGroups\` may not use the group id 'Source': the library writes 'Source' and 'Sink.<name>' for the source and the `
      + 'sinks. Rename the group'],
    ['a property group id under Sink.', { propertyGroups: { 'Sink.x': { a: 'b' } } },
      `${JOB}: \`propertyGroups\` may not use the group id 'Sink.x': the library writes 'Source' and 'Sink.<name>' for the source and the `
      + 'sinks. Rename the group'],
    ['a property group id with a space', { propertyGroups: { 'my group': { a: 'b' } } },
      `${JOB}: property group id must be 1-50 characters of a-z, A-Z, 0-9, _, . and -, got 'my group'`],
    ['a property group id of 51 characters', { propertyGroups: { ['g'.repeat(51)]: { a: 'b' } } },
      `${JOB}: property group id must be 1-50 characters of a-z, A-Z, 0-9, _, . and -, got '${'g'.repeat(51)}'`],
    ['51 properties in a group', { propertyGroups: { Windows: entries(51) } },
      `${JOB}: property group 'Windows' must have 1-50 properties, got 51`],
    ['an empty group', { propertyGroups: { Windows: {} } },
      `${JOB}: property group 'Windows' must have 1-50 properties, got 0`],
    ['a value of 2,049 characters', { propertyGroups: { Windows: { size: 'x'.repeat(2049) } } },
      `${JOB}: property group 'Windows': each value must be 1-2048 characters, got 2049 for 'size'`],
    ['50 groups besides Source', { propertyGroups: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`G${i}`, { a: 'b' }])) },
      `${JOB}: an application takes at most 50 property groups, got 51 (1 for the source and sinks, 50 in \`propertyGroups\`)`],
  ])('%s', (_name, options, message) => {
    expectInputError(build(options), message);
  });

  test('two sinks of one name', () => {
    expectInputError(build({}, stack => ({
      sinks: [
        AnalyticsSink.toStream(new kinesis.Stream(stack, 'A'), { name: 'out' }),
        AnalyticsSink.toBucket(new s3.Bucket(stack, 'B'), { name: 'out' }),
      ],
    })), `${JOB}: two sinks are named 'out': give each its own \`name\` (its property group is 'Sink.out')`);
  });

  test('two sinks of one kind and no names: both default to the kind', () => {
    expectInputError(build({}, stack => ({
      sinks: [AnalyticsSink.toStream(new kinesis.Stream(stack, 'A')), AnalyticsSink.toStream(new kinesis.Stream(stack, 'B'))],
    })), `${JOB}: two sinks are named 'stream': give each its own \`name\` (its property group is 'Sink.stream')`);
  });

  test.each([['my sink'], [''], ['s'.repeat(46)]])('a sink named %j', name => {
    expectInputError(build({}, stack => ({ sinks: [AnalyticsSink.toBucket(new s3.Bucket(stack, 'B'), { name })] })),
      `${JOB}: a sink's \`name\` must be 1-45 characters of a-z, A-Z, 0-9, _, . and - (its property group is 'Sink.<name>'), got '${name}'`);
  });

  test('a sink name of 45 characters is taken', () => {
    const make = build({}, stack => ({ sinks: [AnalyticsSink.toBucket(new s3.Bucket(stack, 'B'), { name: 's'.repeat(45) })] }));
    expect(Object.keys(make().properties)).toEqual(['Source', `Sink.${'s'.repeat(45)}`]);
  });

  test('enhanced fan-out on a Kafka topic', () => {
    expectInputError(() => kafkaJob({ readMode: StreamReadMode.ENHANCED_FAN_OUT }),
      `${JOB}: enhanced fan-out (\`enhancedFanOut\`, or \`readMode\` ENHANCED_FAN_OUT) is a Kinesis feature, and Kafka topic orders of `
      + 'TestStack/Bridge has none: each reader is its own consumer group and reads every partition at the brokers\' full rate. Read by '
      + 'polling (leave out `enhancedFanOut`)');
  });

  test('nothing is created before a refusal', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');
    expect(() => new StreamAnalytics(stack, 'Job', { source: ingest, code: bucketCode(stack), parallelism: 300 })).toThrow();

    expect(ingest.readers).toEqual([]);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 0);
  });
});

describe('refused by the factories', () => {
  test.each([['flink-1.20'], ['FLINK-1.20'], ['FLINK-1_20-SNAPSHOT'], ['1_20']])('FlinkRuntime.of(%j)', value => {
    expectInputError(() => FlinkRuntime.of(value),
      `FlinkRuntime.of() takes a Managed Flink RuntimeEnvironment of the form FLINK-<major>_<minor> (e.g. FLINK-2_2), got '${value}'`);
  });

  test.each([['Orders'], ['_orders'], ['-orders'], ['+orders'], ['my orders'], ['orders#1'], ['a/b'], ['.'], ['..'], ['o'.repeat(256)]])(
    'AnalyticsSink.toDomain() with index %j', index => {
      expectInputError(() => AnalyticsSink.toDomain(searchDomain(), { index }),
        'AnalyticsSink.toDomain(): `index` must be an OpenSearch index name (lowercase; none of \\ / * ? " < > | , # or spaces; not starting '
        + `with _ - or +; at most 255 characters), got '${index}'`);
    });

  test.each([['orders'], ['orders-2026.01'], ['o'.repeat(255)]])('AnalyticsSink.toDomain() takes index %j', index => {
    expect(AnalyticsSink.toDomain(searchDomain(), { index }).sinkName).toBe('domain');
  });
});
