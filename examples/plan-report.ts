import { Duration } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { KafkaBridge, ShardPlan, StreamAnalytics, StreamingIngest, StreamReader, StreamReadMode, StreamWriter } from '../src';

/**
 * The plan of every stream with the warnings synthesis recorded under it, then any
 * other warning of the app (e.g. on a consumer reading a stream).
 */
export function describeSources(sources: StreamingIngest[], assembly: cxapi.CloudAssembly): string {
  const warnings = assembly.stacks.flatMap(stack => stack.messages).filter(m => m.level === 'warning');
  const under = (path: string) => (w: cxapi.SynthesisMessage) => w.id === `/${path}` || w.id.startsWith(`/${path}/`);
  const sections = sources.map(source => {
    const lines = [`${source.sourceName} (${source.streamMode === 'ON_DEMAND' ? 'on-demand' : 'provisioned'}, `
      + `${source.retention.toHours()} h retention, ${source.alarms.length} alarms)`];
    const plan = source.plan;
    lines.push(plan ? indent(plan.summary) : '  no workload declared: no plan');
    lines.push(...describeWriters(source.writers));
    lines.push(...describeReaders(source.readers, plan, source.retention));
    lines.push(...(plan?.cost.notes ?? []).map(note => `  cost note: ${note}`));
    lines.push(...warnings.filter(under(source.sourceName)).map(w => `  warning: ${String(w.entry.data)}`));
    return lines.join('\n') + '\n';
  });
  const others = warnings.filter(w => !sources.some(source => under(source.sourceName)(w)));
  if (others.length > 0) {
    sections.push(['Other warnings', ...others.map(w => `  ${w.id.slice(1)}: ${String(w.entry.data)}`)].join('\n') + '\n');
  }
  return sections.join('\n');
}

/**
 * The broker plan of every Kafka bridge, its topics and their readers (each its own
 * consumer group), with the warnings synthesis recorded under the bridge.
 */
export function describeBridges(bridges: KafkaBridge[], assembly: cxapi.CloudAssembly): string {
  const warnings = assembly.stacks.flatMap(stack => stack.messages).filter(m => m.level === 'warning');
  return bridges.map(bridge => {
    const kind = bridge.serverless ? 'Serverless' : `${bridge.brokerType!.charAt(0)}${bridge.brokerType!.slice(1).toLowerCase()} brokers`;
    const lines = [`Kafka cluster ${bridge.node.path} (${kind}, ${bridge.alarms.length} alarms)`];
    const plan = bridge.plan ?? bridge.serverlessPlan;
    lines.push(plan ? indent(plan.summary) : '  no workload declared: no plan');
    // The planner's notes, less those its summary already shows (the Kinesis comparison).
    lines.push(...(bridge.plan?.cost.notes ?? []).filter(note => !plan!.summary.includes(note)).map(note => `  cost note: ${note}`));
    for (const topic of bridge.topics) {
      lines.push(`  topic ${topic.topicName}: ${topic.partitionCount} partitions × ${topic.replicationFactor} replicas, `
        + `${humanDuration(topic.retention)} retention`);
      lines.push(...topic.readers.map(r => `    reader ${r.readerName}  (${r.path})`));
    }
    lines.push(...warnings.filter(w => w.id.startsWith(`/${bridge.node.path}`)).map(w => `  warning: ${String(w.entry.data)}`));
    return lines.join('\n') + '\n';
  }).join('\n');
}

/** Each Managed Flink application's plan (KPUs, storage, autoscaling, cost), with its warnings. */
export function describeApplications(applications: StreamAnalytics[], assembly: cxapi.CloudAssembly): string {
  const warnings = assembly.stacks.flatMap(stack => stack.messages).filter(m => m.level === 'warning');
  return applications.map(app => {
    const lines = [`Managed Flink application ${app.node.path} (${app.runtime.value}, ${app.alarms.length} alarms)`];
    lines.push(indent(app.plan.summary));
    lines.push(...app.plan.cost.notes.map(note => `  cost note: ${note}`));
    lines.push(`  properties: ${Object.keys(app.properties).join(', ')}`);
    lines.push(...warnings.filter(w => w.id.startsWith(`/${app.node.path}`)).map(w => `  warning: ${String(w.entry.data)}`));
    return lines.join('\n') + '\n';
  }).join('\n');
}

/** Each producer writing to the stream: its peak rate and its partition key. */
function describeWriters(writers: StreamWriter[]): string[] {
  if (writers.length === 0) {
    return ['  writers: none bound in this app'];
  }
  const width = Math.max(...writers.map(w => w.writerName.length));
  return ['  writers', ...writers.map(writer => {
    const size = writer.averageRecordBytes === undefined ? '' : ` of ${writer.averageRecordBytes.toLocaleString('en-US')} bytes`;
    return `    ${writer.writerName.padEnd(width)}  ${writer.recordsPerSecond.toLocaleString('en-US')} records/s${size}, `
      + `keyed by ${writer.partitionKey}  (${writer.path})`;
  })];
}

/** Each bound reader and what it takes from the stream's read capacity. */
function describeReaders(readers: StreamReader[], plan: ShardPlan | undefined, retention: Duration): string[] {
  if (readers.length === 0) {
    return ['  readers: none bound in this app'];
  }
  const efoReaders = plan?.workload.enhancedFanOutConsumers ?? 0;
  const efoShare = plan && efoReaders > 0 ? plan.cost.enhancedFanOutMonthlyUsd / efoReaders : undefined;
  const perShardMiB = (plan?.workload.ingestMibPerSecond ?? 0) / (plan?.shardCount ?? 1);
  const width = Math.max(...readers.map(r => r.readerName.length));
  return ['  readers', ...readers.flatMap(reader => {
    const effect = reader.readMode === StreamReadMode.ENHANCED_FAN_OUT
      ? `enhanced fan-out: its own 2 MiB/s per shard${efoShare === undefined ? '' : `, about $${efoShare.toFixed(2)}/month`}`
      : `polling: ${plan ? `${perShardMiB.toFixed(2)} of the 2 MiB/s per shard all polling readers share` : 'shares 2 MiB/s per shard with other polling readers'}`;
    const lag = describeLag(reader, retention);
    return [`    ${reader.readerName.padEnd(width)}  ${effect}  (${reader.path})`, ...(lag ? [`    ${''.padEnd(width)}  ${lag}`] : [])];
  })];
}

/**
 * The reader's latency objective and backstop alarms, and how long the stream keeps a
 * record the reader gave up on: the time left to replay it.
 */
function describeLag(reader: StreamReader, retention: Duration): string | undefined {
  const parts: string[] = [];
  if (reader.latencyObjective) {
    parts.push(`latency objective ${humanDuration(reader.latencyObjective)}`);
  }
  if (reader.lagBackstop) {
    parts.push(`backstop ${humanDuration(reader.lagBackstop)}`);
  }
  if (reader.maxRecordAge) {
    const replaySeconds = retention.toSeconds() - reader.maxRecordAge.toSeconds();
    parts.push(`gives up on records at ${humanDuration(reader.maxRecordAge)}, `
      + `${humanDuration(Duration.seconds(replaySeconds))} before the stream deletes them`);
  }
  return parts.length > 0 ? `lag: ${parts.join('; ')}` : undefined;
}

/** `90 s`, `5 min`, `42 h`, `7 d`: the largest unit that divides the duration, or minutes. */
function humanDuration(d: Duration): string {
  const s = d.toSeconds();
  if (s % 86400 === 0 && s >= 86400 * 2) {
    return `${s / 86400} d`;
  }
  if (s % 3600 === 0) {
    return `${s / 3600} h`;
  }
  return s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}

function indent(text: string): string {
  return text.split('\n').map(line => `  ${line}`).join('\n');
}
