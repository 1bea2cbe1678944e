import { ArnFormat, CustomResource, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, DependencyGroup } from 'constructs';
import { SqlProperty } from './data-api/redshift-sql-handler';
import { RedshiftSqlIsCompleteFunction } from './redshift-sql-is-complete-function';
import { RedshiftSqlOnEventFunction } from './redshift-sql-on-event-function';
import { RedshiftSqlProps } from './redshift-sql-props';
import { RedshiftTargetKind } from './redshift-target';
import { fail } from '../../common/input-error';
import { createWaitingCustomResource } from '../../common/provider-framework';

/** The custom resource's type in the template. */
export const REDSHIFT_SQL_RESOURCE_TYPE = 'Custom::RedshiftSql';

/**
 * `BatchExecuteStatement`'s limit on statements in one call.
 *
 * @see https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_BatchExecuteStatement.html
 */
export const MAX_BATCH_STATEMENTS = 40;

/**
 * How often isComplete asks the Data API whether the statements ran. DDL takes seconds (a
 * materialized view over a stream is created empty and fills on refresh), so 10 s keeps a
 * deployment short for a few cheap `DescribeStatement` calls.
 */
export const SQL_QUERY_INTERVAL = Duration.seconds(10);

/**
 * How long the Provider waits for the statements: below CloudFormation's hour on a custom
 * resource (`CUSTOM_RESOURCE_SERVICE_TIMEOUT`), so that the Provider's own message is heard. A
 * paused Serverless workgroup or a resizing cluster queues the statements meanwhile.
 */
export const SQL_TOTAL_TIMEOUT = Duration.minutes(55);

/**
 * Runs SQL in a Redshift database through the Redshift Data API when the stack is deployed,
 * updated and deleted, and holds the deployment until Redshift has run it (internal:
 * `DeliverToRedshift` creates its table, or its streaming view, with it).
 *
 * A custom resource (`Custom::RedshiftSql`) of the custom-resources Provider framework, with an
 * onEvent and an isComplete handler shipped in this package:
 * - Create: `createStatements` as one `BatchExecuteStatement`: one transaction, or, when a
 *   statement may not run in a transaction block (external schemas, materialized views), each
 *   committed in order (`ExecutionMode` AUTO_COMMIT). Either way in one session, in order.
 * - Update: `createStatements` run again only when they changed: every statement must be safe
 *   to run again (`IF NOT EXISTS`, or `DROP … IF EXISTS` before a `CREATE` that has no IF NOT
 *   EXISTS). The physical id depends on the target, the database and `deleteStatements`: when
 *   the target or database changed, or the objects were renamed (`deleteStatements` changed
 *   with no statement in common), the id changes, and CloudFormation deletes the old resource
 *   once the stack is updated, running the old `deleteStatements` (on the old target). When
 *   they changed but share a statement (an object kept its name), the old statements not among
 *   the new ones run after `createStatements` instead (see `onRedshiftSqlEvent`).
 * - Delete: `deleteStatements`, if any; a target already gone is not an error.
 * - A statement that fails fails the deployment with Redshift's error, naming the statement.
 *
 * Credentials: `secret` (Secrets Manager, `SecretArn`), else on a provisioned cluster temporary
 * credentials of `databaseUser` (`DbUser`, `redshift:GetClusterCredentials`), else on a
 * workgroup temporary credentials of the handler's role (`redshift-serverless:GetCredentials`;
 * the database user is `IAMR:<role name>`, which must be allowed to create the objects).
 *
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/data-api.html
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-iam.html
 */
export class RedshiftSql extends Construct {
  /** The custom resource: whatever needs the objects depends on it. */
  public readonly resource: CustomResource;
  /** The role both handlers run with. */
  public readonly role: iam.IRole;
  /** The Provider framework behind the custom resource. */
  public readonly provider: cr.Provider;

  constructor(scope: Construct, id: string, props: RedshiftSqlProps) {
    super(scope, id);
    validate(this, props);

    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs SQL in one Redshift database through the Redshift Data API on deployment',
    });
    for (const statement of redshiftSqlStatements(this, props, role.roleId)) {
      role.addToPrincipalPolicy(statement);
    }
    props.secret?.grantRead(role);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'redshift-data:DescribeStatement takes no resource ARN; the grant is limited to the statements this role '
        + 'submitted, by the condition redshift-data:statement-owner-iam-userid like <this role\'s id>:*.',
    });
    this.role = role;

    const target = props.target._dataApiTarget();
    const { provider, resource } = createWaitingCustomResource(this, {
      role,
      logRetention: props.logRetention,
      onEvent: {
        functionClass: RedshiftSqlOnEventFunction,
        description: 'Redshift SQL: submits the create or delete statements to the Redshift Data API',
      },
      isComplete: {
        functionClass: RedshiftSqlIsCompleteFunction,
        description: 'Redshift SQL: waits for the statements to finish, fails with the statement Redshift refused',
      },
      queryInterval: SQL_QUERY_INTERVAL,
      totalTimeout: SQL_TOTAL_TIMEOUT,
      resourceType: REDSHIFT_SQL_RESOURCE_TYPE,
      properties: {
        ...target,
        [SqlProperty.DATABASE]: props.database,
        ...(props.secret ? { [SqlProperty.SECRET_ARN]: props.secret.secretArn } : {}),
        ...(!props.secret && props.databaseUser ? { [SqlProperty.DB_USER]: props.databaseUser } : {}),
        [SqlProperty.CREATE_STATEMENTS]: props.createStatements,
        [SqlProperty.DELETE_STATEMENTS]: props.deleteStatements ?? [],
      },
      dependsOn: props.dependsOn && props.dependsOn.length > 0 ? new DependencyGroup(...props.dependsOn) : undefined,
    });
    this.provider = provider;
    this.resource = resource;
  }
}

/**
 * What the handlers call, scoped:
 * - `redshift-data:BatchExecuteStatement` on the cluster's or the workgroup's ARN;
 * - `redshift-data:DescribeStatement` on `*` (it takes no resource) for the statements this
 *   role submitted only: `redshift-data:statement-owner-iam-userid` like `<role id>:*`. Not
 *   `${aws:userid}`, AWS's example: that is `<role id>:<session name>`, and the two handlers
 *   run as two sessions (each function's name), so isComplete could not read what onEvent submitted;
 * - without `secret`, the temporary credentials the Data API gets on the role's behalf:
 *   `redshift:GetClusterCredentials` on `dbuser:<cluster>/<databaseUser>` and
 *   `dbname:<cluster>/<database>` for a cluster, `redshift-serverless:GetCredentials` on the
 *   workgroup's ARN for a workgroup. (`secret` is granted by `secret.grantRead`.)
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftdataapi.html
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/generating-iam-credentials-role-permissions.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftserverless.html
 */
export function redshiftSqlStatements(scope: Construct, props: RedshiftSqlProps, roleId: string): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({ actions: ['redshift-data:BatchExecuteStatement'], resources: [props.target.arn(scope)] }),
    new iam.PolicyStatement({
      actions: ['redshift-data:DescribeStatement'],
      resources: ['*'],
      conditions: { StringLike: { 'redshift-data:statement-owner-iam-userid': `${roleId}:*` } },
    }),
  ];
  if (props.secret) {
    return statements;
  }
  if (props.target.kind === RedshiftTargetKind.PROVISIONED_CLUSTER) {
    const stack = Stack.of(scope);
    const arn = (resource: string, resourceName: string) =>
      stack.formatArn({ service: 'redshift', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    statements.push(new iam.PolicyStatement({
      actions: ['redshift:GetClusterCredentials'],
      resources: [
        arn('dbuser', `${props.target.name}/${props.databaseUser}`),
        arn('dbname', `${props.target.name}/${props.database}`),
      ],
    }));
  } else {
    statements.push(new iam.PolicyStatement({ actions: ['redshift-serverless:GetCredentials'], resources: [props.target.arn(scope)] }));
  }
  return statements;
}

function validate(scope: Construct, props: RedshiftSqlProps): void {
  if (!props.database || (!Token.isUnresolved(props.database) && props.database.trim().length === 0)) {
    fail(scope, `\`database\` must name the database the SQL runs in, got '${props.database}'`);
  }
  checkStatements(scope, 'createStatements', props.createStatements, true);
  checkStatements(scope, 'deleteStatements', props.deleteStatements ?? [], false);
  const cluster = props.target.kind === RedshiftTargetKind.PROVISIONED_CLUSTER;
  if (cluster && !props.secret && props.databaseUser === undefined) {
    fail(scope, 'a provisioned cluster needs `secret` or `databaseUser`: the Data API connects with a secret\'s credentials, '
      + 'or with temporary credentials of a database user (redshift:GetClusterCredentials); got neither');
  }
  if (!cluster && props.databaseUser !== undefined) {
    fail(scope, '`databaseUser` applies to a provisioned cluster only: on a Serverless workgroup the Data API\'s temporary '
      + `credentials are those of the handler's role; got '${props.databaseUser}'`);
  }
}

function checkStatements(scope: Construct, prop: string, statements: string[], required: boolean): void {
  if (required && statements.length === 0) {
    fail(scope, `\`${prop}\` must hold at least one SQL statement, got none`);
  }
  if (statements.length > MAX_BATCH_STATEMENTS) {
    fail(scope, `\`${prop}\` must hold at most ${MAX_BATCH_STATEMENTS} statements (one BatchExecuteStatement), got ${statements.length}`);
  }
  const blank = statements.findIndex(s => typeof s !== 'string' || s.trim().length === 0);
  if (blank >= 0) {
    fail(scope, `\`${prop}\` statement ${blank + 1} is empty`);
  }
}
