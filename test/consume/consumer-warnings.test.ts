import { Annotations as CoreAnnotations, Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { addConsumer, CONSUMER, ConsumerOptions, consumerIn, INGEST, ingestFixture, WARNING } from './consumer-helpers';

const TASK_QUEUE = `${CONSUMER} is the only reader of ${INGEST} and takes one record per invocation, with the minimum retention: `
  + 'that is a task queue, not a stream. A stream adds shards, iterators and ordering for no benefit here; use SQS (per-message '
  + 'retries, scaling on queue depth) unless you need ordered, replayable records for several independent readers. '
  + `[ack: ${WARNING.streamAsTaskQueue}]`;

/** Warnings of the consumer whose message carries `id`. */
function consumerWarnings(stack: Parameters<typeof Annotations.fromStack>[0], id: string) {
  return Annotations.fromStack(stack).findWarning(`/${CONSUMER}`, Match.stringLikeRegexp(`\\[ack: ${id}\\]$`));
}

describe('the stream used as a task queue', () => {
  test('batchSize 1, the only reader, 24 hours retention: warned about on the consumer', () => {
    const { stack } = consumerIn({ batchSize: 1 });

    Annotations.fromStack(stack).hasWarning(`/${CONSUMER}`, TASK_QUEUE);
  });

  test('not when a second reader is bound after the consumer', () => {
    const f = ingestFixture();
    addConsumer(f, { batchSize: 1 });
    f.ingest.bindReader(new Construct(f.stack, 'Archive'), { readerName: 'archive' });

    expect(consumerWarnings(f.stack, WARNING.streamAsTaskQueue)).toEqual([]);
  });

  test('not when a second consumer reads the stream too', () => {
    const f = ingestFixture();
    addConsumer(f, { batchSize: 1 });
    addConsumer(f, { enhancedFanOut: true }, 'Second');

    expect(consumerWarnings(f.stack, WARNING.streamAsTaskQueue)).toEqual([]);
  });

  test.each<[string, ConsumerOptions, Duration | undefined]>([
    ['batchSize 2', { batchSize: 2 }, undefined],
    ['48 hours retention', { batchSize: 1 }, Duration.hours(48)],
  ])('not with %s', (_name, options, retention) => {
    const { stack } = consumerIn(options, { retention });

    expect(consumerWarnings(stack, WARNING.streamAsTaskQueue)).toEqual([]);
  });
});

describe('warnings are acknowledgeable', () => {
  test.each<[string, string]>([
    [WARNING.streamAsTaskQueue, WARNING.infiniteRetries],
    [WARNING.infiniteRetries, WARNING.streamAsTaskQueue],
  ])('acknowledging %s silences it and keeps %s', (acknowledged, kept) => {
    const { stack, consumer } = consumerIn({ batchSize: 1, retryAttempts: -1 });
    CoreAnnotations.of(consumer).acknowledgeWarning(acknowledged, 'reviewed');

    expect(consumerWarnings(stack, acknowledged)).toEqual([]);
    expect(consumerWarnings(stack, kept)).toHaveLength(1);
  });
});
