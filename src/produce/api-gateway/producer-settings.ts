import { Duration, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { ApiGatewayLimits } from './api-gateway-limits';
import { ApiGatewayProducerProps } from './api-gateway-producer-props';
import { KeyExpression, keyExpression } from './mapping-templates';
import { RequestModels, requestModels } from './request-model';
import { checkPositive, checkRange } from '../../common/checks';
import { parseFieldPath } from '../../common/field-path';
import { num } from '../../common/format';
import { InputError } from '../../common/input-error';
import { PlanWarning } from '../../planning/plan-warning';
import { RegistrySchema } from '../../schema/registry-schema';
import { StreamSchema } from '../../schema/stream-schema';

/** Path segments API Gateway accepts in a resource path, without path parameters. */
const RESOURCE_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
/** Stage names: letters, digits and `_` (API Gateway), up to 128. */
const STAGE_NAME = /^[A-Za-z0-9_]{1,128}$/;
/** Key path segments API Gateway's JSONPath reads in dot notation. */
const KEY_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The props that configure a new API's stage, refused with `restApi`. */
const NEW_API_PROPS = [
  'restApiName', 'stageName', 'webAclArn', 'tracing', 'executionLogLevel', 'cloudWatchRole',
  'accessLogRetention', 'accessLogEncryptionKey', 'accessLogRemovalPolicy',
] as const;

/** Throttling of one method, resolved. */
export interface MethodThrottle {
  /** Steady requests per second. */
  readonly rateLimit: number;
  /** Token bucket size, in requests. */
  readonly burstLimit: number;
}

/** An `ApiGatewayProducer`'s props, resolved and checked. */
export interface ApiGatewayProducerSettings {
  readonly resourcePath: string;
  readonly batch: boolean;
  /** The key field's path segments; none for a random or constant key. */
  readonly keyPath?: string[];
  /** The format the models come from, if any. */
  readonly schema?: StreamSchema;
  readonly models: RequestModels;
  readonly key: KeyExpression;
  readonly throttling: MethodThrottle;
  /** None without the batch method. */
  readonly batchThrottling?: MethodThrottle;
  /** None with an API of the user's. */
  readonly stageName?: string;
  readonly latencyObjective: Duration;
  /** Legal but risky choices, raised as warnings on the producer. */
  readonly warnings: PlanWarning[];
}

/**
 * Resolves and checks an `ApiGatewayProducer`'s props with no construct: the resource
 * path, the stage name, the key field (against the schema), throttling, the latency
 * objective, and props that a given `restApi` would ignore. Throws an `InputError`
 * naming the prop, the allowed range and the value.
 */
export function apiGatewayProducerSettings(props: ApiGatewayProducerProps): ApiGatewayProducerSettings {
  const newApi = props.restApi === undefined;
  if (!newApi) {
    const ignored = NEW_API_PROPS.filter(name => props[name] !== undefined);
    if (ignored.length > 0) {
      throw new InputError(`${ignored.map(name => `\`${name}\``).join(', ')} configure${ignored.length === 1 ? 's' : ''} the new API and its stage, `
        + 'which the producer does not create when `restApi` is given: set it on your API and stage, or leave `restApi` out');
    }
  }
  const resourcePath = props.resourcePath ?? 'records';
  if (!Token.isUnresolved(resourcePath) && !RESOURCE_PATH.test(resourcePath)) {
    throw new InputError('`resourcePath` must be segments of letters, digits, ., _ and - joined by /, without a leading or trailing / '
      + `or path parameters, like 'records' or 'v1/clicks', got '${resourcePath}'`);
  }
  const stageName = newApi ? props.stageName ?? 'prod' : undefined;
  if (stageName !== undefined && !Token.isUnresolved(stageName) && !STAGE_NAME.test(stageName)) {
    throw new InputError(`\`stageName\` must be 1-128 letters, digits and _, got '${stageName}'`);
  }
  const keyPath = partitionKeyPath(props);
  const schema = props.schema ?? registeredSchema(props);
  const batch = props.batch ?? true;
  const warnings: PlanWarning[] = [];
  const throttling = methodThrottle('throttling', props.throttling, props.recordsPerSecond, warnings);
  const batchThrottling = batch
    // Requests, not records, are throttled: batches of one record must still carry the declared rate.
    ? methodThrottle('batchThrottling', props.batchThrottling, props.recordsPerSecond, warnings)
    : undefined;
  if (!batch && props.batchThrottling !== undefined) {
    throw new InputError('`batchThrottling` applies to the batch method, and `batch` is false: leave one of them out');
  }
  const latencyObjective = props.latencyObjective ?? Duration.seconds(1);
  checkRange({ name: 'latencyObjective', unit: 'ms' }, latencyObjective.toMilliseconds(), 50, ApiGatewayLimits.INTEGRATION_TIMEOUT_MS);
  return {
    resourcePath,
    batch,
    keyPath,
    schema,
    models: requestModels(keyPath, schema),
    key: keyExpression(keyPath, props.partitionKey.constantValue),
    throttling,
    batchThrottling,
    stageName,
    latencyObjective,
    warnings,
  };
}

/** The key field's path, checked for API Gateway's JSONPath; none for a random or constant key. */
function partitionKeyPath(props: ApiGatewayProducerProps): string[] | undefined {
  const name = props.partitionKey.fieldName;
  if (name === undefined) {
    return undefined;
  }
  const segments = parseFieldPath('`partitionKey` field', name);
  if (!segments.every(s => KEY_SEGMENT.test(s))) {
    throw new InputError('`partitionKey` field must be names of letters, digits and _ (not starting with a digit) joined by dots, '
      + `which API Gateway's JSONPath reads, like 'customerId' or 'customer.id', got '${name}'`);
  }
  return segments;
}

/** The schema the source's registry schema was made from, when it has one. */
function registeredSchema(props: ApiGatewayProducerProps): StreamSchema | undefined {
  const registered = props.source.schema;
  return registered instanceof RegistrySchema ? registered.streamSchema : undefined;
}

/** A method's throttle: given or derived from the declared rate, checked; warns above the account's default quota. */
function methodThrottle(prop: string, given: apigateway.ThrottleSettings | undefined, defaultRate: number, warnings: PlanWarning[]): MethodThrottle {
  checkPositive({ name: `${prop}.rateLimit`, unit: 'requests/s' }, given?.rateLimit);
  checkRange({ name: `${prop}.burstLimit`, unit: 'requests' }, given?.burstLimit, 1, Number.MAX_SAFE_INTEGER, true);
  const rateLimit = given?.rateLimit ?? defaultRate;
  // A second's worth of requests, capped at the account's burst quota (a bucket larger than the account's never fills).
  const burstLimit = given?.burstLimit ?? Math.min(ApiGatewayLimits.ACCOUNT_BURST_LIMIT, Math.max(1, Math.ceil(rateLimit)));
  const over = [
    rateLimit > ApiGatewayLimits.ACCOUNT_RATE_LIMIT ? `a rate of ${num(rateLimit, 0)} requests/s (the quota: ${num(ApiGatewayLimits.ACCOUNT_RATE_LIMIT, 0)})` : undefined,
    burstLimit > ApiGatewayLimits.ACCOUNT_BURST_LIMIT ? `a burst of ${num(burstLimit, 0)} (the quota: ${num(ApiGatewayLimits.ACCOUNT_BURST_LIMIT, 0)})` : undefined,
  ].filter(x => x !== undefined);
  if (over.length > 0) {
    warnings.push({
      id: 'throttlingAboveAccountQuota',
      message: `\`${prop}\` allows ${over.join(' and ')}, above API Gateway's default account quota per Region, which every API of `
        + 'the account shares and which throttles first: ask AWS Support to raise the quota, or spread the load over Regions.',
    });
  }
  return { rateLimit, burstLimit };
}
