import { LambdaSourceConfiguration } from '../source/reader-binding';

/**
 * How a consumer's warnings and alarm descriptions name the source's units of order,
 * record positions and ways to read faster, taken from what its Lambda mapping reads
 * (`LambdaSourceConfiguration`), never from which service is behind the source.
 */
export interface RecordTerms {
  /** What holds records in order and is read one batch at a time: `shard` or `partition`. */
  readonly unit: string;
  /** What a failure destination's pointers give: `sequence numbers` or `offsets`. */
  readonly positions: string;
  /** One of them: `sequence` or `offset` (as in 'a sequence range'). */
  readonly position: string;
  /** The source in a sentence: `the stream` or `the topic`. */
  readonly container: string;
  /** What to do, besides speeding up the handler, when the consumer falls behind. */
  readonly scaleOut: string;
  /** What each unit needs in concurrent executions. */
  readonly concurrencyPerUnit: string;
}

/** Terms of a Kinesis stream: the messages' original wording. */
const STREAM_TERMS: RecordTerms = {
  unit: 'shard',
  positions: 'sequence numbers',
  position: 'sequence',
  container: 'the stream',
  scaleOut: 'process shards in parallel (parallelizationFactor) or add shards',
  concurrencyPerUnit: 'Each shard needs up to `parallelizationFactor` concurrent executions',
};

/**
 * The terms for the source a mapping reads: a mapping that reads a Kafka topic
 * (`kafkaTopic`) reads partitions at offsets; one whose source refuses
 * `parallelizationFactor` scales by partitions and pollers, not batches per shard.
 */
export function recordTermsOf(source: LambdaSourceConfiguration): RecordTerms {
  if (source.kafkaTopic === undefined) {
    return STREAM_TERMS;
  }
  const pollers = source.provisionedPollers ? ' or raise the mapping\'s maximum provisioned pollers' : '';
  return {
    unit: 'partition',
    positions: 'offsets',
    position: 'offset',
    container: 'the topic',
    scaleOut: `add partitions (Lambda processes each partition one batch at a time)${pollers}`,
    concurrencyPerUnit: 'Each partition needs one concurrent execution',
  };
}
