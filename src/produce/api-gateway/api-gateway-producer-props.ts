import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { PartitionKey } from '../../planning/kinesis/partition-key';
import { StreamSchema } from '../../schema/stream-schema';
import { ProducerOptions, ProducerProps } from '../producer-props';

/**
 * Properties of an `ApiGatewayProducer` less its `source`: what
 * `StreamingPipeline.addApiGatewayProducer()` takes, building on the pipeline's source.
 */
export interface ApiGatewayProducerOptions extends ProducerOptions {
  /**
   * How each record's partition key is chosen:
   * - `PartitionKey.field('customerId')`: the body's field (a dotted path such as
   *   `customer.id` reaches into objects), which the request model then requires, as a
   *   string of 1-256 characters or an integer;
   * - `PartitionKey.random()`: API Gateway's own id of the request (`$context.extendedRequestId`,
   *   which clients cannot set), with the record's index in a batch;
   * - `PartitionKey.constant('all')`: the same key on every record (warned: one shard takes every write).
   */
  readonly partitionKey: PartitionKey;

  /**
   * A REST API of yours to add the methods to, e.g. `RestApi.fromRestApiAttributes()`.
   *
   * The producer then adds the resource, the methods, the request model and validator,
   * the integration and its role, and nothing that belongs to the API's stage: no stage,
   * deployment, access logs, throttling, web ACL, gateway responses or alarms. The
   * warning `cdk-streaming-pipelines:ApiGatewayProducer:stageNotManaged` says which
   * method throttling to set. An imported API serves the new methods once you deploy it.
   * @default - a new regional REST API with one stage
   */
  readonly restApi?: apigateway.IRestApi;

  /**
   * Name of a new REST API: the `ApiName` dimension of its metrics.
   * @default - a name unique in the app, derived from the construct path
   */
  readonly restApiName?: string;

  /**
   * The path records are posted to: `POST /<resourcePath>` takes one record and
   * `POST /<resourcePath>/batch` a batch. Segments of letters, digits, `.`, `_` and `-`
   * joined by `/`, without a leading or trailing `/` or path parameters.
   * @default 'records'
   */
  readonly resourcePath?: string;

  /**
   * Whether to add `POST /<resourcePath>/batch`, which takes `{"records": [...]}`, 1-500
   * records, and puts them with one `PutRecords` call.
   * @default true
   * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
   */
  readonly batch?: boolean;

  /**
   * The format of the records, from which the request model is generated (JSON Schema
   * draft-04): bodies that do not match are refused with 400 before they reach the stream.
   * @default - the `StreamSchema` of the source's registered schema when it has one
   *   (`SchemaRegistry.addSchema()`); otherwise a model that requires the key field only
   */
  readonly schema?: StreamSchema;

  /**
   * Name of the new API's stage, the first segment of its URLs' paths and the `Stage`
   * dimension of its metrics. Only for a new API.
   * @default 'prod'
   */
  readonly stageName?: string;

  /**
   * Throttling of `POST /<resourcePath>`, in requests (one record each) per second.
   * `rateLimit` must be greater than 0, `burstLimit` an integer of at least 1. Above the
   * account's default quota (10,000 requests/s, burst 5,000 per Region) it is a warning:
   * the quota can be raised.
   * @default - `rateLimit` = `recordsPerSecond`, `burstLimit` = the rate limit rounded up, at most the account's 5,000
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
   */
  readonly throttling?: apigateway.ThrottleSettings;

  /**
   * Throttling of `POST /<resourcePath>/batch`, in requests (up to 500 records each) per second.
   * @default - `rateLimit` = `recordsPerSecond` (requests are throttled, not records: the
   *   declared rate must get through however small the batches), `burstLimit` = that rate
   *   rounded up, at most the account's 5,000
   */
  readonly batchThrottling?: apigateway.ThrottleSettings;

  /**
   * Who may call the methods, instead of IAM (SigV4-signed requests, allowed by the
   * caller's `execute-api:Invoke` permission): a Lambda or Cognito user pool authorizer.
   * @default - IAM authorization
   */
  readonly authorizer?: apigateway.IAuthorizer;

  /**
   * Whether callers must send an API key (`x-api-key`), in addition to the authorization;
   * attach the keys through a usage plan.
   * @default false
   */
  readonly apiKeyRequired?: boolean;

  /**
   * ARN of an AWS WAFv2 web ACL (scope REGIONAL) to associate with the new API's stage.
   * Only for a new API.
   * @default - none: cdk-nag AwsSolutions-APIG3 is acknowledged, with IAM authorization,
   *   throttling and the request model as the reason
   */
  readonly webAclArn?: string;

  /**
   * Whether API Gateway traces requests with AWS X-Ray. Only for a new API.
   * @default false
   */
  readonly tracing?: boolean;

  /**
   * Level of the new stage's execution logs (`ERROR` or `INFO`; `INFO` also logs why a
   * body failed validation). Request and response bodies are never logged: records may
   * carry personal data. Only for a new API.
   * @default apigateway.MethodLoggingLevel.ERROR
   */
  readonly executionLogLevel?: apigateway.MethodLoggingLevel;

  /**
   * Whether to set the account's CloudWatch Logs role for API Gateway
   * (`AWS::ApiGateway::Account`), which execution logs need: one per account and Region,
   * shared by every API, kept when the stack is deleted. Turn it off when the account
   * has one already (set up by your platform team, or by another stack); without any,
   * the stage's deployment fails. Only for a new API.
   * @default true
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
   */
  readonly cloudWatchRole?: boolean;

  /**
   * How long the access logs are kept. Only for a new API.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly accessLogRetention?: logs.RetentionDays;

  /**
   * The key the access log group is encrypted with. Only for a new API.
   * @default - CloudWatch Logs' own encryption
   */
  readonly accessLogEncryptionKey?: kms.IKey;

  /**
   * What happens to the access log group when it leaves the stack. Only for a new API.
   * @default RemovalPolicy.RETAIN
   */
  readonly accessLogRemovalPolicy?: RemovalPolicy;

  /**
   * The 99th percentile of request latency (`Latency`) the API should stay under; the
   * latency alarm fires above it. Between 50 ms and 29 s (API Gateway's integration timeout).
   * @default Duration.seconds(1)
   */
  readonly latencyObjective?: Duration;
}

/** Properties of an `ApiGatewayProducer`. */
export interface ApiGatewayProducerProps extends ApiGatewayProducerOptions, ProducerProps {}
