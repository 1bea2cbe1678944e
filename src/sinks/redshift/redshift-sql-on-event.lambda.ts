/**
 * Entry of `RedshiftSql`'s onEvent handler (custom-resources Provider framework): submits the
 * create or delete statements to the Redshift Data API. The logic is in
 * `data-api/redshift-sql-handler`.
 */
import { onRedshiftSqlEvent, RedshiftSqlEvent } from './data-api/redshift-sql-handler';
import { jsonLog, sdkDataApi } from './data-api/sdk-data-api';

const api = sdkDataApi();

export const handler = (event: RedshiftSqlEvent) => onRedshiftSqlEvent(event, api, jsonLog);
