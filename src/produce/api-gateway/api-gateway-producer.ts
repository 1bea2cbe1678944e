import { Annotations, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { accountCloudWatchRole } from './account-cloudwatch-role';
import { ApiGatewayProducerProps } from './api-gateway-producer-props';
import {
  batchRequestTemplate, BATCH_RESPONSE_TEMPLATE, CLIENT_ERROR_RESPONSE_TEMPLATE, recordRequestTemplate, RECORD_RESPONSE_TEMPLATE,
  SERVER_ERROR_RESPONSE_TEMPLATE,
} from './mapping-templates';
import { acknowledgeMethodAuthorization, acknowledgeNoWebAcl } from './nag-acknowledgements';
import { createProducerApiAlarms } from './producer-api-alarms';
import { ProducerApiMetrics } from './producer-api-metrics';
import { ApiGatewayProducerSettings, apiGatewayProducerSettings } from './producer-settings';
import { encryptedLogGroup } from '../../common/encrypted-log-group';
import { fail, withPath } from '../../common/input-error';
import { AlarmFactory } from '../../monitoring/alarm-factory';
import { PartitionKey } from '../../planning/kinesis/partition-key';
import { ApiGatewayWriteTarget } from '../../source/writer-binding';
import { acknowledgeWriteGrant } from '../nag-acknowledgements';
import { bindProducer } from '../producer-binding';

const JSON_CONTENT = 'application/json';
/** The status codes the methods answer with (the error templates override to 429 and 500). */
const METHOD_STATUS_CODES = ['200', '400', '429', '500', '502'];
/**
 * One JSON object per request in the access log. Every value is quoted: unknown values
 * print as `-`. `$context.error.validationErrorString` is left out: API Gateway does not
 * escape the quotes it contains, which would break the line's JSON.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 */
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

/**
 * A REST API that puts each posted JSON body on a stream as one record, with a partition
 * key chosen on purpose: `POST /records` calls Kinesis `PutRecord` and `POST
 * /records/batch` (`{"records": [...]}`, 1-500) calls `PutRecords`, through an AWS-service
 * integration whose role may put records on the stream and nothing else.
 *
 * - The key is a body field (`PartitionKey.field()`, dotted paths reach into objects), a
 *   random key (`PartitionKey.random()`, API Gateway's own request id) or a constant
 *   (warned: one shard takes every write), checked against `recordsPerSecond` like every
 *   producer's: a key whose busiest value alone overflows a shard is an error.
 * - Bodies are validated against a request model generated from the stream's
 *   `StreamSchema` (the registered schema's, or `schema`), with the key field required;
 *   an invalid body is answered 400 with what was expected, and never reaches the stream.
 * - Kinesis's answers are mapped: the shard and sequence number; 429 when the stream
 *   throttles; 400 when Kinesis refuses a record; 500 when it refuses the API (its role,
 *   the stream or the key); 502 when it fails; a batch with failed records lists each
 *   record's error code by index, with 429 or 500.
 * - A new API (by default) is regional, authorized by IAM (or your `authorizer`),
 *   throttled per method from `recordsPerSecond`, with JSON access logs in a retained log
 *   group, execution logs at ERROR, detailed metrics, and alarms on 5XX, the 4XX rate and
 *   latency; cdk-nag AwsSolutions APIG1, APIG2, APIG4 and APIG6 are met, APIG3 (WAF)
 *   and COG4 (Cognito) acknowledged with the reasons unless `webAclArn` or a Cognito
 *   authorizer meets them.
 *
 * @example
 * declare const ingest: StreamingIngest;
 * const api = new ApiGatewayProducer(this, 'Orders', {
 *   source: ingest,
 *   recordsPerSecond: 500,
 *   partitionKey: PartitionKey.field('customerId', { distinctValues: 20_000 }),
 * });
 * // api.recordUrl: POST one order; api.batchUrl: POST {"records": [...]}
 */
export class ApiGatewayProducer extends Construct {
  /** The REST API the methods are on. */
  public readonly restApi: apigateway.IRestApi;
  /**
   * The new API's stage.
   * @default - none: the API is yours (`restApi`)
   */
  public readonly stage?: apigateway.IStage;
  /** The role API Gateway calls Kinesis with: `kinesis:PutRecord` and `kinesis:PutRecords` on the stream, and its key. */
  public readonly role: iam.IRole;
  /** `POST /<resourcePath>`: one record. */
  public readonly recordMethod: apigateway.Method;
  /**
   * `POST /<resourcePath>/batch`: up to 500 records.
   * @default - none: `batch` is false
   */
  public readonly batchMethod?: apigateway.Method;
  /** The request model of one record (JSON Schema draft-04). */
  public readonly recordModel: apigateway.IModel;
  /**
   * The request model of a batch.
   * @default - none: `batch` is false
   */
  public readonly batchModel?: apigateway.IModel;
  /** How each record's partition key is chosen. */
  public readonly partitionKey: PartitionKey;
  /** The record method's throttling, as set on the stage (or to set on yours). */
  public readonly throttling: apigateway.ThrottleSettings;
  /**
   * The batch method's throttling, as set on the stage (or to set on yours).
   * @default - none: `batch` is false
   */
  public readonly batchThrottling?: apigateway.ThrottleSettings;
  /**
   * The access log group of the new API's stage.
   * @default - none: the API is yours
   */
  public readonly accessLogGroup?: logs.ILogGroup;
  /**
   * The URL to post one record to.
   * @default - unknown: the API is yours
   */
  public readonly recordUrl?: string;
  /**
   * The URL to post a batch to.
   * @default - unknown: the API is yours, or `batch` is false
   */
  public readonly batchUrl?: string;

  private readonly settings: ApiGatewayProducerSettings;
  private readonly alarmFactory: AlarmFactory;
  private readonly metrics?: ProducerApiMetrics;

  constructor(scope: Construct, id: string, props: ApiGatewayProducerProps) {
    super(scope, id);
    // First: registers the writer and refuses a key that overflows a shard; a Kafka topic refuses below.
    const binding = bindProducer(this, props, props.partitionKey, 'ApiGatewayProducer');
    this.settings = withPath(this, () => apiGatewayProducerSettings(props));
    const target = binding.apiGatewayTarget();
    const settings = this.settings;
    this.partitionKey = props.partitionKey;
    this.throttling = settings.throttling;
    this.batchThrottling = settings.batchThrottling;
    for (const warning of settings.warnings) {
      Annotations.of(this).addWarningV2(`cdk-streaming-pipelines:ApiGatewayProducer:${warning.id}`, `${this.node.path}: ${warning.message}`);
    }

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: `API Gateway puts records on ${props.source.sourceName} for ${this.node.path}`,
    });
    acknowledgeWriteGrant(role, binding.grantWrite(role));
    this.role = role;

    let api: apigateway.RestApi | undefined;
    if (props.restApi) {
      this.restApi = props.restApi;
    } else {
      const accessLogGroup = encryptedLogGroup(this, 'AccessLogs', {
        encryptionKey: props.accessLogEncryptionKey,
        retention: props.accessLogRetention ?? logs.RetentionDays.ONE_YEAR,
        removalPolicy: props.accessLogRemovalPolicy ?? RemovalPolicy.RETAIN,
      });
      this.accessLogGroup = accessLogGroup;
      api = this.createApi(props, settings, accessLogGroup);
      this.restApi = api;
      this.stage = api.deploymentStage;
    }

    const validator = new apigateway.RequestValidator(this, 'BodyValidator', {
      restApi: this.restApi,
      validateRequestBody: true,
      // No method has required parameters, so this refuses nothing; cdk-nag APIG2 asks for both.
      validateRequestParameters: true,
    });
    this.recordModel = new apigateway.Model(this, 'RecordModel', {
      restApi: this.restApi,
      contentType: JSON_CONTENT,
      schema: settings.models.record,
      description: `One record for ${props.source.sourceName}`,
    });
    const resource = this.restApi.root.resourceForPath(settings.resourcePath);
    this.recordMethod = resource.addMethod('POST', this.integration(target, role, 'PutRecord',
      recordRequestTemplate(target, settings.key), RECORD_RESPONSE_TEMPLATE), this.methodOptions(props, validator, this.recordModel));
    if (settings.batch) {
      this.batchModel = new apigateway.Model(this, 'BatchModel', {
        restApi: this.restApi,
        contentType: JSON_CONTENT,
        schema: settings.models.batch,
        description: `A batch of records for ${props.source.sourceName}`,
      });
      this.batchMethod = resource.addResource('batch').addMethod('POST', this.integration(target, role, 'PutRecords',
        batchRequestTemplate(target, settings.key), BATCH_RESPONSE_TEMPLATE), this.methodOptions(props, validator, this.batchModel));
    }
    for (const method of [this.recordMethod, this.batchMethod]) {
      if (method) {
        acknowledgeMethodAuthorization(method, props.authorizer);
      }
    }

    this.alarmFactory = new AlarmFactory(this, props.alarmAction);
    if (api) {
      this.recordUrl = api.urlForPath(`/${settings.resourcePath}`);
      this.batchUrl = settings.batch ? api.urlForPath(`/${settings.resourcePath}/batch`) : undefined;
      this.metrics = new ProducerApiMetrics(api.restApiName, api.deploymentStage.stageName);
      if (props.createAlarms ?? true) {
        createProducerApiAlarms(this.alarmFactory, this.metrics, `API ${this.node.path}`, settings.latencyObjective);
      }
    } else {
      Annotations.of(this).addWarningV2('cdk-streaming-pipelines:ApiGatewayProducer:stageNotManaged',
        `${this.node.path}: the methods are on your API, whose stage the producer does not manage: set their throttling there `
        + `(POST /${settings.resourcePath}: rate ${settings.throttling.rateLimit} requests/s, burst ${settings.throttling.burstLimit}`
        + (settings.batchThrottling ? `; POST /${settings.resourcePath}/batch: rate ${settings.batchThrottling.rateLimit} requests/s, `
          + `burst ${settings.batchThrottling.burstLimit}` : '')
        + '), with access logs, execution logs and alarms, and deploy the API so that it serves them. Then acknowledge this warning.');
    }
  }

  /**
   * Permits calling the methods, for IAM authorization (the default): `execute-api:Invoke`
   * on `POST /<resourcePath>` and `POST /<resourcePath>/batch` of the stage (any stage of your API).
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    const stage = this.stage?.stageName ?? '*';
    const path = `/${this.settings.resourcePath}`;
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: [
        this.restApi.arnForExecuteApi('POST', path, stage),
        ...(this.settings.batch ? [this.restApi.arnForExecuteApi('POST', `${path}/batch`, stage)] : []),
      ],
    });
  }

  /** The API's alarms; none for an API of yours. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...this.alarmFactory.alarms];
  }

  /** Share of requests answered 5XX (`5XXError`, Average), over 5 minutes by default, by `ApiName` and `Stage`. */
  public metricServerErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetrics().serverErrorRate(props);
  }

  /** Requests answered 5XX (`5XXError`, Sum), over 5 minutes by default, by `ApiName` and `Stage`. */
  public metricServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetrics().serverErrors(props);
  }

  /** Share of requests answered 4XX (`4XXError`, Average), over 5 minutes by default, by `ApiName` and `Stage`. */
  public metricClientErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetrics().clientErrorRate(props);
  }

  /** Requests (`Count`, SampleCount), over 5 minutes by default, by `ApiName` and `Stage`. */
  public metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetrics().requests(props);
  }

  /** Milliseconds from request to response (`Latency`), p99 over 5 minutes by default, by `ApiName` and `Stage`. */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetrics().latency(props);
  }

  /** Milliseconds Kinesis took to answer (`IntegrationLatency`), p99 over 5 minutes by default, by `ApiName` and `Stage`. */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetrics().integrationLatency(props);
  }

  private stageMetrics(): ProducerApiMetrics {
    if (!this.metrics) {
      fail(this, 'the metrics are the producer\'s own stage\'s, and with `restApi` given it has none: use your stage\'s metrics '
        + '(namespace AWS/ApiGateway, dimensions ApiName and Stage)');
    }
    return this.metrics;
  }

  private createApi(props: ApiGatewayProducerProps, settings: ApiGatewayProducerSettings, accessLogGroup: logs.ILogGroup): apigateway.RestApi {
    const loggingLevel = props.executionLogLevel ?? apigateway.MethodLoggingLevel.ERROR;
    // A method's settings override the stage's `*/*` ones as a whole (reports show a method
    // with throttling only logging nothing), so each repeats the logging and metrics.
    const throttle = (t: { rateLimit: number; burstLimit: number }): apigateway.MethodDeploymentOptions => ({
      throttlingRateLimit: t.rateLimit, throttlingBurstLimit: t.burstLimit, loggingLevel, metricsEnabled: true, dataTraceEnabled: false,
    });
    const methodOptions: { [path: string]: apigateway.MethodDeploymentOptions } = {
      [`/${settings.resourcePath}/POST`]: throttle(settings.throttling),
    };
    if (settings.batchThrottling) {
      methodOptions[`/${settings.resourcePath}/batch/POST`] = throttle(settings.batchThrottling);
    }
    const api = new apigateway.RestApi(this, 'Api', {
      restApiName: props.restApiName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
      description: `Puts records on ${props.source.sourceName} (${this.node.path})`,
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      // The account's CloudWatch role is one per stack (below), not one per API.
      cloudWatchRole: false,
      deployOptions: {
        stageName: settings.stageName,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogGroup),
        accessLogFormat: apigateway.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
        loggingLevel,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: props.tracing ?? false,
        methodOptions,
      },
    });
    if (props.cloudWatchRole ?? true) {
      api.deploymentStage.node.addDependency(accountCloudWatchRole(this));
    }
    api.addGatewayResponse('BadRequestBody', {
      type: apigateway.ResponseType.BAD_REQUEST_BODY,
      statusCode: '400',
      templates: {
        [JSON_CONTENT]: `{"message":$context.error.messageString,"expected":${JSON.stringify(settings.models.expected)},`
          + '"requestId":"$context.requestId"}',
      },
    });
    api.addGatewayResponse('UnsupportedMediaType', {
      type: apigateway.ResponseType.UNSUPPORTED_MEDIA_TYPE,
      statusCode: '415',
      templates: { [JSON_CONTENT]: '{"message":"Send the body as JSON, with Content-Type: application/json","requestId":"$context.requestId"}' },
    });
    if (props.webAclArn) {
      new wafv2.CfnWebACLAssociation(this, 'WebAcl', { resourceArn: api.deploymentStage.stageArn, webAclArn: props.webAclArn });
    } else {
      acknowledgeNoWebAcl(api.deploymentStage);
    }
    return api;
  }

  private integration(target: ApiGatewayWriteTarget, role: iam.IRole, action: string, requestTemplate: string,
    successTemplate: string): apigateway.AwsIntegration {
    return new apigateway.AwsIntegration({
      service: target.service,
      action,
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
  }

  private methodOptions(props: ApiGatewayProducerProps, validator: apigateway.IRequestValidator, model: apigateway.IModel): apigateway.MethodOptions {
    return {
      authorizationType: props.authorizer ? undefined : apigateway.AuthorizationType.IAM,
      authorizer: props.authorizer,
      apiKeyRequired: props.apiKeyRequired ?? false,
      requestValidator: validator,
      requestModels: { [JSON_CONTENT]: model },
      methodResponses: METHOD_STATUS_CODES.map(statusCode => ({ statusCode })),
    };
  }
}
