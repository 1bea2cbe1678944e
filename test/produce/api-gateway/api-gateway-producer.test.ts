import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ALARM, BASE_PROPS, METHOD, methodResource, ORDERS_ARN, PRODUCER, producerOfIngest, producerOfOrders } from './producer-helpers';
import { PartitionKey, StreamingIngest } from '../../../src';
import { ApiGatewayProducer } from '../../../src/produce';
import { kafkaTopic } from '../../analytics/analytics-fixtures';
import { testStack } from '../../app-fixture';
import { expectInputError } from '../../input-errors';
import { getAtt, logicalId, ref } from '../../template-refs';

const WARNING = (id: string) => `cdk-streaming-pipelines:ApiGatewayProducer:${id}`;
const warnings = (stack: any) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-streaming-pipelines:ApiGatewayProducer'))
  .map(w => String(w.entry.data));

describe('ApiGatewayProducer with a new API, by default', () => {
  test('a regional REST API whose stage logs access as JSON to a retained group, errors at ERROR, detailed metrics, no bodies', () => {
    const { producer, template } = producerOfIngest();
    template().hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'TestStack-Orders-311A0410', EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    template().hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: { RetentionInDays: 365 } });
    const stage = template().toJSON().Resources[logicalId(producer.stage!)];
    expect(stage.Properties).toEqual(expect.objectContaining({
      StageName: 'prod',
      TracingEnabled: false,
      AccessLogSetting: { DestinationArn: getAtt(producer.accessLogGroup!, 'Arn'), Format: expect.any(String) },
    }));
    expect(JSON.parse(stage.Properties.AccessLogSetting.Format)).toEqual(expect.objectContaining({
      requestId: '$context.requestId',
      status: '$context.status',
      integrationStatus: '$context.integration.status',
      error: '$context.error.message',
      caller: '$context.identity.caller',
    }));
    expect(stage.Properties.MethodSettings).toEqual([
      { DataTraceEnabled: false, HttpMethod: '*', LoggingLevel: 'ERROR', MetricsEnabled: true, ResourcePath: '/*' },
      // Each method repeats the logging and metrics: its settings replace the stage's.
      {
        DataTraceEnabled: false,
        HttpMethod: 'POST',
        LoggingLevel: 'ERROR',
        MetricsEnabled: true,
        ResourcePath: '/~1records',
        ThrottlingRateLimit: 100,
        ThrottlingBurstLimit: 100,
      },
      {
        DataTraceEnabled: false,
        HttpMethod: 'POST',
        LoggingLevel: 'ERROR',
        MetricsEnabled: true,
        ResourcePath: '/~1records~1batch',
        ThrottlingRateLimit: 100,
        ThrottlingBurstLimit: 100,
      },
    ]);
    expect(producer.throttling).toEqual({ rateLimit: 100, burstLimit: 100 });
    // Requests are throttled, not records: batches of one record must still carry 100 records/s.
    expect(producer.batchThrottling).toEqual({ rateLimit: 100, burstLimit: 100 });
  });

  test('the account\'s CloudWatch Logs role, once per stack, retained, and the stage waits for it', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');
    const a = new ApiGatewayProducer(stack, 'A', { source: ingest, ...BASE_PROPS });
    const b = new ApiGatewayProducer(stack, 'B', { source: ingest, ...BASE_PROPS });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGateway::Account', 1);
    const account = Object.keys(template.findResources('AWS::ApiGateway::Account'))[0];
    template.hasResource('AWS::ApiGateway::Account', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })] }),
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs']] }],
    });
    for (const producer of [a, b]) {
      expect(template.toJSON().Resources[logicalId(producer.stage!)].DependsOn).toEqual([account]);
    }
  });

  test('cloudWatchRole: false leaves the account setting alone', () => {
    const { template } = producerOfIngest(() => ({ cloudWatchRole: false }));
    template().resourceCountIs('AWS::ApiGateway::Account', 0);
  });

  test('POST /records: IAM authorization, the body validated against the model, Kinesis PutRecord with the producer\'s role', () => {
    const { producer, template } = producerOfIngest();
    const method = methodResource(template(), producer.recordMethod).Properties;
    expect(method).toEqual(expect.objectContaining({
      HttpMethod: 'POST',
      AuthorizationType: 'AWS_IAM',
      ApiKeyRequired: false,
      RequestValidatorId: ref(producer.node.findChild('BodyValidator')),
      RequestModels: { 'application/json': ref(producer.recordModel as any) },
      MethodResponses: ['200', '400', '429', '500', '502'].map(StatusCode => ({ StatusCode })),
    }));
    expect(method.Integration).toEqual(expect.objectContaining({
      Type: 'AWS',
      IntegrationHttpMethod: 'POST',
      Uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:us-east-1:kinesis:action/PutRecord']] },
      Credentials: getAtt(producer.role, 'Arn'),
      PassthroughBehavior: 'NEVER',
      RequestParameters: { 'integration.request.header.Content-Type': "'application/x-amz-json-1.1'" },
    }));
    expect(method.Integration.IntegrationResponses.map((r: any) => [r.StatusCode, r.SelectionPattern])).toEqual([
      ['200', undefined], ['400', '4\\d{2}'], ['502', '5\\d{2}'],
    ]);
    template().hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
    template().hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'records' });
  });

  test('POST /records/batch: Kinesis PutRecords with the batch model', () => {
    const { producer, template } = producerOfIngest();
    const method = methodResource(template(), producer.batchMethod!).Properties;
    expect(method.Integration.Uri).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:us-east-1:kinesis:action/PutRecords']] });
    expect(method.RequestModels).toEqual({ 'application/json': ref(producer.batchModel as any) });
    template().hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'batch', ParentId: ref(producer.recordMethod.resource as any) });
  });

  test('the stream\'s name is the integration\'s target, resolved at deploy', () => {
    const { ingest, producer, template } = producerOfIngest();
    const requestTemplate = methodResource(template(), producer.recordMethod).Properties.Integration.RequestTemplates['application/json'];
    expect(requestTemplate['Fn::Join'][1]).toContainEqual(ref(ingest.stream));
  });

  test('the role may put records on the stream and nothing else, and only API Gateway may assume it', () => {
    const { ingest, producer, template } = producerOfIngest();
    template().hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' } }], Version: '2012-10-17' },
      Description: 'API Gateway puts records on TestStack/Ingest for TestStack/Orders',
    });
    const policies = template().findResources('AWS::IAM::Policy', { Properties: { Roles: [ref(producer.role)] } });
    expect(Object.values(policies).map((p: any) => p.Properties.PolicyDocument.Statement)).toEqual([[
      { Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Effect: 'Allow', Resource: getAtt(ingest.stream, 'Arn') },
    ]]);
  });

  test('with a customer-managed key, the role may also encrypt with it', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const ingest = new StreamingIngest(stack, 'Ingest', { encryptionKey: key });
    const producer = new ApiGatewayProducer(stack, 'Orders', { source: ingest, ...BASE_PROPS });
    const template = Template.fromStack(stack);
    const statements = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [ref(producer.role)] } }))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      { Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Effect: 'Allow', Resource: getAtt(ingest.stream, 'Arn') },
      { Action: ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], Effect: 'Allow', Resource: getAtt(key, 'Arn') },
    ]);
  });

  test('a 400 for an invalid body says what was expected, and other media types get 415', () => {
    const { template } = producerOfIngest();
    template().hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'BAD_REQUEST_BODY',
      StatusCode: '400',
      ResponseTemplates: {
        'application/json': '{"message":$context.error.messageString,"expected":"a JSON object with the partition key field customerId, '
          + 'a string of 1-256 characters or an integer","requestId":"$context.requestId"}',
      },
    });
    template().hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'UNSUPPORTED_MEDIA_TYPE', StatusCode: '415' });
  });

  test('alarms by ApiName and Stage: any 5XX, a 4XX rate above 5%, p99 latency above the objective; quiet when idle', () => {
    const { producer, template } = producerOfIngest(() => ({ latencyObjective: Duration.millis(500) }));
    const dimensions = [{ Name: 'ApiName', Value: 'TestStack-Orders-311A0410' }, { Name: 'Stage', Value: ref(producer.stage!) }];
    const alarm = (metric: string, statistic: Record<string, unknown>, threshold: number, periods: number) =>
      template().hasResourceProperties(ALARM, {
        Namespace: 'AWS/ApiGateway',
        MetricName: metric,
        ...statistic,
        Threshold: threshold,
        EvaluationPeriods: periods,
        DatapointsToAlarm: periods,
        ComparisonOperator: 'GreaterThanThreshold',
        Dimensions: dimensions,
        Period: 300,
        TreatMissingData: 'notBreaching',
      });
    alarm('5XXError', { Statistic: 'Sum' }, 0, 1);
    alarm('4XXError', { Statistic: 'Average' }, 0.05, 3);
    alarm('Latency', { ExtendedStatistic: 'p99' }, 500, 3);
    expect(producer.alarms).toHaveLength(3);
    expect(producer.alarms.map(a => a.node.id)).toEqual(['ServerErrorsAlarm', 'ClientErrorRateAlarm', 'LatencyAlarm']);
  });

  test('createAlarms: false creates none', () => {
    const { producer, template } = producerOfIngest(() => ({ createAlarms: false }));
    template().resourcePropertiesCountIs(ALARM, { Namespace: 'AWS/ApiGateway' }, 0);
    expect(producer.alarms).toEqual([]);
  });

  test('metric methods are dimensioned by ApiName and Stage', () => {
    const { stack, producer } = producerOfIngest();
    const metrics = [producer.metricServerErrorRate(), producer.metricServerErrors(), producer.metricClientErrorRate(),
      producer.metricRequests(), producer.metricLatency(), producer.metricIntegrationLatency()];
    expect(metrics.map(m => `${m.metricName}/${m.statistic}`)).toEqual([
      '5XXError/Average', '5XXError/Sum', '4XXError/Average', 'Count/SampleCount', 'Latency/p99', 'IntegrationLatency/p99',
    ]);
    for (const m of metrics) {
      expect(stack.resolve(m.dimensions)).toEqual({ ApiName: 'TestStack-Orders-311A0410', Stage: ref(producer.stage!) });
    }
  });

  test('grantInvoke allows execute-api:Invoke on both methods of the stage', () => {
    const { stack, producer, template } = producerOfIngest();
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    producer.grantInvoke(caller);
    const statements = Object.values(template().findResources('AWS::IAM::Policy', { Properties: { Roles: [ref(caller)] } }))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toBe('execute-api:Invoke');
    expect(JSON.stringify(statements[0].Resource)).toContain('/POST/records"');
    expect(JSON.stringify(statements[0].Resource)).toContain('/POST/records/batch"');
  });

  test('the producer is a writer of its source, under its id', () => {
    const { ingest } = producerOfIngest();
    expect(ingest.writers).toEqual([expect.objectContaining({ writerName: 'Orders', path: PRODUCER, recordsPerSecond: 100 })]);
  });
});

describe('options', () => {
  test('resourcePath, stageName, no batch, throttling, tracing, INFO logs, an authorizer and API keys', () => {
    const { producer, template } = producerOfIngest(stack => ({
      resourcePath: 'v1/clicks',
      stageName: 'live',
      batch: false,
      throttling: { rateLimit: 50, burstLimit: 200 },
      tracing: true,
      executionLogLevel: apigateway.MethodLoggingLevel.INFO,
      apiKeyRequired: true,
      authorizer: new apigateway.TokenAuthorizer(stack, 'Auth', {
        handler: lambda.Function.fromFunctionArn(stack, 'AuthFunction', 'arn:aws:lambda:us-east-1:111111111111:function:auth'),
      }),
    }));
    const t = template();
    expect(producer.batchMethod).toBeUndefined();
    expect(producer.batchUrl).toBeUndefined();
    t.resourceCountIs(METHOD, 1);
    expect(methodResource(t, producer.recordMethod).Properties).toEqual(expect.objectContaining({
      AuthorizationType: 'CUSTOM', ApiKeyRequired: true,
    }));
    const stage = t.toJSON().Resources[logicalId(producer.stage!)].Properties;
    expect(stage).toEqual(expect.objectContaining({ StageName: 'live', TracingEnabled: true }));
    expect(stage.MethodSettings).toEqual([
      expect.objectContaining({ LoggingLevel: 'INFO', ResourcePath: '/*' }),
      expect.objectContaining({ ResourcePath: '/~1v1~1clicks', ThrottlingRateLimit: 50, ThrottlingBurstLimit: 200 }),
    ]);
  });

  test('webAclArn associates the web ACL with the stage', () => {
    const webAclArn = 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/api/abc';
    const { producer, template } = producerOfIngest(() => ({ webAclArn }));
    template().hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: webAclArn,
      ResourceArn: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([ref(producer.restApi as any), '/stages/', ref(producer.stage!)])] }),
    });
  });

  test('an access log key encrypts the group, and CloudWatch Logs may use it for this account\'s groups only', () => {
    const { stack, template } = producerOfIngest(s => ({ accessLogEncryptionKey: new kms.Key(s, 'LogKey') }));
    template().hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: getAtt(stack.node.findChild('LogKey') as any, 'Arn') });
  });
});

describe('an API of yours', () => {
  const yourApi = (stack: any) => apigateway.RestApi.fromRestApiAttributes(stack, 'Yours', { restApiId: 'abc123', rootResourceId: 'root1' });

  test('gets the resource, methods, model, validator and role, and nothing of the stage; a warning says what to set', () => {
    const { stack, producer, template } = producerOfOrders(s => ({ restApi: yourApi(s) }));
    const t = template();
    t.resourceCountIs('AWS::ApiGateway::RestApi', 0);
    t.resourceCountIs('AWS::ApiGateway::Stage', 0);
    t.resourceCountIs('AWS::ApiGateway::GatewayResponse', 0);
    t.resourceCountIs('AWS::ApiGateway::Account', 0);
    t.resourceCountIs('AWS::Logs::LogGroup', 0);
    t.resourceCountIs(ALARM, 0);
    t.resourceCountIs(METHOD, 2);
    t.hasResourceProperties('AWS::ApiGateway::Resource', { RestApiId: 'abc123', ParentId: 'root1', PathPart: 'records' });
    t.hasResourceProperties('AWS::ApiGateway::Model', { RestApiId: 'abc123' });
    expect(producer.stage).toBeUndefined();
    expect(producer.recordUrl).toBeUndefined();
    expect(producer.alarms).toEqual([]);
    expect(warnings(stack)).toEqual([
      `${PRODUCER}: the methods are on your API, whose stage the producer does not manage: set their throttling there (POST /records: `
      + 'rate 100 requests/s, burst 100; POST /records/batch: rate 100 requests/s, burst 100), with access logs, execution logs and alarms, '
      + 'and deploy the API so that it serves them. Then acknowledge this warning. '
      + `[ack: ${WARNING('stageNotManaged')}]`,
    ]);
  });

  test('props of a new API are refused with it, and the metrics point to your stage', () => {
    expectInputError(() => producerOfOrders(s => ({ restApi: yourApi(s), stageName: 'x', tracing: true })),
      `${PRODUCER}: \`stageName\`, \`tracing\` configure the new API and its stage, which the producer does not create when \`restApi\` `
      + 'is given: set it on your API and stage, or leave `restApi` out');
    const { producer } = producerOfOrders(s => ({ restApi: yourApi(s) }));
    expectInputError(() => producer.metricLatency(), `${PRODUCER}: the metrics are the producer's own stage's, and with \`restApi\` given `
      + 'it has none: use your stage\'s metrics (namespace AWS/ApiGateway, dimensions ApiName and Stage)');
  });
});

describe('partition key warnings and errors', () => {
  test('a constant key is warned', () => {
    const { stack } = producerOfOrders(() => ({ partitionKey: PartitionKey.constant('all'), recordsPerSecond: 10 }));
    expect(warnings(stack)).toEqual([
      'Partition key is the constant \'all\': every record goes to one shard, which caps the feed at 1 MiB/s and 1,000 records/s while '
      + 'the other shards idle. Key by a record field with many values (a customer, order or device id), or a random key when order does '
      + `not matter. [ack: ${WARNING('partitionKeyConstant')}]`,
    ]);
  });

  test('a field that usually has few values is warned', () => {
    const { stack } = producerOfOrders(() => ({ partitionKey: PartitionKey.field('eventType') }));
    expect(warnings(stack)).toEqual([
      'Partition key \'eventType\' usually has only a few values: each value goes to one shard, which throttles while the others idle. '
      + 'Use a high-cardinality key such as a customer, order or device id, or state `distinctValues` if this field has many. '
      + `[ack: ${WARNING('partitionKeyLowCardinality')}]`,
    ]);
  });

  test('a field key and a random key draw no warning', () => {
    expect(warnings(producerOfOrders().stack)).toEqual([]);
    expect(warnings(producerOfOrders(() => ({ partitionKey: PartitionKey.random() })).stack)).toEqual([]);
  });

  test('a constant key above one shard\'s 1,000 records/s is an error', () => {
    expectInputError(() => producerOfOrders(() => ({ partitionKey: PartitionKey.constant('all'), recordsPerSecond: 1500 })),
      `${PRODUCER}: \`partitionKey\` is the constant 'all', so every record = 1,500 records/s goes to one shard, which accepts at most `
      + '1 MiB/s and 1,000 records/s. No shard count can fix this: key by a record field with many values, or a random key');
  });
});

describe('refused at synth', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['a leading /', { resourcePath: '/records' }, '`resourcePath` must be segments of letters, digits, ., _ and - joined by /, without a '
      + 'leading or trailing / or path parameters, like \'records\' or \'v1/clicks\', got \'/records\''],
    ['a path parameter', { resourcePath: 'records/{id}' }, '`resourcePath` must be segments of letters, digits, ., _ and - joined by /, '
      + 'without a leading or trailing / or path parameters, like \'records\' or \'v1/clicks\', got \'records/{id}\''],
    ['a stage name with -', { stageName: 'my-stage' }, '`stageName` must be 1-128 letters, digits and _, got \'my-stage\''],
    ['a zero rate', { throttling: { rateLimit: 0 } }, '`throttling.rateLimit` must be a finite number of requests/s greater than 0, got 0'],
    ['a fractional burst', { batchThrottling: { burstLimit: 1.5 } }, '`batchThrottling.burstLimit` must be an integer between 1 and '
      + `${Number.MAX_SAFE_INTEGER} requests, got 1.5`],
    ['batch throttling without a batch', { batch: false, batchThrottling: { rateLimit: 1 } },
      '`batchThrottling` applies to the batch method, and `batch` is false: leave one of them out'],
    ['a latency objective above the integration timeout', { latencyObjective: Duration.seconds(30) },
      '`latencyObjective` must be between 50 and 29000 ms, got 30000'],
    ['a key path API Gateway\'s JSONPath cannot read', { partitionKey: PartitionKey.field('customer-id') }, '`partitionKey` field must be '
      + 'names of letters, digits and _ (not starting with a digit) joined by dots, which API Gateway\'s JSONPath reads, like '
      + '\'customerId\' or \'customer.id\', got \'customer-id\''],
    ['a non-positive recordsPerSecond', { recordsPerSecond: 0 }, '`recordsPerSecond` must be a finite number of records/s greater than 0, got 0'],
  ])('%s', (_, options, message) => {
    expectInputError(() => producerOfOrders(() => options), `${PRODUCER}: ${message}`);
  });

  test('throttling above the account\'s default quota is a warning, not an error', () => {
    const { stack } = producerOfOrders(() => ({ recordsPerSecond: 900, throttling: { rateLimit: 12_000, burstLimit: 6_000 } }));
    expect(warnings(stack)).toEqual([
      `${PRODUCER}: \`throttling\` allows a rate of 12,000 requests/s (the quota: 10,000) and a burst of 6,000 (the quota: 5,000), above API `
      + 'Gateway\'s default account quota per Region, which every API of the account shares and which throttles first: ask AWS Support '
      + `to raise the quota, or spread the load over Regions. [ack: ${WARNING('throttlingAboveAccountQuota')}]`,
    ]);
  });

  test('the default burst is a second of the declared rate, capped at the account\'s 5,000: no warning for 5,900 records/s', () => {
    const { producer, stack } = producerOfOrders(() => ({ recordsPerSecond: 5_900 }));
    expect(producer.throttling).toEqual({ rateLimit: 5_900, burstLimit: 5_000 });
    expect(warnings(stack)).toEqual([]);
  });

  test('a Kafka topic is refused with the reason', () => {
    const stack = testStack();
    const { topic } = kafkaTopic(stack);
    expectInputError(() => new ApiGatewayProducer(stack, 'Orders', { source: topic, ...BASE_PROPS }),
      new RegExp(`^${PRODUCER}: cannot write to .*: API Gateway has no Kafka integration \\(its AWS-service integrations call AWS APIs, `
        + 'and Kafka is not one\\)\\. Write with a Kafka client that authenticates with IAM'));
  });

  test('an imported stream\'s ARN is the grant\'s resource', () => {
    const { producer, template } = producerOfOrders();
    const statements = Object.values(template().findResources('AWS::IAM::Policy', { Properties: { Roles: [ref(producer.role)] } }))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([{ Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Effect: 'Allow', Resource: ORDERS_ARN }]);
  });
});
