/**
 * The raw variant's warehouse: the resources of the library's warehouse layer
 * (examples/warehouse-layer.ts: a `DeliverToRedshift` in STREAMING_INGESTION mode into a new
 * Redshift Serverless namespace and workgroup) written by hand with aws-cdk-lib only, as a
 * team would without the library:
 *
 * - the admin's secret (Secrets Manager), the namespace taking it as dynamic references, and
 *   a private workgroup of 8 RPUs;
 * - the role Redshift assumes to read the orders stream (trusted by Redshift and Redshift
 *   Serverless, associated with the namespace): aws-cdk-lib's read grant on the stream and its
 *   key, plus `kinesis:ListStreams` on `*` as Redshift's streaming-ingestion guide grants it;
 * - two custom resources (`Custom::RedshiftSql`) of the `custom-resources` Provider framework
 *   running the library's shipped Redshift Data API handlers from the same asset folders (so
 *   the same asset hashes; see bench/assets.ts), as the admin: the external schema and the
 *   auto-refreshing materialized view of the orders as SUPER (`IngestionSql`), then the
 *   typed view over it (`ColumnsViewSql`), the SQL written out;
 * - the validation acknowledgements the library and the example add.
 *
 * Construct ids and nesting follow the library's (`Warehouse/OrdersWarehouse/IngestionSql/…`),
 * so the logical ids match. Streaming ingestion has no alarms of its own: the orders stream's
 * iterator-age alarm watches Redshift's reads. Nothing is imported from src/ or examples/.
 */
import * as path from 'path';
import { ArnFormat, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { RawIngestLayer } from './raw-ingest';
import { acknowledgeProvider } from './raw-provider';

/** The library's shipped Redshift Data API handlers, bundled by `npx projen bundle` (see bench/assets.ts). */
const ON_EVENT_HANDLER = path.join(__dirname, '../../assets/sinks/redshift/redshift-sql-on-event.lambda');
const IS_COMPLETE_HANDLER = path.join(__dirname, '../../assets/sinks/redshift/redshift-sql-is-complete.lambda');
const DATABASE = 'analytics';
/** The Kinesis columns every streaming materialized view keeps. */
const METADATA = 'approximate_arrival_timestamp, partition_key, shard_id, sequence_number, refresh_time';

/** Adds the warehouse as construct `Warehouse` under `scope`, loading the orders stream. */
export function addWarehouseLayer(scope: Construct, ingest: RawIngestLayer): void {
  const warehouse = new Construct(scope, 'Warehouse');

  const admin = new secretsmanager.Secret(warehouse, 'Admin', {
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
  const namespace = new redshiftserverless.CfnNamespace(warehouse, 'Namespace', {
    namespaceName: 'orders-warehouse',
    dbName: DATABASE,
    adminUsername: admin.secretValueFromJson('username').unsafeUnwrap(),
    adminUserPassword: admin.secretValueFromJson('password').unsafeUnwrap(),
  });
  const workgroup = new redshiftserverless.CfnWorkgroup(warehouse, 'Workgroup', {
    workgroupName: 'orders-warehouse',
    namespaceName: namespace.attrNamespaceNamespaceName,
    baseCapacity: 8,
    publiclyAccessible: false,
  });

  const ordersWarehouse = new Construct(warehouse, 'OrdersWarehouse');
  const redshiftRole = new iam.Role(ordersWarehouse, 'RedshiftRole', {
    assumedBy: new iam.CompositePrincipal(
      new iam.ServicePrincipal('redshift.amazonaws.com'),
      new iam.ServicePrincipal('redshift-serverless.amazonaws.com'),
    ),
    description: `Redshift streaming ingestion of ${ordersWarehouse.node.path}: reads the source stream`,
  });
  ingest.orders.grantRead(redshiftRole);
  redshiftRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kinesis:ListStreams'], resources: ['*'] }));
  Validations.of(redshiftRole).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'kinesis:ListStreams on *, as Redshift\'s streaming-ingestion guide grants it: it lists stream names and reads no records.',
  });
  namespace.iamRoles = [redshiftRole.roleArn];

  const connection = { workgroup, database: DATABASE, secret: admin };
  // Statements run in one session, in order: the stream's name is mixed case (CloudFormation
  // names it), so identifiers stay case-sensitive; drop first, so that the list can run again.
  const ingestion = addRedshiftSql(ordersWarehouse, 'IngestionSql', {
    ...connection,
    createStatements: [
      'SET enable_case_sensitive_identifier TO true',
      'DROP MATERIALIZED VIEW IF EXISTS "public"."orders"',
      'DROP SCHEMA IF EXISTS "kinesis_public_orders"',
      `CREATE EXTERNAL SCHEMA "kinesis_public_orders" FROM KINESIS IAM_ROLE '${redshiftRole.roleArn}'`,
      `CREATE MATERIALIZED VIEW "public"."orders" AUTO REFRESH YES AS SELECT ${METADATA}, JSON_PARSE(kinesis_data) AS payload `
        + `FROM "kinesis_public_orders"."${ingest.orders.streamName}" WHERE CAN_JSON_PARSE(kinesis_data)`,
    ],
    deleteStatements: [
      'DROP MATERIALIZED VIEW IF EXISTS "public"."orders"',
      'DROP SCHEMA IF EXISTS "kinesis_public_orders"',
    ],
  });
  // Redshift must be able to assume the role (associated, with its grants) and the workgroup must exist.
  ingestion.resource.node.addDependency(redshiftRole, namespace, workgroup);

  // The order's columns typed in a late-binding view, so that a failing cast fails a query, not ingestion.
  const columnsView = addRedshiftSql(ordersWarehouse, 'ColumnsViewSql', {
    ...connection,
    createStatements: [
      'DROP VIEW IF EXISTS "public"."orders_columns"',
      `CREATE VIEW "public"."orders_columns" AS SELECT ${METADATA}, payload."order_id"::VARCHAR(65535) AS "order_id", `
        + 'payload."customer_id"::VARCHAR(65535) AS "customer_id", payload."amount"::DECIMAL(12,2) AS "amount", '
        + 'payload."currency"::VARCHAR(65535) AS "currency", payload."items" AS "items", '
        + 'payload."placed_at"::VARCHAR::TIMESTAMP AS "placed_at" FROM "public"."orders" WITH NO SCHEMA BINDING',
    ],
    deleteStatements: ['DROP VIEW IF EXISTS "public"."orders_columns"'],
  });
  // After the view it reads from exists.
  columnsView.resource.node.addDependency(ingestion.resource);
}

/** Where one set of statements runs (a workgroup or a provisioned cluster), and the statements. */
export interface RedshiftSqlOptions {
  readonly workgroup?: redshiftserverless.CfnWorkgroup;
  readonly cluster?: redshift.CfnCluster;
  readonly database: string;
  readonly secret: secretsmanager.ISecret;
  readonly createStatements: string[];
  readonly deleteStatements: string[];
}

/**
 * One `Custom::RedshiftSql` as construct `id` under `scope`: both handlers (arm64, 256 MB,
 * 1 minute) with a role that may submit statements to the workgroup, read the statements it
 * submitted and the secret; a Provider asking every 10 seconds for up to 55 minutes, logging
 * like the Flink start's (raw-stream-analytics.ts). Shared with the sinks pair's Redshift COPY
 * (raw-redshift-copy.ts), which creates its table on a cluster.
 */
export function addRedshiftSql(scope: Construct, id: string, o: RedshiftSqlOptions): { scope: Construct; resource: CustomResource } {
  const sql = new Construct(scope, id);
  const role = new iam.Role(sql, 'HandlerRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'Runs SQL in one Redshift database through the Redshift Data API on deployment',
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['redshift-data:BatchExecuteStatement'],
    resources: [o.workgroup ? o.workgroup.attrWorkgroupWorkgroupArn : Stack.of(sql).formatArn({
      service: 'redshift',
      resource: 'cluster',
      resourceName: o.cluster!.ref,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })],
  }));
  // DescribeStatement takes no resource: only the statements this role's sessions (both handlers) submitted.
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['redshift-data:DescribeStatement'],
    resources: ['*'],
    conditions: { StringLike: { 'redshift-data:statement-owner-iam-userid': `${role.roleId}:*` } },
  }));
  o.secret.grantRead(role);
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'redshift-data:DescribeStatement takes no resource ARN; the condition limits it to the statements this role submitted.',
  });

  const threeMonths = (logsId: string) => new logs.LogGroup(sql, logsId, {
    retention: logs.RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const handlerLogs = threeMonths('HandlerLogs');
  handlerLogs.grantWrite(role);
  const handler = (handlerId: string, asset: string, description: string) => new lambda.Function(sql, handlerId, {
    description,
    role,
    logGroup: handlerLogs,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 256,
    timeout: Duration.minutes(1),
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(asset),
  });
  const onEvent = handler('OnEvent', ON_EVENT_HANDLER, 'Redshift SQL: submits the create or delete statements to the Redshift Data API');
  const isComplete = handler('IsComplete', IS_COMPLETE_HANDLER,
    'Redshift SQL: waits for the statements to finish, fails with the statement Redshift refused');

  const provider = new cr.Provider(sql, 'Provider', {
    onEventHandler: onEvent,
    isCompleteHandler: isComplete,
    queryInterval: Duration.seconds(10),
    totalTimeout: Duration.minutes(55),
    logGroup: threeMonths('ProviderLogs'),
    disableWaiterStateMachineLogging: false,
    // Every state of the wait, without the execution data (CloudFormation's presigned response URL).
    waiterStateMachineLogOptions: { destination: threeMonths('WaiterLogs'), level: sfn.LogLevel.ALL, includeExecutionData: false },
  });
  acknowledgeProvider(provider);

  const resource = new CustomResource(sql, 'Resource', {
    serviceToken: provider.serviceToken,
    resourceType: 'Custom::RedshiftSql',
    serviceTimeout: Duration.hours(1),
    properties: {
      ...(o.workgroup ? { WorkgroupName: o.workgroup.attrWorkgroupWorkgroupName } : { ClusterIdentifier: o.cluster!.ref }),
      Database: o.database,
      SecretArn: o.secret.secretArn,
      CreateStatements: o.createStatements,
      DeleteStatements: o.deleteStatements,
    },
  });
  return { scope: sql, resource };
}
