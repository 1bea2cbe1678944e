import * as iam from 'aws-cdk-lib/aws-iam';
import * as iot from 'aws-cdk-lib/aws-iot';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { IConstruct } from 'constructs';
import { ApiGatewayWriteTarget, DmsWriteTarget, EventBridgeWriteTarget, IotRuleWriteOptions, IWriterBinding } from '../source/writer-binding';

/**
 * How a producer writes to a Kinesis stream: each service's own Kinesis target, and
 * grants of `PutRecord` and `PutRecords` only (no `ListShards` or `DescribeStream`, which
 * `IStream.grantWrite()` adds and none of these services calls).
 */
export class KinesisWriterBinding implements IWriterBinding {
  public readonly resource: IConstruct;

  constructor(private readonly stream: kinesis.IStream) {
    this.resource = stream;
  }

  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['kinesis:PutRecord', 'kinesis:PutRecords'],
      resourceArns: [this.stream.streamArn],
    });
    const key = this.stream.encryptionKey;
    return key ? grant.combine(key.grantEncrypt(grantee)) : grant;
  }

  public apiGatewayTarget(): ApiGatewayWriteTarget {
    return {
      service: 'kinesis',
      putRecordAction: 'PutRecord',
      putRecordsAction: 'PutRecords',
      targetFields: { StreamName: this.stream.streamName },
    };
  }

  public iotRuleAction(options: IotRuleWriteOptions): iot.CfnTopicRule.ActionProperty {
    return {
      kinesis: { streamName: this.stream.streamName, partitionKey: options.partitionKeyTemplate, roleArn: options.roleArn },
    };
  }

  public eventBridgeTarget(partitionKeyPath: string): EventBridgeWriteTarget {
    return { arn: this.stream.streamArn, kinesisParameters: { partitionKeyPath } };
  }

  public dmsTarget(serviceAccessRoleArn: string): DmsWriteTarget {
    return { engineName: 'kinesis', kinesisSettings: { streamArn: this.stream.streamArn, serviceAccessRoleArn } };
  }
}
