import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IDependable } from 'constructs';
import { RedshiftTarget } from './redshift-target';

/**
 * Props of `RedshiftSql` (internal): SQL run through the Redshift Data API when the stack
 * is deployed, updated and deleted.
 */
export interface RedshiftSqlProps {
  /** Where the SQL runs. */
  readonly target: RedshiftTarget;
  /** The database it runs in. */
  readonly database: string;
  /**
   * Credentials the Data API connects with: a secret with `username` and `password`.
   * @default - temporary IAM credentials: `redshift:GetClusterCredentials` as `databaseUser` for a
   * cluster, `redshift-serverless:GetCredentials` for a workgroup
   */
  readonly secret?: secretsmanager.ISecret;
  /**
   * The database user of temporary credentials on a provisioned cluster (no `secret`).
   * @default - required for a cluster without `secret`
   */
  readonly databaseUser?: string;
  /**
   * Statements run in order, as one transaction where Redshift allows it (`BatchExecuteStatement`),
   * when the resource is created, and again when they change (an update): so each must be
   * idempotent (`CREATE … IF NOT EXISTS`) or preceded by what undoes the previous version.
   */
  readonly createStatements: string[];
  /**
   * Statements run in order when the resource is deleted (or replaced).
   * @default - none: the objects stay in Redshift
   */
  readonly deleteStatements?: string[];
  /**
   * What the SQL waits for (the cluster or workgroup, the role association).
   * @default - only what the properties carry
   */
  readonly dependsOn?: IDependable[];
  /**
   * How long the handlers' log lines are kept.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}
