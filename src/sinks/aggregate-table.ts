import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { AggregateTableLayout } from './aggregate/aggregate-config';

/**
 * The default table of `AggregateToTable`: one item per key and window (and the
 * handler's progress items, one per shard and window), billed per request (windows
 * make bursty writes), recoverable to any second of the last 35
 * days, encrypted with KMS, old windows deleted by TTL, and kept on stack deletion.
 */
export function createAggregateTable(scope: Construct, id: string): dynamodb.Table {
  return new dynamodb.Table(scope, id, {
    partitionKey: { name: AggregateTableLayout.PARTITION_KEY, type: dynamodb.AttributeType.STRING },
    sortKey: { name: AggregateTableLayout.SORT_KEY, type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    timeToLiveAttribute: AggregateTableLayout.EXPIRES_AT,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
