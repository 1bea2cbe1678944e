import * as iam from 'aws-cdk-lib/aws-iam';
import * as iot from 'aws-cdk-lib/aws-iot';
import { Construct, IConstruct } from 'constructs';
import type { KafkaTopic } from './kafka-topic';
import { fail } from '../common/input-error';
import { ApiGatewayWriteTarget, DmsWriteTarget, EventBridgeWriteTarget, IWriterBinding } from '../source/writer-binding';

/** What every refusal ends with: the ways that do write to a bridge's topic. */
const INSTEAD = 'Write with a Kafka client that authenticates with IAM (grant it `grantWrite()`), '
  + 'or put the producer on a Kinesis stream (`StreamingIngest`) and bridge to Kafka from there';

/**
 * How a producer writes to a Kafka topic of a `KafkaBridge`: none of the four managed
 * producers can, and each method says why at synth rather than at deploy.
 *
 * - API Gateway has no Kafka integration.
 * - EventBridge has no Kafka target (rules nor Pipes: Pipes reads Kafka, never writes it).
 * - AWS IoT's Kafka action and DMS's Kafka endpoint authenticate with SASL/SCRAM, PLAIN or
 *   TLS, and a bridge's cluster accepts IAM only (AWS IoT documents that its action does
 *   not support IAM).
 */
export class KafkaWriterBinding implements IWriterBinding {
  public readonly resource: IConstruct;

  constructor(private readonly topic: KafkaTopic, private readonly writer: Construct) {
    this.resource = topic;
  }

  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return this.topic.grantWrite(grantee);
  }

  public apiGatewayTarget(): ApiGatewayWriteTarget {
    return this.refuse('API Gateway has no Kafka integration (its AWS-service integrations call AWS APIs, and Kafka is not one)');
  }

  public iotRuleAction(): iot.CfnTopicRule.ActionProperty {
    return this.refuse('AWS IoT\'s Kafka rule action authenticates with SASL/SCRAM, PLAIN, GSSAPI or TLS, and does not support IAM, '
      + 'the only client authentication a KafkaBridge cluster accepts');
  }

  public eventBridgeTarget(): EventBridgeWriteTarget {
    return this.refuse('EventBridge has no Kafka target: neither rules nor Pipes write to Kafka (Pipes can read from it)');
  }

  public dmsTarget(): DmsWriteTarget {
    return this.refuse('DMS\'s Kafka target endpoint authenticates with SASL/SCRAM, PLAIN or TLS, not IAM, '
      + 'the only client authentication a KafkaBridge cluster accepts');
  }

  private refuse(why: string): never {
    fail(this.writer, `cannot write to ${this.topic.sourceName}: ${why}. ${INSTEAD}.`);
  }
}
