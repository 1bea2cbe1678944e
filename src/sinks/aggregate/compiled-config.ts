import { AggregateConfig, isReservedAttribute, MeasureKind } from './aggregate-config';

/**
 * `AggregateConfig` checked and turned into what the per-record path needs, once at cold
 * start: no per-record lookups of kinds or attribute names.
 */
export interface CompiledConfig {
  readonly config: AggregateConfig;
  readonly keyPath: readonly string[];
  /** Every measure in config order, with the index of its value in a `KeyAggregate`. */
  readonly measures: readonly CompiledMeasure[];
  /**
   * Measures needing a slot of their own (sum, min, max), in slot order: slot `i + 1` of
   * a `KeyAggregate` (index 0 is the count).
   */
  readonly slots: readonly CompiledMeasure[];
}

/** One measure with the index of its value in a `KeyAggregate`. */
export interface CompiledMeasure {
  readonly attribute: string;
  readonly kind: MeasureKind;
  /** Path of the record's field; empty for `count`, which reads no field. */
  readonly path: readonly string[];
  /** Index in a `KeyAggregate`: 0 (the count) for `count`, its own slot otherwise. */
  readonly index: number;
}

const KINDS: readonly MeasureKind[] = ['count', 'sum', 'min', 'max'];

/**
 * Checks and compiles a config. Throws on anything the handler could not honour, so a
 * broken deployment fails at cold start, loudly, rather than writing wrong items.
 */
export function compileConfig(config: AggregateConfig): CompiledConfig {
  if (!isPath(config.keyPath)) {
    throw new Error(`AggregateConfig.keyPath must be a non-empty array of strings, got ${JSON.stringify(config.keyPath)}`);
  }
  if (!Array.isArray(config.measures)) {
    throw new Error('AggregateConfig.measures must be an array');
  }
  if (!Number.isInteger(config.expireAfterSeconds) || config.expireAfterSeconds < 0) {
    throw new Error(`AggregateConfig.expireAfterSeconds must be a non-negative integer, got ${config.expireAfterSeconds}`);
  }
  if (!Number.isInteger(config.maxBatchSize) || config.maxBatchSize < 1) {
    throw new Error(`AggregateConfig.maxBatchSize must be a positive integer, got ${config.maxBatchSize}`);
  }
  if (typeof config.failurePrefix !== 'string') {
    throw new Error(`AggregateConfig.failurePrefix must be a string, got ${JSON.stringify(config.failurePrefix)}`);
  }
  const seen = new Set<string>();
  const measures: CompiledMeasure[] = [];
  const slots: CompiledMeasure[] = [];
  for (const m of config.measures) {
    if (typeof m.attribute !== 'string' || m.attribute === '' || isReservedAttribute(m.attribute) || seen.has(m.attribute)) {
      throw new Error(`measure attribute ${JSON.stringify(m.attribute)} must be a non-empty name, unique, not one of key, `
        + 'windowStart, windowEnd, expiresAt, and not starting with merged:');
    }
    seen.add(m.attribute);
    if (!KINDS.includes(m.kind)) {
      throw new Error(`measure '${m.attribute}': kind must be one of ${KINDS.join(', ')}, got ${JSON.stringify(m.kind)}`);
    }
    if (m.kind === 'count') {
      // A count reads no field: any path is ignored.
      measures.push({ attribute: m.attribute, kind: m.kind, path: [], index: 0 });
      continue;
    }
    if (!isPath(m.path)) {
      throw new Error(`measure '${m.attribute}' (${m.kind}) needs a path: a non-empty array of strings`);
    }
    const compiled: CompiledMeasure = { attribute: m.attribute, kind: m.kind, path: [...m.path], index: slots.length + 1 };
    slots.push(compiled);
    measures.push(compiled);
  }
  return { config, keyPath: [...config.keyPath], measures, slots };
}

/** Parses and compiles the JSON of the `AGGREGATE_CONFIG` environment variable. */
export function parseConfig(json: string | undefined): CompiledConfig {
  if (json === undefined || json === '') {
    throw new Error('the AGGREGATE_CONFIG environment variable is not set');
  }
  return compileConfig(JSON.parse(json) as AggregateConfig);
}

function isPath(path: unknown): path is string[] {
  return Array.isArray(path) && path.length > 0 && path.every(p => typeof p === 'string');
}
