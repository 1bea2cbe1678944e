import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct, IDependable } from 'constructs';
import {
  FirehoseSourceConfiguration, IReaderBinding, IStreamSource, JobNetwork, LambdaSourceConfiguration, ReaderGrantOptions,
  IWriterBinding, StreamReader, StreamReaderOptions, StreamReadMode, StreamWriter,
} from '../../src';

export const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/abcd1234-ab12-cd34-ef56-abcdef123456-1';
export const TOPIC = 'orders';

/**
 * A source of a service no reader knows, written only against the contract: if every
 * reader reads it, a new kind of source needs no change in any reader.
 */
export class OtherServiceSource implements IStreamSource {
  public readonly sourceName = 'kafka://orders';
  public readonly retention = Duration.days(7);
  public readonly readers: StreamReader[] = [];
  public readonly writers: StreamWriter[] = [];

  constructor(private readonly anchor: IConstruct) {}

  public bindWriter(): IWriterBinding {
    throw new Error('this test source takes no writers');
  }

  public bindReader(scope: Construct, options: StreamReaderOptions): IReaderBinding {
    this.readers.push({ readerName: options.readerName, readMode: options.readMode ?? StreamReadMode.POLLING, path: scope.node.path });
    return new OtherServiceBinding(this.anchor, options.readerName);
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return readTopic(grantee, 'any');
  }

  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['kafka-cluster:WriteData'], resourceArns: [CLUSTER_ARN] });
  }
}

class OtherServiceBinding implements IReaderBinding {
  constructor(public readonly resource: IConstruct, private readonly group: string) {}

  public grantRead(grantee: iam.IGrantable, _options?: ReaderGrantOptions): iam.Grant {
    return readTopic(grantee, this.group);
  }

  public lambdaSource(): LambdaSourceConfiguration {
    return {
      eventSourceArn: CLUSTER_ARN,
      lambdaReportsRecordAge: true,
      lambdaReportsOffsetLag: false,
      unsupportedSettings: [],
      mappingStatements: [],
    };
  }

  public reachService(_service: string, _client?: ec2.IConnectable): IDependable | undefined {
    return undefined;
  }

  /** Reached from anywhere, like a regional endpoint. */
  public jobNetwork(): JobNetwork | undefined {
    return undefined;
  }

  public allowJob(_job: ec2.IConnectable): void {}

  public firehoseSource(roleArn: string): FirehoseSourceConfiguration {
    return {
      deliveryStreamType: 'MSKAsSource',
      mskSourceConfiguration: {
        mskClusterArn: CLUSTER_ARN,
        topicName: TOPIC,
        authenticationConfiguration: { connectivity: 'PRIVATE', roleArn },
      },
      readStatements: [new iam.PolicyStatement({ actions: ['kafka-cluster:ReadData'], resources: [`${CLUSTER_ARN}/topic/${TOPIC}`] })],
    };
  }

  public jobProperties(): { [key: string]: string } {
    return { 'source.type': 'kafka', 'topic': TOPIC, 'group.id': this.group };
  }

  public metricReaderLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return new cloudwatch.Metric({ namespace: 'Test/OtherService', metricName: 'ReaderLagMillis', dimensionsMap: { Group: this.group }, ...props });
  }
}

function readTopic(grantee: iam.IGrantable, group: string): iam.Grant {
  return iam.Grant.addToPrincipal({ grantee, actions: ['kafka-cluster:ReadData'], resourceArns: [`${CLUSTER_ARN}/topic/${TOPIC}`, `${CLUSTER_ARN}/group/${group}`] });
}
