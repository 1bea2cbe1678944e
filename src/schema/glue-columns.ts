import * as glue from 'aws-cdk-lib/aws-glue';
import { StreamSchema } from './stream-schema';
import { truncate } from '../common/text';

/** Glue column comments: at most 255 characters, on one line. */
const MAX_COMMENT_LENGTH = 255;

/** The schema's columns as a Glue table declares them (the lake's Parquet table). */
export function glueColumns(schema: StreamSchema): glue.CfnTable.ColumnProperty[] {
  return schema.columns.map(column => ({
    name: column.name,
    type: column.type.glueType,
    comment: column.comment === undefined ? undefined : glueText(column.comment, MAX_COMMENT_LENGTH),
  }));
}

/** Text as Glue takes it in comments and descriptions: one line, cut to `max` characters. */
export function glueText(text: string, max: number): string {
  return truncate(text.replace(/\s*[\r\n]+\s*/g, ' '), max);
}
