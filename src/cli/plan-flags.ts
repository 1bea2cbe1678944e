import { Duration } from 'aws-cdk-lib';
import { PipelineRequirements } from '../pipeline/pipeline-requirements';

/** The command's one line of usage, printed with every refusal. */
export const USAGE = 'usage: cdk-streaming-pipelines plan --ingest <n>MiB/s [--records <n>/s] [--record-bytes <n>] '
  + '[--consumers <n>] [--retention <n>h|<n>d] [--latency <n>ms|<n>s|<n>min] [--kafka] [--delivery-only] [--tasks]';

/** The requirement each flag sets, as the planners name it in their messages. */
export const FLAG_OF_FIELD: Record<string, string> = {
  'workload.ingestMibPerSecond': '--ingest',
  'workload.ingestRecordsPerSecond': '--records',
  'workload.averageRecordBytes': '--record-bytes',
  'independentConsumers': '--consumers',
  'replay': '--retention',
  'latency': '--latency',
  'kafkaProtocol': '--kafka',
  'deliveryOnly': '--delivery-only',
  'oneAtATimeTasks': '--tasks',
};

/** A flag the command cannot use: the message says which and what it expects. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const BYTES_PER_MIB = 1024 * 1024;
/** Throughput units, in bytes a second. MB and KB are decimal, as AWS's pricing pages write them. */
const THROUGHPUT_UNITS: Record<string, number> = {
  'GiB/s': 1024 * BYTES_PER_MIB, 'MiB/s': BYTES_PER_MIB, 'KiB/s': 1024, 'MB/s': 1e6, 'KB/s': 1e3, '': BYTES_PER_MIB,
};
const NUMBER = '(\\d+(?:\\.\\d+)?|\\.\\d+)';

function throughput(flag: string, value: string): number {
  const match = new RegExp(`^${NUMBER}\\s*(GiB/s|MiB/s|KiB/s|MB/s|KB/s)?$`).exec(value.trim());
  if (!match || Number(match[1]) <= 0) {
    throw new UsageError(`${flag} expects a throughput above 0 such as 4MiB/s (or KiB/s, GiB/s, MB/s, KB/s), got '${value}'`);
  }
  return Number(match[1]) * THROUGHPUT_UNITS[match[2] ?? ''] / BYTES_PER_MIB;
}

function rate(flag: string, value: string): number {
  const match = new RegExp(`^${NUMBER}\\s*(/s)?$`).exec(value.trim());
  if (!match || Number(match[1]) <= 0) {
    throw new UsageError(`${flag} expects records a second above 0 such as 6000/s, got '${value}'`);
  }
  return Number(match[1]);
}

function integer(flag: string, value: string, what: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw new UsageError(`${flag} expects ${what}, a whole number from 1, got '${value}'`);
  }
  return Number(value);
}

/** The shortest duration a flag takes, and how it is written. */
interface Least { readonly duration: Duration; readonly text: string }

function duration(flag: string, value: string, units: Record<string, (n: number) => Duration>, example: string, least: Least): Duration {
  const match = new RegExp(`^${NUMBER}\\s*(${Object.keys(units).join('|')})$`).exec(value.trim());
  if (!match || Number(match[1]) <= 0) {
    throw new UsageError(`${flag} expects a duration above 0 such as ${example} (${Object.keys(units).join(', ')}), got '${value}'`);
  }
  const result = units[match[2]](Number(match[1]));
  // The planners count whole milliseconds and hours: less would print as 0.
  if (result.toMilliseconds({ integral: false }) < least.duration.toMilliseconds()) {
    throw new UsageError(`${flag} must be at least ${least.text}, got '${value}'`);
  }
  return result;
}

/** `--flag=value` into its flag and value; anything else is a flag alone. */
function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return arg.startsWith('--') && equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
}

const BOOLEAN_FLAGS = ['--kafka', '--delivery-only', '--tasks'];
const VALUE_FLAGS = ['--ingest', '--records', '--record-bytes', '--consumers', '--retention', '--latency'];

/**
 * Reads the `plan` command's flags (`--flag value` or `--flag=value`) into requirements.
 * Throws a `UsageError` naming the flag for anything it cannot read.
 */
export function parsePlanFlags(args: string[]): PipelineRequirements {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = splitFlag(args[i]);
    if (BOOLEAN_FLAGS.includes(flag)) {
      if (inline !== undefined) {
        throw new UsageError(`${flag} takes no value, got '${inline}'`);
      }
      switches.add(flag);
    } else if (VALUE_FLAGS.includes(flag)) {
      const value = inline ?? args[++i];
      if (value === undefined || value.startsWith('-')) {
        throw new UsageError(`${flag} needs a value`);
      }
      if (values.has(flag)) {
        throw new UsageError(`${flag} is given twice`);
      }
      values.set(flag, value);
    } else {
      throw new UsageError(`unknown flag '${args[i]}'`);
    }
  }
  const ingest = values.get('--ingest');
  if (ingest === undefined) {
    throw new UsageError('--ingest is required: the peak write throughput, such as 4MiB/s');
  }
  if (values.has('--records') && values.has('--record-bytes')) {
    throw new UsageError('give --records or --record-bytes, not both: with --ingest, either one gives the other');
  }
  const get = <T>(flag: string, read: (flag: string, value: string) => T): T | undefined =>
    values.has(flag) ? read(flag, values.get(flag)!) : undefined;
  return {
    kafkaProtocol: switches.has('--kafka'),
    deliveryOnly: switches.has('--delivery-only'),
    oneAtATimeTasks: switches.has('--tasks'),
    independentConsumers: get('--consumers', (f, v) => integer(f, v, 'the number of independent consumers')),
    replay: get('--retention', (f, v) => duration(f, v, { h: Duration.hours, d: Duration.days }, '7d', { duration: Duration.hours(1), text: '1h' })),
    latency: get('--latency', (f, v) => duration(f, v, { ms: Duration.millis, s: Duration.seconds, min: Duration.minutes }, '500ms',
      { duration: Duration.millis(1), text: '1ms' })),
    workload: {
      ingestMibPerSecond: throughput('--ingest', ingest),
      ingestRecordsPerSecond: get('--records', rate),
      averageRecordBytes: get('--record-bytes', (f, v) => integer(f, v, 'the average record size in bytes')),
    },
  };
}
