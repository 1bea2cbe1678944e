import { Annotations, Validations } from 'aws-cdk-lib';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { DeliverToRedshift, IStreamSource, RedshiftLoadMode, RedshiftTarget } from '../src';

/**
 * What the warehouse loads. No alarm action: streaming ingestion creates no alarms of its own;
 * the orders stream's alarms (its iterator age) watch Redshift's reads.
 */
export interface WarehouseLayerProps {
  readonly orders: IStreamSource;
}

/**
 * The warehouse of the reference architecture, for BI: orders in Redshift Serverless within
 * seconds, through streaming ingestion (Redshift reads the stream itself: no Firehose, no
 * public endpoint). A materialized view keeps each order as SUPER; a view on top types the
 * columns of the registered order schema.
 */
export class WarehouseLayer extends Construct {
  public readonly ordersWarehouse: DeliverToRedshift;

  constructor(scope: Construct, id: string, props: WarehouseLayerProps) {
    super(scope, id);

    // The admin's credentials live in Secrets Manager only: the namespace takes them as dynamic
    // references, and the Data API (which creates the schema and views) connects with the secret.
    const admin = new secretsmanager.Secret(this, 'Admin', {
      description: 'Admin user of the orders warehouse',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: 'warehouse_admin' }),
        generateStringKey: 'password',
        excludePunctuation: true,
        passwordLength: 32,
      },
    });
    Validations.of(admin).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Redshift Serverless namespaces have no rotation Lambda of their own; the platform team rotates the admin '
        + 'password with the namespace (runbook WAREHOUSE-2).',
    });
    const namespace = new redshiftserverless.CfnNamespace(this, 'Namespace', {
      namespaceName: 'orders-warehouse',
      dbName: 'analytics',
      adminUsername: admin.secretValueFromJson('username').unsafeUnwrap(),
      adminUserPassword: admin.secretValueFromJson('password').unsafeUnwrap(),
    });
    const workgroup = new redshiftserverless.CfnWorkgroup(this, 'Workgroup', {
      workgroupName: 'orders-warehouse',
      namespaceName: namespace.attrNamespaceNamespaceName,
      baseCapacity: 8,
      publiclyAccessible: false,
    });

    this.ordersWarehouse = new DeliverToRedshift(this, 'OrdersWarehouse', {
      source: props.orders,
      readerName: 'orders-warehouse',
      mode: RedshiftLoadMode.STREAMING_INGESTION,
      target: RedshiftTarget.fromWorkgroup(workgroup, namespace),
      database: 'analytics',
      tableName: 'orders',
      dataApiSecret: admin,
    });
    Annotations.of(this.ordersWarehouse).acknowledgeWarning('cdk-streaming-pipelines:StreamSource:tooManyPollingReaders',
      'Redshift streaming ingestion cannot read with enhanced fan-out. The orders workload declares three polling readers, '
      + 'so the stream is sized for their shared 2 MiB/s per shard; at 250 orders/s they use 3 of the 5 reads/s per shard.');
  }
}
