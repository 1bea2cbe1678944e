/**
 * Entry of `RedshiftSql`'s isComplete handler (custom-resources Provider framework): done once
 * Redshift has run the statements; fails with Redshift's error and the statement that failed.
 * The logic is in `data-api/redshift-sql-handler`.
 */
import { isRedshiftSqlComplete, RedshiftSqlEvent } from './data-api/redshift-sql-handler';
import { jsonLog, sdkDataApi } from './data-api/sdk-data-api';

const api = sdkDataApi();

export const handler = (event: RedshiftSqlEvent) => isRedshiftSqlComplete(event, api, jsonLog);
