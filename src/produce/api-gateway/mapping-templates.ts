import { Token } from 'aws-cdk-lib';
import { ApiGatewayWriteTarget } from '../../source/writer-binding';

/**
 * The mapping templates (Velocity) that turn a request into a Kinesis `PutRecord` or
 * `PutRecords` call, and Kinesis's answer into the response.
 *
 * The key is chosen in three ways:
 * - a body field: `$input.json('$.a.b')`, which API Gateway renders as JSON: a string
 *   arrives quoted and escaped (so quotes, backslashes and control characters in it
 *   cannot break the request), an integer bare and is quoted here;
 * - random: `$context.extendedRequestId`, the request's id that API Gateway generates
 *   (`$context.requestId` can be set by clients), with `:<index>` in a batch;
 * - a constant: a JSON string written at synth, every character but letters, digits,
 *   space and `-_.:/@=+` as `\uXXXX`, so Velocity sees no `$`, `#` or `\` it would act on.
 *
 * The data is the body as sent, base64-encoded (`$util.base64Encode($input.body)`); in a
 * batch each record is `$input.json('$.records[i]')`, the record as API Gateway
 * re-serializes it (same JSON value, possibly other whitespace and escapes).
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/integrating-api-with-aws-services-kinesis.html
 */
export interface KeyExpression {
  /** Velocity giving the key as a JSON string, for a one-record body. */
  readonly record: string;
  /** Velocity giving the key as a JSON string, for the record at index `$i` of a batch. */
  readonly batchRecord: string;
}

/** Characters a constant key keeps as they are; every other is written `\uXXXX`. */
const PLAIN = /^[A-Za-z0-9 \-_.:/@=+]$/;

/** The key expression of a field path, a random key or a constant. */
export function keyExpression(fieldPath: string[] | undefined, constantValue: string | undefined): KeyExpression {
  if (constantValue !== undefined) {
    const literal = jsonLiteral(constantValue);
    return { record: literal, batchRecord: literal };
  }
  if (fieldPath === undefined) {
    return { record: '"$context.extendedRequestId"', batchRecord: '"$context.extendedRequestId:$i"' };
  }
  const field = fieldPath.join('.');
  return {
    record: quotedJson(`$input.json('$.${field}')`),
    batchRecord: quotedJson(`$input.json("$.records[$i].${field}")`),
  };
}

/** A JSON value of a field, quoted when it is not a string already (an integer). */
function quotedJson(json: string): string {
  // Reset first: Velocity's #set with a null value keeps the variable's previous value (the last record's key).
  return `#set($key = "")#set($key = ${json})#if($key.startsWith('"'))$key#{else}"$key"#end`;
}

/** A JSON string literal safe from Velocity: only plain characters, the rest as `\uXXXX`. */
export function jsonLiteral(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    out += PLAIN.test(char) ? char : `\\u${value.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/**
 * The target fields (`"StreamName":"…"`) of every request body, as JSON members. A token
 * (the stream's name, resolved at deploy) stays as it is: stream names are letters,
 * digits, `_`, `.` and `-`, which neither JSON nor Velocity treats specially.
 */
function targetMembers(target: ApiGatewayWriteTarget): string {
  const literal = (value: string) => (Token.isUnresolved(value) ? `"${value}"` : jsonLiteral(value));
  return Object.entries(target.targetFields).map(([name, value]) => `${jsonLiteral(name)}: ${literal(value)}`).join(', ');
}

/** `PutRecord` of the body as one record. */
export function recordRequestTemplate(target: ApiGatewayWriteTarget, key: KeyExpression): string {
  return [
    '{',
    `  ${targetMembers(target)},`,
    `  "PartitionKey": ${key.record},`,
    '  "Data": "$util.base64Encode($input.body)"',
    '}',
  ].join('\n');
}

/** `PutRecords` of the body's `records`, each as one record, in order. */
export function batchRequestTemplate(target: ApiGatewayWriteTarget, key: KeyExpression): string {
  return [
    '#set($i = 0)',
    '{',
    `  ${targetMembers(target)},`,
    '  "Records": [',
    "#foreach($record in $input.path('$.records'))",
    '#if($i > 0) , #end',
    '    {',
    `      "PartitionKey": ${key.batchRecord},`,
    '      "Data": "$util.base64Encode($input.json("$.records[$i]"))"',
    '    }',
    '#set($i = $i + 1)',
    '#end',
    '  ]',
    '}',
  ].join('\n');
}

/** `PutRecord`'s answer: where the record went. */
export const RECORD_RESPONSE_TEMPLATE = [
  '{',
  "  \"shardId\": $input.json('$.ShardId'),",
  "  \"sequenceNumber\": $input.json('$.SequenceNumber')",
  '}',
].join('\n');

/**
 * `PutRecords`' answer, which is 200 even when records failed: each record's index and
 * where it went or its error code. When any failed, the status is 429 if every failure
 * was throttling (`ProvisionedThroughputExceededException`), otherwise 500; either way
 * the client resends the failed records (by index), not the whole batch.
 * Error messages are left out: Kinesis's name the account.
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
 */
export const BATCH_RESPONSE_TEMPLATE = [
  "#set($failed = $input.path('$.FailedRecordCount'))",
  '#if("$!failed" == "")#set($failed = 0)#end',
  '#set($i = 0)',
  '#set($throttled = 0)',
  '{',
  '  "failedRecordCount": $failed,',
  '  "records": [',
  "#foreach($record in $input.path('$.Records'))",
  '#if($i > 0) , #end',
  '#set($code = "$!record.ErrorCode")',
  '#if($code != "")',
  "#if($code.indexOf('ProvisionedThroughputExceeded') >= 0)#set($throttled = $throttled + 1)#end",
  '    { "index": $i, "errorCode": "$code" }',
  '#else',
  '    { "index": $i, "shardId": "$record.ShardId", "sequenceNumber": "$record.SequenceNumber" }',
  '#end',
  '#set($i = $i + 1)',
  '#end',
  '  ]',
  '}',
  '#if($failed > 0)',
  '#if($throttled == $failed)',
  '#set($context.responseOverride.status = 429)',
  '#else',
  '#set($context.responseOverride.status = 500)',
  '#end',
  '#end',
].join('\n');

/**
 * Kinesis's 4xx answers: throttling (the stream's or its key's limit) is 429, a record
 * Kinesis refuses (too large, an empty or long key) 400, and every other (the stream, its
 * key or the role misconfigured: `ResourceNotFoundException`, `AccessDeniedException`,
 * `KMS…`) 500, since the client cannot fix it.
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html#API_PutRecord_Errors
 */
export const CLIENT_ERROR_RESPONSE_TEMPLATE = [
  '#set($type = "$!input.path(\'$.__type\')")',
  "#if($type.indexOf('ProvisionedThroughputExceeded') >= 0 || $type.indexOf('Throttling') >= 0 || $type.indexOf('LimitExceeded') >= 0)",
  '#set($status = 429)',
  '#set($message = "The stream is at its write limit: retry with backoff")',
  "#elseif($type.indexOf('InvalidArgument') >= 0 || $type.indexOf('Validation') >= 0 || $type.indexOf('Serialization') >= 0)",
  '#set($status = 400)',
  '#set($message = "Kinesis refused the record: larger than the stream accepts, or its partition key is empty or longer than 256 characters")',
  '#else',
  '#set($status = 500)',
  '#set($message = "The API cannot write to the stream: the stream, its key or the API role is misconfigured")',
  '#end',
  '#set($context.responseOverride.status = $status)',
  '{ "message": "$message", "error": "$type", "requestId": "$context.requestId" }',
].join('\n');

/** Kinesis's 5xx answers (`InternalFailure`, `ServiceUnavailable`): 502, retryable. */
export const SERVER_ERROR_RESPONSE_TEMPLATE =
  '{ "message": "Kinesis failed to write: retry with backoff", "error": "$!input.path(\'$.__type\')", "requestId": "$context.requestId" }';
