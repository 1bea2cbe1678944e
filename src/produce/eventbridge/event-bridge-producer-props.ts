import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { PartitionKey } from '../../planning/kinesis/partition-key';
import { ProducerOptions, ProducerProps } from '../producer-props';

/**
 * Properties of an `EventBridgeProducer` less its `source`: what
 * `StreamingPipeline.addEventBridgeProducer()` takes, building on the pipeline's source.
 */
export interface EventBridgeProducerOptions extends ProducerOptions {
  /**
   * The events the rule puts on the source, e.g. `{ source: ['shop.orders'], detailType: ['OrderPlaced'] }`.
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
   */
  readonly eventPattern: events.EventPattern;

  /**
   * The bus the rule listens on.
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;

  /**
   * How each event's partition key is chosen: a field of the event, as EventBridge's
   * `PartitionKeyPath` (`PartitionKey.field('detail.customerId')` becomes
   * `$.detail.customerId`), to keep each customer's events in order on one shard. A
   * constant is refused: EventBridge takes a JSON path into each event, never a literal.
   *
   * EventBridge does not document what it does with an event that lacks the field. The
   * least favourable reading: the target call fails for that event (Kinesis refuses an empty
   * key) and, after the retries, the event goes to the dead-letter queue. Key by a field
   * every matched event has (the pattern can require it with `exists`).
   *
   * @default - the event's id (`$.id`), unique per event: the most even spread, no order per entity
   * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_KinesisParameters.html
   */
  readonly partitionKey?: PartitionKey;

  /**
   * The rule's name: 1-64 letters, digits, `.`, `-` and `_`. It is the `RuleName` of the rule's metrics.
   * @default - a name CloudFormation generates
   */
  readonly ruleName?: string;

  /**
   * A description of the rule.
   * @default - none
   */
  readonly description?: string;

  /**
   * An SQS standard queue of yours for the events EventBridge gives up on (after
   * `retryAttempts` or `maxEventAge`). Its policy must let `events.amazonaws.com` send
   * messages, and its KMS key (if any) let EventBridge use it: the producer adds both
   * when the queue and key are defined in this app, and warns
   * (`deadLetterQueueNotWritable`) when they are imported.
   *
   * @default - a new queue: SQS-managed encryption, TLS only, messages kept 14 days, retained
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
   */
  readonly deadLetterQueue?: sqs.IQueue;

  /**
   * How many times EventBridge retries putting an event before it goes to the dead-letter
   * queue, 0-185.
   *
   * @default 185
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
   */
  readonly retryAttempts?: number;

  /**
   * How long EventBridge keeps retrying an event before it goes to the dead-letter queue,
   * 60 seconds to 24 hours.
   *
   * @default Duration.hours(24)
   */
  readonly maxEventAge?: Duration;
}

/** What an `EventBridgeProducer` takes: the events to match, the key, and how hard to retry. */
export interface EventBridgeProducerProps extends EventBridgeProducerOptions, ProducerProps {}
