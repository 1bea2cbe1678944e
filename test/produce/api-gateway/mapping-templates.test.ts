import { ProducerOptions, producerOfOrders, requestTemplateOf, responseTemplateOf } from './producer-helpers';
import { renderTemplate, TemplateRequest } from './vtl';
import { PartitionKey } from '../../../src';
import { ApiGatewayProducer } from '../../../src/produce';

/** The synthesized request templates of a producer of the stream 'orders', with `options`. */
function templates(options: ProducerOptions = {}) {
  const { producer, template } = producerOfOrders(() => options);
  const t = template();
  return {
    record: requestTemplateOf(t, producer.recordMethod),
    batch: producer.batchMethod ? requestTemplateOf(t, producer.batchMethod) : undefined,
    producer,
    response: (method: 'record' | 'batch', status: string) => responseTemplateOf(t, method === 'record' ? producer.recordMethod : producer.batchMethod!, status),
  };
}

/** The PutRecord(s) request a template renders for `request`, parsed. */
function putRequest(template: string, request: TemplateRequest): any {
  const { output } = renderTemplate(template, request);
  return JSON.parse(output);
}

/** A record's `Data` as the stream stores it: base64 decoded to text. */
const decoded = (data: string) => Buffer.from(data, 'base64').toString('utf-8');

describe('PutRecord: one body, one record, exactly as sent', () => {
  const bodies: Array<[string, string, string]> = [
    ['plain', '{"customerId":"c-1","amount":12.5}', 'c-1'],
    ['unicode', '{"customerId":"José-ü-😀","note":"日本語"}', 'José-ü-😀'],
    ['quotes, backslashes and newlines in strings', '{"customerId":"a\\"b\\\\c\\nd","text":"line1\\nline2 \\"quoted\\" \\\\ back"}', 'a"b\\c\nd'],
    ['an integer key, quoted', '{"customerId":42,"amount":1}', '42'],
    ['Velocity syntax in values, kept literal', '{"customerId":"$context.requestId #set($x = 1)","x":"##"}', '$context.requestId #set($x = 1)'],
    ['whitespace and key order kept', '{\n  "amount" : 3,\n  "customerId" : "c-2"\n}', 'c-2'],
  ];

  test.each(bodies)('%s', (_, body, key) => {
    const request = putRequest(templates().record, { body });
    expect(request).toEqual({ StreamName: 'orders', PartitionKey: key, Data: expect.any(String) });
    expect(decoded(request.Data)).toBe(body);
  });

  test('a nested key path reads into objects', () => {
    const { record } = templates({ partitionKey: PartitionKey.field('customer.id') });
    const body = '{"customer":{"id":"c-9","name":"Ann"},"amount":2}';
    expect(putRequest(record, { body })).toEqual({
      StreamName: 'orders', PartitionKey: 'c-9', Data: Buffer.from(body).toString('base64'),
    });
  });

  test('a random key is the request id API Gateway generates, not the one clients can set', () => {
    const { record } = templates({ partitionKey: PartitionKey.random() });
    const request = putRequest(record, { body: '{"a":1}', requestId: 'client-chosen', extendedRequestId: 'Xy9ZabCdEfGhIjK=' });
    expect(request.PartitionKey).toBe('Xy9ZabCdEfGhIjK=');
    expect(record).not.toContain('$context.requestId');
  });

  test.each([
    ['all', 'all'],
    ['a "quoted" \\ key', 'a \\u0022quoted\\u0022 \\u005c key'],
    ['$context.requestId#{x}##', '\\u0024context.requestId\\u0023\\u007bx\\u007d\\u0023\\u0023'],
    ['ünï 😀', '\\u00fcn\\u00ef \\ud83d\\ude00'],
  ])('a constant key %j is written at synth with every special character escaped, and arrives as given', (constant, written) => {
    const { record } = templates({ partitionKey: PartitionKey.constant(constant), recordsPerSecond: 10 });
    expect(record).toContain(`"PartitionKey": "${written}"`);
    expect(putRequest(record, { body: '{"a":1}' }).PartitionKey).toBe(constant);
  });
});

describe('PutRecords: a batch, each record by itself', () => {
  const records = [
    { customerId: 'c-1', amount: 1 },
    { customerId: 'c-"2"\\', note: 'ünï\nline' },
    { customerId: 7, nested: { a: [1, 2, { b: null }] } },
  ];
  const body = JSON.stringify({ records });

  test('three records: each record\'s key and its JSON as the data, in order', () => {
    const request = putRequest(templates().batch!, { body });
    expect(request).toEqual({
      StreamName: 'orders',
      Records: [
        { PartitionKey: 'c-1', Data: expect.any(String) },
        { PartitionKey: 'c-"2"\\', Data: expect.any(String) },
        { PartitionKey: '7', Data: expect.any(String) },
      ],
    });
    expect(request.Records.map((r: any) => JSON.parse(decoded(r.Data)))).toEqual(records);
  });

  test('a random key differs per record of one request', () => {
    const { batch } = templates({ partitionKey: PartitionKey.random() });
    const request = putRequest(batch!, { body, extendedRequestId: 'Req1=' });
    expect(request.Records.map((r: any) => r.PartitionKey)).toEqual(['Req1=:0', 'Req1=:1', 'Req1=:2']);
  });

  test('a nested key path and a constant', () => {
    const nested = templates({ partitionKey: PartitionKey.field('customer.id') }).batch!;
    const nestedBody = JSON.stringify({ records: [{ customer: { id: 'x' } }, { customer: { id: 'y' } }] });
    expect(putRequest(nested, { body: nestedBody }).Records.map((r: any) => r.PartitionKey)).toEqual(['x', 'y']);
    const constant = templates({ partitionKey: PartitionKey.constant('all'), recordsPerSecond: 10 }).batch!;
    expect(putRequest(constant, { body }).Records.map((r: any) => r.PartitionKey)).toEqual(['all', 'all', 'all']);
  });

  test('one record', () => {
    const request = putRequest(templates().batch!, { body: '{"records":[{"customerId":"only"}]}' });
    expect(request.Records).toEqual([{ PartitionKey: 'only', Data: Buffer.from('{"customerId":"only"}').toString('base64') }]);
  });
});

describe('Kinesis\'s answers, mapped', () => {
  const answer = (template: string, kinesis: unknown) => {
    const result = renderTemplate(template, { body: JSON.stringify(kinesis) });
    return { status: result.status, body: JSON.parse(result.output) };
  };

  test('PutRecord: the shard and sequence number', () => {
    const { response } = templates();
    expect(answer(response('record', '200'), { ShardId: 'shardId-000000000002', SequenceNumber: '4959', EncryptionType: 'KMS' }))
      .toEqual({ status: undefined, body: { shardId: 'shardId-000000000002', sequenceNumber: '4959' } });
  });

  test.each([
    ['ProvisionedThroughputExceededException', 429, 'The stream is at its write limit: retry with backoff'],
    ['KMSThrottlingException', 429, 'The stream is at its write limit: retry with backoff'],
    ['InvalidArgumentException', 400, 'Kinesis refused the record: larger than the stream accepts, or its partition key is empty or longer than 256 characters'],
    ['ValidationException', 400, 'Kinesis refused the record: larger than the stream accepts, or its partition key is empty or longer than 256 characters'],
    ['AccessDeniedException', 500, 'The API cannot write to the stream: the stream, its key or the API role is misconfigured'],
    ['ResourceNotFoundException', 500, 'The API cannot write to the stream: the stream, its key or the API role is misconfigured'],
    ['KMSAccessDeniedException', 500, 'The API cannot write to the stream: the stream, its key or the API role is misconfigured'],
  ])('a 4xx %s is answered %d, without Kinesis\'s message (it names the account)', (type, status, message) => {
    const { response } = templates();
    for (const method of ['record', 'batch'] as const) {
      const kinesis = { __type: type, message: 'Rate exceeded for shard shardId-000000000001 in stream orders under account 111111111111.' };
      expect(answer(response(method, '400'), kinesis)).toEqual({
        status, body: { message, error: type, requestId: 'c0ffee00-0000-4000-8000-000000000001' },
      });
    }
  });

  test('a 5xx is answered 502 with the error type', () => {
    const { response } = templates();
    expect(answer(response('record', '502'), { __type: 'InternalFailure' })).toEqual({
      status: undefined,
      body: { message: 'Kinesis failed to write: retry with backoff', error: 'InternalFailure', requestId: 'c0ffee00-0000-4000-8000-000000000001' },
    });
  });

  const ok = (i: number) => ({ ShardId: `shardId-00000000000${i}`, SequenceNumber: `100${i}` });
  const throttled = { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard ... account 111111111111.' };
  const internal = { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service failure.' };

  test('PutRecords, all written: 200 and where each went', () => {
    const { response } = templates();
    expect(answer(response('batch', '200'), { FailedRecordCount: 0, Records: [ok(0), ok(1)] })).toEqual({
      status: undefined,
      body: {
        failedRecordCount: 0,
        records: [
          { index: 0, shardId: 'shardId-000000000000', sequenceNumber: '1000' },
          { index: 1, shardId: 'shardId-000000000001', sequenceNumber: '1001' },
        ],
      },
    });
  });

  test('PutRecords without a FailedRecordCount still answers valid JSON, counting 0', () => {
    const { response } = templates();
    expect(answer(response('batch', '200'), { Records: [ok(0)] })).toEqual({
      status: undefined,
      body: { failedRecordCount: 0, records: [{ index: 0, shardId: 'shardId-000000000000', sequenceNumber: '1000' }] },
    });
  });

  test('PutRecords, some throttled: 429 and the failed indexes, so the client resends those only', () => {
    const { response } = templates();
    expect(answer(response('batch', '200'), { FailedRecordCount: 2, Records: [throttled, ok(1), throttled] })).toEqual({
      status: 429,
      body: {
        failedRecordCount: 2,
        records: [
          { index: 0, errorCode: 'ProvisionedThroughputExceededException' },
          { index: 1, shardId: 'shardId-000000000001', sequenceNumber: '1001' },
          { index: 2, errorCode: 'ProvisionedThroughputExceededException' },
        ],
      },
    });
  });

  test('PutRecords, a failure other than throttling: 500', () => {
    const { response } = templates();
    const result = answer(response('batch', '200'), { FailedRecordCount: 2, Records: [throttled, internal, ok(2)] });
    expect(result.status).toBe(500);
    expect(result.body.records[1]).toEqual({ index: 1, errorCode: 'InternalFailure' });
    expect(JSON.stringify(result.body)).not.toContain('111111111111');
  });
});

describe('the templates as synthesized', () => {
  test('no template has a reference the helper leaves unresolved', () => {
    const { record, batch, producer } = templates();
    expect(producer).toBeInstanceOf(ApiGatewayProducer);
    for (const template of [record, batch!]) {
      const { output } = renderTemplate(template, { body: '{"records":[{"customerId":"a"}],"customerId":"a"}' });
      expect(output).not.toMatch(/\$[a-z!{]/);
    }
  });
});
