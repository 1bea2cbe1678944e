import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { BrokerSizing, ChooseIngest, IngestChoice, ShardSizing } from '../../src';
import { runCommand } from '../../src/cli/plan-command';
import { USAGE } from '../../src/cli/plan-flags';

const ISSUE_EXAMPLE = ['plan', '--ingest', '4MiB/s', '--records', '6000/s', '--consumers', '3', '--retention', '7d'];

function refused(args: string[], problem: string): void {
  expect(runCommand(args)).toEqual({ exitCode: 2, stdout: '', stderr: `cdk-streaming-pipelines: ${problem}\n${USAGE}\n` });
}

describe('cdk-streaming-pipelines plan', () => {
  test('Kinesis: the decision, the plan, the monthly cost with its items, and the diagram', () => {
    const result = runCommand(ISSUE_EXAMPLE);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const requirements = {
      replay: Duration.days(7), independentConsumers: 3, workload: { ingestMibPerSecond: 4, ingestRecordsPerSecond: 6000 },
    };
    const decision = ChooseIngest.decide(requirements);
    expect(decision.choice).toBe(IngestChoice.KINESIS);
    const plan = ShardSizing.plan({ ...requirements.workload, pollingConsumers: 3 }, { retention: Duration.days(7) });
    const sections = result.stdout.split('\n\n');
    expect(sections[0]).toBe(decision.summary);
    expect(sections[1]).toBe(`Plan: Kinesis Data Streams\n${plan.summary}`);
    // 6 shards × 730 h × $0.015; 6,000 records/s × 2,628,000 s = 15,768 M PUT units × $0.014; 6 × 730 h × $0.02 extended retention.
    expect(sections[2].split('\n').slice(0, 4)).toEqual([
      'Monthly cost at peak: $374.05',
      '  shard-hours: $65.70 (4,380 shard-hour × $0.015)',
      '  PUT payload units: $220.75 (15,768 million PUT payload units × $0.014)',
      '  extended retention: $87.60 (4,380 shard-hour × $0.02)',
    ]);
    expect(sections[3]).toBe([
      'Diagram:',
      '```mermaid',
      'flowchart LR',
      '  subgraph producersLayer["Producers"]',
      '    producers["producers"]',
      '  end',
      '  subgraph ingestLayer["Ingest"]',
      '    ingest[("Kinesis stream, 6 shards")]',
      '  end',
      '  subgraph processingLayer["Processing"]',
      '    consumer1["consumer 1"]',
      '    consumer2["consumer 2"]',
      '    consumer3["consumer 3"]',
      '  end',
      '  producers --> ingest',
      '  ingest --> consumer1',
      '  ingest --> consumer2',
      '  ingest --> consumer3',
      '```',
      '',
    ].join('\n'));
  });

  test('--kafka: MSK, with the broker plan for the consumers as consumer groups and the retention', () => {
    const { exitCode, stdout } = runCommand([...ISSUE_EXAMPLE, '--kafka']);
    expect(exitCode).toBe(0);
    const plan = BrokerSizing.plan({ ingestMibPerSecond: 4, consumerGroups: 3, retention: Duration.days(7) });
    expect(stdout).toContain('Ingest: Amazon MSK\n');
    expect(stdout).toContain(`Plan: Amazon MSK\n${plan.summary}\n\nMonthly cost at peak: ${'$' + plan.cost.monthlyUsd.toLocaleString('en-US', { minimumFractionDigits: 2 })}\n`);
    expect(stdout).toContain(`    ingest[("MSK, ${plan.brokerCount} × ${plan.instanceType.instanceTypeName}")]\n`);
  });

  test('--delivery-only with minutes of latency: Firehose direct PUT delivering to storage', () => {
    const { exitCode, stdout } = runCommand(['plan', '--ingest=1MiB/s', '--record-bytes', '1024', '--delivery-only', '--latency', '5min']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('Ingest: Firehose direct PUT\n');
    expect(stdout).toContain('Plan: Firehose direct PUT\n  no shards or brokers to size: Firehose scales with the load it is sent\n');
    // 1,024 records/s billed as 5 KB each: 1,024 × 5,120 B × 2,628,000 s ÷ 2^30 = 12,832 GB × $0.029.
    expect(stdout).toContain('Monthly cost at peak: $372.13\n  direct PUT data ingested: $372.13 (12,832.03 GB × $0.029)\n');
    expect(stdout).toContain('  ingest --> storage\n');
  });

  test('--tasks: not a stream, pointing to SQS', () => {
    const { exitCode, stdout } = runCommand(['plan', '--ingest', '0.1MiB/s', '--tasks']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('Ingest: not a stream (Amazon SQS)\n');
    expect(stdout).toContain('Plan: not a stream\n  use an Amazon SQS queue (aws-cdk-lib/aws-sqs) with a Lambda event source\n');
    expect(stdout).toContain('Monthly cost: not priced (an SQS queue bills per request)\n');
    expect(stdout).toContain('    ingest[("SQS queue")]\n');
  });

  test('throughput in any unit AWS writes, as MiB/s', () => {
    const mib = (value: string) => runCommand(['plan', '--ingest', value, '--records', '1000']).stdout;
    expect(mib('512KiB/s')).toBe(mib('0.5MiB/s'));
    expect(mib('0.5')).toBe(mib('0.5 MiB/s'));
    expect(mib('1GiB/s')).toBe(mib('1024MiB/s'));
    expect(mib('1048.576KB/s')).toBe(mib('1MiB/s'));
    expect(mib('1.048576MB/s')).toBe(mib('1MiB/s'));
  });

  test('--help prints the flags; no arguments prints the usage and exits 2', () => {
    for (const args of [['plan', '--help'], ['--help'], ['-h'], ['plan', '-h']]) {
      const help = runCommand(args);
      expect(help.exitCode).toBe(0);
      expect(help.stdout.startsWith(`${USAGE}\n\nDecides the ingest of a pipeline`)).toBe(true);
    }
    expect(runCommand([])).toEqual({ exitCode: 2, stdout: '', stderr: `${USAGE}\n` });
    refused(['bogus', '--help'], 'unknown command \'bogus\': the one command is \'plan\'');
    refused(['plan', '--ingest', '-h'], '--ingest needs a value');
  });

  test('bad flags: what is wrong, the usage line, exit code 2', () => {
    refused(['size', '--ingest', '4MiB/s'], 'unknown command \'size\': the one command is \'plan\'');
    refused(['plan', '--ingest', '4MiB/s', '--shards', '3'], 'unknown flag \'--shards\'');
    refused(['plan', '--records', '6000/s'], '--ingest is required: the peak write throughput, such as 4MiB/s');
    refused(['plan', '--ingest'], '--ingest needs a value');
    refused(['plan', '--ingest', '--kafka'], '--ingest needs a value');
    refused(['plan', '--ingest', '4 parsecs'], '--ingest expects a throughput above 0 such as 4MiB/s (or KiB/s, GiB/s, MB/s, KB/s), got \'4 parsecs\'');
    refused(['plan', '--ingest', '0MiB/s'], '--ingest expects a throughput above 0 such as 4MiB/s (or KiB/s, GiB/s, MB/s, KB/s), got \'0MiB/s\'');
    refused(['plan', '--ingest', '4MiB/s', '--records', 'many'], '--records expects records a second above 0 such as 6000/s, got \'many\'');
    refused(['plan', '--ingest', '4MiB/s', '--consumers', '2.5'], '--consumers expects the number of independent consumers, a whole number from 1, got \'2.5\'');
    refused(['plan', '--ingest', '4MiB/s', '--retention', '7w'], '--retention expects a duration above 0 such as 7d (h, d), got \'7w\'');
    refused(['plan', '--ingest', '4MiB/s', '--latency', '1'], '--latency expects a duration above 0 such as 500ms (ms, s, min), got \'1\'');
    refused(['plan', '--ingest', '4MiB/s', '--ingest', '5MiB/s'], '--ingest is given twice');
    refused(['plan', '--ingest', '4MiB/s', '--kafka=yes'], '--kafka takes no value, got \'yes\'');
    refused(['plan', '--ingest', '4MiB/s', '--latency', '0.5ms'], '--latency must be at least 1ms, got \'0.5ms\'');
    refused(['plan', '--ingest', '4MiB/s', '--retention', '0.5h'], '--retention must be at least 1h, got \'0.5h\'');
    refused(['plan', '--ingest', '4MiB/s', '--records', '10', '--record-bytes', '700'],
      'give --records or --record-bytes, not both: with --ingest, either one gives the other');
  });

  test('needs that contradict each other or figures out of range: the planner\'s message, exit code 2', () => {
    const contradiction = runCommand(['plan', '--ingest', '1MiB/s', '--delivery-only', '--retention', '7d']);
    expect(contradiction.exitCode).toBe(2);
    expect(contradiction.stderr).toMatch(/^cdk-streaming-pipelines: .*delivery.*replay.*\nusage: /s);
    const tooMany = runCommand(['plan', '--ingest', '1MiB/s', '--consumers', '5000']);
    expect(tooMany.exitCode).toBe(2);
    expect(tooMany.stderr).toBe(`cdk-streaming-pipelines: --consumers must be an integer between 1 and 1000, got 5000\n${USAGE}\n`);
    // The planners' names for the needs read as the flags that set them.
    expect(contradiction.stderr).toMatch(/^cdk-streaming-pipelines: --delivery-only and --retention contradict: /);
  });
});

describe('the installed command', () => {
  const main = path.join(__dirname, '..', '..', 'src', 'cli', 'main.ts');
  const tsNode = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'ts-node');

  test('package.json runs it as `cdk-streaming-pipelines`, from the compiled main', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8'));
    expect(pkg.bin).toEqual({ 'cdk-streaming-pipelines': 'lib/cli/main.js' });
    expect(fs.readFileSync(main, 'utf-8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  test('a process prints the plan and exits 0; bad flags exit 2 with the usage on stderr', () => {
    const ok = execFileSync(tsNode, ['--transpile-only', main, ...ISSUE_EXAMPLE], { encoding: 'utf-8' });
    expect(ok).toBe(runCommand(ISSUE_EXAMPLE).stdout);
    const bad = spawnSync(tsNode, ['--transpile-only', main, 'plan', '--ingest', 'lots'], { encoding: 'utf-8' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(runCommand(['plan', '--ingest', 'lots']).stderr);
  });
});
