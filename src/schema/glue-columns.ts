import * as glue from 'aws-cdk-lib/aws-glue';
import { StreamSchema } from './stream-schema';

/** The schema's columns as a Glue table declares them (the lake's Parquet table). */
export function glueColumns(schema: StreamSchema): glue.CfnTable.ColumnProperty[] {
  return schema.columns.map(column => ({
    name: column.name,
    type: column.type.glueType,
    comment: column.comment,
  }));
}
