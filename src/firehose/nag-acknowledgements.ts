import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag's AwsSolutions-KDF1 (server-side encryption) on a delivery stream
 * that reads a source (a Kinesis stream, an MSK topic): the rule always fails there,
 * because Firehose refuses its own encryption for a source it reads. The records are still
 * encrypted: at rest by the source, and at the destination as `atDestination` says ('S3
 * encrypts the objects').
 * A direct-PUT delivery stream encrypts itself and needs no acknowledgement.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/encryption.html
 */
export function acknowledgeStreamSourceEncryption(deliveryStream: IConstruct, atDestination: string): void {
  Validations.of(deliveryStream).acknowledge({
    id: 'AwsSolutions-KDF1',
    reason: `Firehose cannot encrypt records it reads from a source (a Kinesis stream, an MSK topic); the source encrypts them at rest and ${atDestination}.`,
  });
}
