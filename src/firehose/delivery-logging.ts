import { RemovalPolicy } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DeliveryRole } from './delivery-role';

/** Delivery errors are kept a year: long enough to explain an old gap in the data. */
const RETENTION = logs.RetentionDays.ONE_YEAR;

/** The log streams of an L1 delivery stream's error logging, by what they log. */
export interface DeliveryLogging {
  /** The log group. */
  readonly logGroup: logs.ILogGroup;
  /** `CloudWatchLoggingOptions` for `stream`, which the role may write to. */
  options(stream: string): firehose.CfnDeliveryStream.CloudWatchLoggingOptionsProperty;
}

/**
 * Error logging for an L1 `CfnDeliveryStream` (OpenSearch, Redshift), as the L2 sets up
 * for S3: a log group of its own (`id`) with one log stream per name in `streams`
 * (`DestinationDelivery`, `BackupDelivery`), each writable by `role` and nothing else.
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-logs.html
 */
export function createDeliveryLogging(scope: Construct, id: string, role: DeliveryRole, streams: string[]): DeliveryLogging {
  const logGroup = new logs.LogGroup(scope, id, { retention: RETENTION, removalPolicy: RemovalPolicy.RETAIN });
  const names = new Map<string, string>();
  for (const stream of streams) {
    const logStream = new logs.LogStream(logGroup, stream, { logGroup, removalPolicy: RemovalPolicy.RETAIN });
    names.set(stream, logStream.logStreamName);
    role.grantLogStream(logGroup.logGroupName, logStream.logStreamName);
  }
  return {
    logGroup,
    options: (stream: string) => {
      const logStreamName = names.get(stream);
      if (!logStreamName) {
        throw new Error(`${scope.node.path}: no delivery log stream '${stream}'`);
      }
      return { enabled: true, logGroupName: logGroup.logGroupName, logStreamName };
    },
  };
}
