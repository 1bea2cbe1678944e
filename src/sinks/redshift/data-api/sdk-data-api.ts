import {
  BatchExecuteStatementCommand, DescribeStatementCommand, RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import type { DataApi } from './redshift-sql-handler';

/**
 * `DataApi` on the AWS SDK's Redshift Data API client (in the Lambda runtime, external to the
 * bundle).
 *
 * The client refuses to send a `BatchExecuteStatement` whose `ExecutionMode` the SDK dropped:
 * the SDK serializes only the members it knows, so a runtime SDK older than `ExecutionMode`
 * would silently run an `AUTO_COMMIT` list as one transaction (and fail it on a statement
 * Redshift refuses there, with a less clear error).
 *
 * @see https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_Operations.html
 */
export function sdkDataApi(client: RedshiftDataClient = new RedshiftDataClient({})): DataApi {
  client.middlewareStack.add(requireExecutionMode, { step: 'build', name: 'csp-require-execution-mode' });
  return {
    async batchExecuteStatement(input) {
      const response = await client.send(new BatchExecuteStatementCommand(input));
      if (!response.Id) {
        throw new Error('BatchExecuteStatement returned no statement Id');
      }
      return response.Id;
    },
    async describeStatement(id) {
      return client.send(new DescribeStatementCommand({ Id: id }));
    },
  };
}

/**
 * Build-step middleware: fails a request whose input has `ExecutionMode` but whose serialized
 * body lacks it.
 */
export function requireExecutionMode(next: (args: any) => Promise<any>): (args: any) => Promise<any> {
  return async (args: { input?: { ExecutionMode?: string }; request?: { body?: unknown } }) => {
    const mode = args.input?.ExecutionMode;
    const body = args.request?.body;
    if (mode !== undefined && typeof body === 'string' && !body.includes('"ExecutionMode"')) {
      throw new Error(`this AWS SDK does not send BatchExecuteStatement's ExecutionMode (${mode}): the Lambda runtime's `
        + '@aws-sdk/client-redshift-data predates it, and the statements would run as one transaction');
    }
    return next(args);
  };
}

/** A JSON line on the function's log. */
export function jsonLog(entry: Record<string, unknown>): void {
  console.log(JSON.stringify(entry));
}
