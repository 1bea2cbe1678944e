import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LakeLayout } from './lake-layout';
import { glueColumns, glueText } from '../schema/glue-columns';
import { StreamSchema } from '../schema/stream-schema';

/** The first year the date partitions project; queries name the years they want. */
const FIRST_YEAR = 2020;
const LAST_YEAR = 2099;
/** Glue table descriptions: at most 2,048 characters. */
const MAX_TABLE_DESCRIPTION = 2048;

/** What the catalog of a Parquet lake is made from. */
export interface LakeCatalogOptions {
  readonly schema: StreamSchema;
  readonly bucket: s3.IBucket;
  readonly layout: LakeLayout;
  readonly databaseName: string;
  readonly tableName: string;
}

/** The Glue database and table of a Parquet lake. */
export interface LakeCatalog {
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
}

/**
 * A Glue database and a Parquet table over the lake's folders, with partition
 * projection: Athena computes the partitions from the table's properties, so new
 * data is queryable the moment Firehose writes it, with no crawler and no
 * `MSCK REPAIR`. Date partitions are projected as integers, record-field partitions
 * as `injected` (queries must name their values).
 *
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html
 */
export function createLakeCatalog(scope: Construct, options: LakeCatalogOptions): LakeCatalog {
  const { layout, bucket } = options;
  const catalogId = Stack.of(scope).account;
  const database = new glue.CfnDatabase(scope, 'Database', {
    catalogId,
    databaseInput: { name: options.databaseName, description: `Lake of ${options.schema.name} events` },
  });
  const location = `s3://${bucket.bucketName}/${layout.basePrefix}`;
  const fieldTemplate = layout.partitionFields.map(f => `${f.name}=\${${f.name}}/`).join('');
  const table = new glue.CfnTable(scope, 'Table', {
    catalogId,
    databaseName: options.databaseName,
    tableInput: {
      name: options.tableName,
      description: options.schema.description === undefined ? undefined : glueText(options.schema.description, MAX_TABLE_DESCRIPTION),
      tableType: 'EXTERNAL_TABLE',
      partitionKeys: [
        ...layout.partitionFields.map(f => ({ name: f.name, type: 'string' })),
        { name: 'year', type: 'int' },
        { name: 'month', type: 'int' },
        { name: 'day', type: 'int' },
      ],
      parameters: {
        'classification': 'parquet',
        'parquet.compression': 'SNAPPY',
        'projection.enabled': 'true',
        ...Object.fromEntries(layout.partitionFields.map(f => [`projection.${f.name}.type`, 'injected'])),
        'projection.year.type': 'integer',
        'projection.year.range': `${FIRST_YEAR},${LAST_YEAR}`,
        'projection.month.type': 'integer',
        'projection.month.range': '1,12',
        'projection.month.digits': '2',
        'projection.day.type': 'integer',
        'projection.day.range': '1,31',
        'projection.day.digits': '2',
        'storage.location.template': `${location}${fieldTemplate}year=\${year}/month=\${month}/day=\${day}/`,
      },
      storageDescriptor: {
        // A partitioned field's value lives in the folder name: a column of the same name would clash.
        columns: glueColumns(options.schema).filter(c => !layout.partitionFields.some(f => f.name === c.name)),
        location,
        inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
      },
    },
  });
  table.addResourceDependency(database, 'the table is created in the database');
  return { database, table };
}
