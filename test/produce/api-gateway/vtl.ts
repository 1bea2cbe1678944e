import { render } from 'velocityjs';

/**
 * A small stand-in for API Gateway's mapping template runtime, so that tests evaluate the
 * synthesized templates rather than read them: velocityjs (a JavaScript Velocity engine)
 * with `$input`, `$util` and `$context` implemented as API Gateway documents them.
 *
 * What it proves: the templates are valid Velocity, and for the given bodies and Kinesis
 * answers they render the JSON asserted (parsed with `JSON.parse`, so it is valid JSON).
 * What it does not: API Gateway runs Apache Velocity (Java) with its own `$input` (Jayway
 * JSONPath, its own JSON serializer) and `$util`. Method calls on values are JavaScript's
 * here and Java's there; the templates use only `startsWith` and `indexOf`, which behave
 * alike in both. Numbers and escapes may serialize differently there (e.g. `\/`, `\u00e9`),
 * which JSON parsing makes equal.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 */

/** A request as the template sees it. */
export interface TemplateRequest {
  /** The raw body. */
  readonly body: string;
  /** `$context.requestId`. */
  readonly requestId?: string;
  /** `$context.extendedRequestId`. */
  readonly extendedRequestId?: string;
  /** Path, query string and header parameters. */
  readonly params?: { path?: Record<string, string>; querystring?: Record<string, string>; header?: Record<string, string> };
}

/** What a template rendered, and what it set through `$context.responseOverride`. */
export interface TemplateResult {
  readonly output: string;
  /** `$context.responseOverride.status`, when set. */
  readonly status?: number;
  readonly headers: Record<string, unknown>;
}

/** Renders `template` for `request` as API Gateway would (see the module's notes on what differs). */
export function renderTemplate(template: string, request: TemplateRequest): TemplateResult {
  const parsed = parseBody(request.body);
  const params = { path: {}, querystring: {}, header: {}, ...request.params };
  const responseOverride: { status?: number; header: Record<string, unknown> } = { header: {} };
  const context = {
    requestId: request.requestId ?? 'c0ffee00-0000-4000-8000-000000000001',
    extendedRequestId: request.extendedRequestId ?? 'Ab1CdEfGhIjKlMn=',
    stage: 'prod',
    httpMethod: 'POST',
    responseOverride,
  };
  const input = {
    body: request.body,
    /** The value at a JSONPath, as JSON text. */
    json: (path: string) => {
      const value = jsonPath(parsed, path);
      return value === undefined ? '' : JSON.stringify(value);
    },
    /** The value at a JSONPath, as an object the template can walk. */
    path: (path: string) => jsonPath(parsed, path),
    params: (name?: string) => {
      if (name === undefined) {
        return params;
      }
      return [params.path, params.querystring, params.header].map(p => (p as Record<string, string>)[name]).find(v => v !== undefined) ?? '';
    },
  };
  const util = {
    base64Encode: (value: unknown) => Buffer.from(String(value), 'utf-8').toString('base64'),
    base64Decode: (value: unknown) => Buffer.from(String(value), 'base64').toString('utf-8'),
    escapeJavaScript: escapeJavaScript,
    parseJson: (value: unknown) => JSON.parse(String(value)),
    urlEncode: (value: unknown) => encodeURIComponent(String(value)).replace(/%20/g, '+'),
    urlDecode: (value: unknown) => decodeURIComponent(String(value).replace(/\+/g, '%20')),
  };
  const output = render(template, { input, util, context });
  return { output, status: responseOverride.status, headers: responseOverride.header };
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * Evaluates the JSONPath subset the templates use: `$`, `.name`, `[index]` and `['name']`.
 * A missing member gives `undefined`.
 */
export function jsonPath(root: unknown, path: string): unknown {
  if (!path.startsWith('$')) {
    throw new Error(`not a JSONPath: ${path}`);
  }
  const steps = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^']*)'\]/gy;
  steps.lastIndex = 1;
  let value: any = root;
  while (steps.lastIndex < path.length) {
    const match = steps.exec(path);
    if (!match) {
      throw new Error(`JSONPath step not supported at ${steps.lastIndex} of ${path}`);
    }
    const key = match[1] ?? (match[2] !== undefined ? Number(match[2]) : match[3]);
    value = value === null || value === undefined ? undefined : value[key];
  }
  return value;
}

/**
 * `$util.escapeJavaScript`: Java's `StringEscapeUtils.escapeJavaScript` rules, which API
 * Gateway documents as escaping `'` to `\'` (not valid in JSON).
 */
function escapeJavaScript(value: unknown): string {
  const named: Record<string, string> = { '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', "'": "\\'", '\\': '\\\\', '/': '\\/' };
  const text = String(value);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const code = text.charCodeAt(i);
    if (named[char]) {
      out += named[char];
    } else if (code < 0x20 || code > 0x7e) {
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else {
      out += char;
    }
  }
  return out;
}
