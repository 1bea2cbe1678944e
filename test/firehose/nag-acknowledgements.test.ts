import { Validations } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import { acknowledgeStreamSourceEncryption } from '../../src/firehose/nag-acknowledgements';
import { testStack } from '../app-fixture';

test('acknowledgeStreamSourceEncryption: KDF1 on the delivery stream, with why the records are encrypted anyway', () => {
  const deliveryStream = new firehose.CfnDeliveryStream(testStack(), 'Delivery', {});
  const acknowledge = jest.spyOn(Validations.prototype, 'acknowledge');
  try {
    acknowledgeStreamSourceEncryption(deliveryStream, 'OpenSearch encrypts the index');

    expect(acknowledge).toHaveBeenCalledWith({
      id: 'AwsSolutions-KDF1',
      reason: 'Firehose cannot encrypt records it reads from a source (a Kinesis stream, an MSK topic); the source encrypts them at rest and OpenSearch encrypts the index.',
    });
  } finally {
    acknowledge.mockRestore();
  }
});
