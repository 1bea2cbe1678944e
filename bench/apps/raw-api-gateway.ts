/**
 * The raw REST front door on the clickstream: what the library's `ApiGatewayProducer`
 * builds in the reference pipeline's producer layer (examples/producer-layer.ts), written
 * by hand with aws-cdk-lib only, as a team would without the library:
 *
 * - the role API Gateway calls Kinesis with (`PutRecord`, `PutRecords` on the stream);
 * - a regional REST API, authorized by IAM: `POST /records` (one record, `PutRecord`) and
 *   `POST /records/batch` (`{"records": [...]}`, 1-500, `PutRecords`), each through an
 *   AWS-service integration with the Velocity request and response templates written out,
 *   a request model requiring the key field `sessionId`, a body validator, and gateway
 *   responses for an invalid body (400) and another content type (415);
 * - the `prod` stage: JSON access logs in a retained log group, execution logs at ERROR,
 *   detailed metrics, and per-method throttling, which repeats the logging and metrics
 *   (5,900 requests/s on both methods, as batches may hold one record; burst capped at the
 *   account's 5,000);
 * - the account's CloudWatch role for API Gateway (`AWS::ApiGateway::Account`), one per
 *   stack, which the stage depends on;
 * - the alarms: any 5XX, a 4XX rate above 5% and p99 latency above 1 s;
 * - the cdk-nag acknowledgements the library adds (APIG3, COG4, IAM4).
 *
 * Construct ids and nesting follow the library's (`Producers/ClickstreamApi/Api/…`), so the
 * logical ids and the API's name match. Nothing is imported from src/ or examples/.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const JSON_CONTENT = 'application/json';
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING;
const FIFTEEN_MINUTES = { evaluationPeriods: 3, datapointsToAlarm: 3 };
/** The API's name: unique in the account, from the construct's path (as the library names it). */
const API_NAME = 'ReferencePipeline-Producers-ClickstreamApi-AD7D66A0';

/** One JSON object per request; every value quoted, so unknown ones print as `-`. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.caller',
  user: '$context.identity.user',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integration.status',
  integrationLatency: '$context.integration.latency',
  errorType: '$context.error.responseType',
  error: '$context.error.message',
});

/** The key field as a JSON string: a string arrives quoted, an integer bare and is quoted here. */
const quotedKey = (json: string) => `#set($key = "")#set($key = ${json})#if($key.startsWith('"'))$key#{else}"$key"#end`;

/** `PutRecord`'s body: the stream, the session id as the key, the body as the data. */
const recordRequestTemplate = (streamName: string) => `{
  "StreamName": "${streamName}",
  "PartitionKey": ${quotedKey('$input.json(\'$.sessionId\')')},
  "Data": "$util.base64Encode($input.body)"
}`;

/** `PutRecords`'s body: one entry per record of the batch, each keyed by its session id. */
const batchRequestTemplate = (streamName: string) => `#set($i = 0)
{
  "StreamName": "${streamName}",
  "Records": [
#foreach($record in $input.path('$.records'))
#if($i > 0) , #end
    {
      "PartitionKey": ${quotedKey('$input.json("$.records[$i].sessionId")')},
      "Data": "$util.base64Encode($input.json("$.records[$i]"))"
    }
#set($i = $i + 1)
#end
  ]
}`;

const RECORD_RESPONSE_TEMPLATE = `{
  "shardId": $input.json('$.ShardId'),
  "sequenceNumber": $input.json('$.SequenceNumber')
}`;

/** Each record's shard and sequence number or error code; 429 if every failure was throttling, else 500. */
const BATCH_RESPONSE_TEMPLATE = `#set($failed = $input.path('$.FailedRecordCount'))
#if("$!failed" == "")#set($failed = 0)#end
#set($i = 0)
#set($throttled = 0)
{
  "failedRecordCount": $failed,
  "records": [
#foreach($record in $input.path('$.Records'))
#if($i > 0) , #end
#set($code = "$!record.ErrorCode")
#if($code != "")
#if($code.indexOf('ProvisionedThroughputExceeded') >= 0)#set($throttled = $throttled + 1)#end
    { "index": $i, "errorCode": "$code" }
#else
    { "index": $i, "shardId": "$record.ShardId", "sequenceNumber": "$record.SequenceNumber" }
#end
#set($i = $i + 1)
#end
  ]
}
#if($failed > 0)
#if($throttled == $failed)
#set($context.responseOverride.status = 429)
#else
#set($context.responseOverride.status = 500)
#end
#end`;

/** Kinesis's 4XX: throttled (429), a record it refuses (400), or the API's role, stream or key refused (500). */
const CLIENT_ERROR_RESPONSE_TEMPLATE = `#set($type = "$!input.path('$.__type')")
#if($type.indexOf('ProvisionedThroughputExceeded') >= 0 || $type.indexOf('Throttling') >= 0 || $type.indexOf('LimitExceeded') >= 0)
#set($status = 429)
#set($message = "The stream is at its write limit: retry with backoff")
#elseif($type.indexOf('InvalidArgument') >= 0 || $type.indexOf('Validation') >= 0 || $type.indexOf('Serialization') >= 0)
#set($status = 400)
#set($message = "Kinesis refused the record: larger than the stream accepts, or its partition key is empty or longer than 256 characters")
#else
#set($status = 500)
#set($message = "The API cannot write to the stream: the stream, its key or the API role is misconfigured")
#end
#set($context.responseOverride.status = $status)
{ "message": "$message", "error": "$type", "requestId": "$context.requestId" }`;

const SERVER_ERROR_RESPONSE_TEMPLATE = '{ "message": "Kinesis failed to write: retry with backoff", "error": "$!input.path(\'$.__type\')", '
  + '"requestId": "$context.requestId" }';

/** One record: an object with `sessionId`, a string of 1-256 characters or an integer (JSON Schema draft-04). */
const RECORD_SCHEMA: apigateway.JsonSchema = {
  schema: apigateway.JsonSchemaVersion.DRAFT4,
  title: 'Record',
  type: apigateway.JsonSchemaType.OBJECT,
  properties: {
    sessionId: { type: [apigateway.JsonSchemaType.STRING, apigateway.JsonSchemaType.INTEGER], minLength: 1, maxLength: 256 },
  },
  required: ['sessionId'],
  additionalProperties: true,
};
const BATCH_SCHEMA: apigateway.JsonSchema = {
  schema: apigateway.JsonSchemaVersion.DRAFT4,
  title: 'RecordBatch',
  type: apigateway.JsonSchemaType.OBJECT,
  properties: {
    records: {
      type: apigateway.JsonSchemaType.ARRAY,
      minItems: 1,
      maxItems: 500,
      items: { ...RECORD_SCHEMA, schema: undefined, title: undefined },
    },
  },
  required: ['records'],
  additionalProperties: false,
};

/** Adds the clickstream's API as construct `ClickstreamApi` under `scope`, paging `action`. */
export function addClickstreamApi(scope: Construct, stream: kinesis.Stream, action: cloudwatch.IAlarmAction): void {
  const producer = new Construct(scope, 'ClickstreamApi');
  const streamPath = stream.node.path;

  const role = new iam.Role(producer, 'Role', {
    assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
    description: `API Gateway puts records on ${streamPath} for ${producer.node.path}`,
  });
  // The clickstream is encrypted with the AWS-managed key: nothing to grant on a key.
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kinesis:PutRecord', 'kinesis:PutRecords'], resources: [stream.streamArn] }));

  const accessLogs = new logs.LogGroup(producer, 'AccessLogs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
  // A method's own settings replace the stage's, so each repeats the logging and metrics.
  const perMethod = { loggingLevel: apigateway.MethodLoggingLevel.ERROR, metricsEnabled: true, dataTraceEnabled: false };
  const api = new apigateway.RestApi(producer, 'Api', {
    restApiName: API_NAME,
    description: `Puts records on ${streamPath} (${producer.node.path})`,
    endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
    // The account's CloudWatch role is one per stack (below).
    cloudWatchRole: false,
    deployOptions: {
      stageName: 'prod',
      accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
      accessLogFormat: apigateway.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      loggingLevel: apigateway.MethodLoggingLevel.ERROR,
      dataTraceEnabled: false,
      metricsEnabled: true,
      tracingEnabled: false,
      methodOptions: {
        '/records/POST': { ...perMethod, throttlingRateLimit: 5_900, throttlingBurstLimit: 5_000 },
        '/records/batch/POST': { ...perMethod, throttlingRateLimit: 5_900, throttlingBurstLimit: 5_000 },
      },
    },
  });
  api.deploymentStage.node.addDependency(addAccountCloudWatchRole(Stack.of(producer)));
  api.addGatewayResponse('BadRequestBody', {
    type: apigateway.ResponseType.BAD_REQUEST_BODY,
    statusCode: '400',
    templates: {
      [JSON_CONTENT]: '{"message":$context.error.messageString,"expected":"a JSON object with the partition key field sessionId, '
        + 'a string of 1-256 characters or an integer","requestId":"$context.requestId"}',
    },
  });
  api.addGatewayResponse('UnsupportedMediaType', {
    type: apigateway.ResponseType.UNSUPPORTED_MEDIA_TYPE,
    statusCode: '415',
    templates: { [JSON_CONTENT]: '{"message":"Send the body as JSON, with Content-Type: application/json","requestId":"$context.requestId"}' },
  });
  Validations.of(api.deploymentStage).acknowledge({
    id: 'AwsSolutions-APIG3',
    reason: 'The API accepts only IAM-signed callers, only bodies that match its request model, at a throttled rate per method; '
      + 'a web ACL would be added where the API faces untrusted networks.',
  });

  const validator = new apigateway.RequestValidator(producer, 'BodyValidator', {
    restApi: api,
    validateRequestBody: true,
    // No method has required parameters: this refuses nothing, and cdk-nag APIG2 asks for both.
    validateRequestParameters: true,
  });
  const model = (id: string, schema: apigateway.JsonSchema, description: string) =>
    new apigateway.Model(producer, id, { restApi: api, contentType: JSON_CONTENT, schema, description });
  const integration = (kinesisAction: string, requestTemplate: string, successTemplate: string) => new apigateway.AwsIntegration({
    service: 'kinesis',
    action: kinesisAction,
    integrationHttpMethod: 'POST',
    options: {
      credentialsRole: role,
      // Any other content type is answered 415, never passed to Kinesis as it is.
      passthroughBehavior: apigateway.PassthroughBehavior.NEVER,
      requestParameters: { 'integration.request.header.Content-Type': "'application/x-amz-json-1.1'" },
      requestTemplates: { [JSON_CONTENT]: requestTemplate },
      integrationResponses: [
        { statusCode: '200', responseTemplates: { [JSON_CONTENT]: successTemplate } },
        { statusCode: '400', selectionPattern: '4\\d{2}', responseTemplates: { [JSON_CONTENT]: CLIENT_ERROR_RESPONSE_TEMPLATE } },
        { statusCode: '502', selectionPattern: '5\\d{2}', responseTemplates: { [JSON_CONTENT]: SERVER_ERROR_RESPONSE_TEMPLATE } },
      ],
    },
  });
  const methodOptions = (requestModel: apigateway.IModel): apigateway.MethodOptions => ({
    authorizationType: apigateway.AuthorizationType.IAM,
    apiKeyRequired: false,
    requestValidator: validator,
    requestModels: { [JSON_CONTENT]: requestModel },
    methodResponses: ['200', '400', '429', '500', '502'].map(statusCode => ({ statusCode })),
  });

  const recordModel = model('RecordModel', RECORD_SCHEMA, `One record for ${streamPath}`);
  const records = api.root.resourceForPath('records');
  const recordMethod = records.addMethod('POST', integration('PutRecord', recordRequestTemplate(stream.streamName), RECORD_RESPONSE_TEMPLATE),
    methodOptions(recordModel));
  const batchModel = model('BatchModel', BATCH_SCHEMA, `A batch of records for ${streamPath}`);
  const batchMethod = records.addResource('batch').addMethod('POST',
    integration('PutRecords', batchRequestTemplate(stream.streamName), BATCH_RESPONSE_TEMPLATE), methodOptions(batchModel));
  for (const method of [recordMethod, batchMethod]) {
    Validations.of(method).acknowledge({
      id: 'AwsSolutions-COG4',
      reason: 'The method is authorized by IAM: the web tier\'s collector signs its requests with SigV4; it is a service, not a Cognito user.',
    });
  }

  // Missing data is an idle API.
  const alarm = (id: string, metricName: string, statistic: string, props: Omit<cloudwatch.AlarmProps, 'metric'>) => {
    const a = new cloudwatch.Alarm(producer, id, {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        statistic,
        period: Duration.minutes(5),
        dimensionsMap: { ApiName: API_NAME, Stage: api.deploymentStage.stageName },
      }),
      ...props,
    });
    a.addAlarmAction(action);
    a.addOkAction(action);
  };
  const label = `API ${producer.node.path}`;
  alarm('ServerErrorsAlarm', '5XXError', 'Sum', {
    threshold: 0,
    comparisonOperator: GT,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: requests were answered 5XX, so their records were not all written. 500 with an error type is Kinesis `
      + 'refusing the API\'s role, the stream or its key (check the role\'s policy, the stream and its key policy), or failed records of '
      + 'a batch; 502 is Kinesis failing. Read the access log (status, integrationStatus, error) and the execution log.',
  });
  alarm('ClientErrorRateAlarm', '4XXError', 'Average', {
    threshold: 0.05,
    comparisonOperator: GT,
    ...FIFTEEN_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: more than 5% of requests were answered 4XX for 15 minutes. 400: bodies the model refuses (a client `
      + 'sends the wrong format); 403: callers not allowed; 429: throttled by the method\'s limit or by the stream (compare with the '
      + 'stream\'s write throttling alarm). Read the access log\'s status and error.',
  });
  alarm('LatencyAlarm', 'Latency', 'p99', {
    threshold: 1_000,
    comparisonOperator: GT,
    ...FIFTEEN_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: the 99th percentile of latency has been above the objective of 1000 ms for 15 minutes. Compare with `
      + 'IntegrationLatency: if Kinesis is slow too, check the stream\'s throttling and its key; otherwise the authorizer or WAF adds the time.',
  });
}

/**
 * The account's CloudWatch Logs role for API Gateway, which a stage needs before it can write
 * execution logs (`ApiGatewayAccountLogsRole`, at the stack's root): retained, since other
 * APIs of the account may log through it.
 */
function addAccountCloudWatchRole(stack: Stack): apigateway.CfnAccount {
  const holder = new Construct(stack, 'ApiGatewayAccountLogsRole');
  const policy = 'service-role/AmazonAPIGatewayPushToCloudWatchLogs';
  const role = new iam.Role(holder, 'Role', {
    assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
    description: 'API Gateway writes execution and access logs of the account\'s REST APIs to CloudWatch Logs',
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(policy)],
  });
  role.applyRemovalPolicy(RemovalPolicy.RETAIN);
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`,
    reason: 'AWS\'s managed policy for the account\'s API Gateway logging role is the documented one; only API Gateway can assume the role.',
  });
  const account = new apigateway.CfnAccount(holder, 'Account', { cloudWatchRoleArn: role.roleArn });
  account.applyRemovalPolicy(RemovalPolicy.RETAIN);
  return account;
}
