import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  DATE_FOLDERS, DELIVERY_STREAM, directPutLake, expectInputError, LAKE, lakeOfIngest, logicalId, orderPlaced, ref,
} from './archive-helpers';
import { StreamingIngest } from '../../src';
import { ArchiveFormat, ArchiveToLake } from '../../src/archive';
import { ColumnType } from '../../src/schema/column-type';
import { StreamSchema } from '../../src/schema/stream-schema';
import { testStack } from '../app-fixture';

const DATABASE = 'AWS::Glue::Database';
const TABLE = 'AWS::Glue::Table';

describe('ArchiveFormat.parquet(schema)', () => {
  test('a Glue database and an external Parquet table with the schema\'s columns under the events folder', () => {
    const { lake, template } = lakeOfIngest({ format: ArchiveFormat.parquet(orderPlaced()) });
    const location = { 'Fn::Join': ['', ['s3://', ref(lake.bucket), '/events/']] };

    template().hasResourceProperties(DATABASE, {
      CatalogId: '111111111111',
      DatabaseInput: { Name: lake.databaseName, Description: 'Lake of OrderPlaced events' },
    });
    template().hasResource(TABLE, {
      Properties: {
        CatalogId: '111111111111',
        DatabaseName: lake.databaseName,
        TableInput: {
          Name: 'order_placed',
          Description: 'An order a customer placed',
          TableType: 'EXTERNAL_TABLE',
          PartitionKeys: [{ Name: 'year', Type: 'int' }, { Name: 'month', Type: 'int' }, { Name: 'day', Type: 'int' }],
          StorageDescriptor: {
            Columns: [
              { Name: 'order_id', Type: 'string', Comment: 'The order\'s id' },
              { Name: 'amount', Type: 'decimal(12,2)' },
              { Name: 'tags', Type: 'array<string>' },
              { Name: 'placed_at', Type: 'timestamp' },
            ],
            Location: location,
            InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
          },
          Parameters: {
            'classification': 'parquet',
            'parquet.compression': 'SNAPPY',
            'projection.enabled': 'true',
            'projection.year.type': 'integer',
            'projection.year.range': '2020,2099',
            'projection.month.type': 'integer',
            'projection.month.range': '1,12',
            'projection.month.digits': '2',
            'projection.day.type': 'integer',
            'projection.day.range': '1,31',
            'projection.day.digits': '2',
            'storage.location.template': {
              'Fn::Join': ['', ['s3://', ref(lake.bucket), '/events/year=${year}/month=${month}/day=${day}/']],
            },
          },
        },
      },
      DependsOn: [logicalId(lake.node.findChild('Database'))],
    });
  });

  test('Firehose converts OpenX JSON to Snappy Parquet against the table and leaves the files uncompressed', () => {
    const { lake, template } = lakeOfIngest({ format: ArchiveFormat.parquet(orderPlaced()) });
    const deliveryStream = Object.values(template().findResources(DELIVERY_STREAM))[0];
    const destinationRole = deliveryStream.Properties.ExtendedS3DestinationConfiguration.RoleARN;

    template().hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 64 },
        // Omitted is UNCOMPRESSED: the Parquet serializer compresses, and Firehose must not compress the files again.
        CompressionFormat: Match.absent(),
        DataFormatConversionConfiguration: {
          Enabled: true,
          InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
          OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } } },
          SchemaConfiguration: {
            CatalogId: '111111111111',
            Region: 'us-east-1',
            DatabaseName: lake.databaseName,
            TableName: ref(lake.node.findChild('Table')),
            VersionId: 'LATEST',
            RoleARN: destinationRole,
          },
        },
      }),
    });
    expect(lake.format.formatName).toBe('PARQUET');
  });

  test('Firehose\'s role may read the table', () => {
    const { lake, template } = lakeOfIngest({ format: ArchiveFormat.parquet(orderPlaced()) });

    template().hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
          Resource: Match.arrayWith([{
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:glue:us-east-1:111111111111:table/${lake.databaseName}/`,
              ref(lake.node.findChild('Table'))]],
          }]),
        })]),
      },
    });
  });

  test('the database is named after the construct path, lower case, and the table after the schema, in snake case', () => {
    const stack = testStack();
    const team = new Construct(stack, 'Orders-Team');
    const lake = new ArchiveToLake(team, 'Lake', { format: ArchiveFormat.parquet(orderPlaced()) });

    expect(lake.databaseName).toMatch(/^teststack_ordersteam_lake_[0-9a-f]{8}$/);
    expect(lake.tableName).toBe('order_placed');
    Template.fromStack(stack).hasResourceProperties(DATABASE, { DatabaseInput: Match.objectLike({ Name: lake.databaseName }) });
  });

  test('two lakes in one stack get two databases', () => {
    const stack = testStack();
    const first = new ArchiveToLake(stack, 'First', { format: ArchiveFormat.parquet(orderPlaced()) });
    const second = new ArchiveToLake(stack, 'Second', { format: ArchiveFormat.parquet(orderPlaced()) });

    expect(first.databaseName).not.toBe(second.databaseName);
    Template.fromStack(stack).resourceCountIs(DATABASE, 2);
  });

  test.each<[string, string]>([
    ['OrderPlaced', 'order_placed'],
    ['Order_Placed', 'order_placed'],
    ['pageView2Event', 'page_view2_event'],
    ['clicks', 'clicks'],
    ['HTTPRequest', 'http_request'],
    ['orderV2Placed', 'order_v2_placed'],
    ['APIGatewayV2Event', 'api_gateway_v2_event'],
    ['_internal', '_internal'],
  ])('schema %s: table %s', (name, table) => {
    const schema = new StreamSchema({ name, columns: [{ name: 'id', type: ColumnType.STRING }] });

    expect(directPutLake({ format: ArchiveFormat.parquet(schema) }).lake.tableName).toBe(table);
  });

  test('databaseName and tableName name them', () => {
    const { lake, template } = directPutLake({
      format: ArchiveFormat.parquet(orderPlaced()), databaseName: 'sales_lake', tableName: 'orders_v2',
    });

    expect(lake.databaseName).toBe('sales_lake');
    expect(lake.tableName).toBe('orders_v2');
    template().hasResourceProperties(DATABASE, { DatabaseInput: Match.objectLike({ Name: 'sales_lake' }) });
    template().hasResourceProperties(TABLE, { DatabaseName: 'sales_lake', TableInput: Match.objectLike({ Name: 'orders_v2' }) });
    template().hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        DataFormatConversionConfiguration: Match.objectLike({
          SchemaConfiguration: Match.objectLike({ DatabaseName: 'sales_lake', TableName: ref(lake.node.findChild('Table')) }),
        }),
      }),
    });
  });

  test('a custom prefix moves the table\'s location', () => {
    const { lake, template } = directPutLake({ format: ArchiveFormat.parquet(orderPlaced()), prefix: 'lake/orders/' });

    template().hasResourceProperties(TABLE, {
      TableInput: Match.objectLike({
        StorageDescriptor: Match.objectLike({ Location: { 'Fn::Join': ['', ['s3://', ref(lake.bucket), '/lake/orders/']] } }),
      }),
    });
  });

  test('the table of a user bucket points into it', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'MyLake');
    new ArchiveToLake(stack, 'Archive', { bucket, format: ArchiveFormat.parquet(orderPlaced()) });

    Template.fromStack(stack).hasResourceProperties(TABLE, {
      TableInput: Match.objectLike({
        StorageDescriptor: Match.objectLike({ Location: { 'Fn::Join': ['', ['s3://', ref(bucket), '/events/']] } }),
      }),
    });
  });

  test('a partitionBy field that is also a column is a partition key only, not a column too', () => {
    const schema = new StreamSchema({
      name: 'OrderPlaced',
      columns: [
        { name: 'order_id', type: ColumnType.STRING },
        { name: 'customer_id', type: ColumnType.STRING, comment: 'Who ordered' },
        { name: 'amount', type: ColumnType.decimal(12, 2) },
      ],
    });
    const { template } = directPutLake({ format: ArchiveFormat.parquet(schema), partitionBy: ['customer_id'] });

    template().hasResourceProperties(TABLE, {
      TableInput: Match.objectLike({
        PartitionKeys: [
          { Name: 'customer_id', Type: 'string' },
          { Name: 'year', Type: 'int' },
          { Name: 'month', Type: 'int' },
          { Name: 'day', Type: 'int' },
        ],
        StorageDescriptor: Match.objectLike({
          Columns: [{ Name: 'order_id', Type: 'string' }, { Name: 'amount', Type: 'decimal(12,2)' }],
        }),
      }),
    });
  });

  test('a partitionBy path that only joins to a column\'s name is refused: its values would show under that column', () => {
    const schema = new StreamSchema({
      name: 'OrderPlaced',
      columns: [{ name: 'customer_id', type: ColumnType.STRING }, { name: 'amount', type: ColumnType.DOUBLE }],
    });

    expectInputError(() => directPutLake({ format: ArchiveFormat.parquet(schema), partitionBy: ['customer.id'] }),
      `${LAKE}: \`partitionBy\` field 'customer.id' becomes the partition 'customer_id', which is also a column of the schema: `
      + 'partition by the column itself, or rename one of them');
  });

  describe('a partitionBy field that is a column must be a string column: the partition is typed string', () => {
    /** `OrderPlaced` with a column of every kind. */
    const everyKind = () => new StreamSchema({
      name: 'OrderPlaced',
      columns: [
        { name: 'order_id', type: ColumnType.STRING },
        { name: 'quantity', type: ColumnType.INT },
        { name: 'customer_seq', type: ColumnType.BIGINT },
        { name: 'weight_kg', type: ColumnType.DOUBLE },
        { name: 'gift', type: ColumnType.BOOLEAN },
        { name: 'placed_at', type: ColumnType.TIMESTAMP },
        { name: 'ship_on', type: ColumnType.DATE },
        { name: 'amount', type: ColumnType.decimal(12, 2) },
        { name: 'tags', type: ColumnType.array(ColumnType.STRING) },
      ],
    });
    const notString = (field: string, glueType: string) => `${LAKE}: \`partitionBy\` field '${field}' is the ${glueType} column of the `
      + 'schema; partition values are folder names, typed string in the table: partition by a string column';

    test.each<[string, string]>([
      ['quantity', 'int'],
      ['customer_seq', 'bigint'],
      ['weight_kg', 'double'],
      ['gift', 'boolean'],
      ['placed_at', 'timestamp'],
      ['ship_on', 'date'],
      ['amount', 'decimal(12,2)'],
      ['tags', 'array<string>'],
    ])('%s, a %s column, is refused', (field, glueType) => {
      expectInputError(() => directPutLake({ format: ArchiveFormat.parquet(everyKind()), partitionBy: [field] }), notString(field, glueType));
    });

    test('a field whose partition name only folds to a column is refused as a clash, named as given', () => {
      expectInputError(() => directPutLake({ format: ArchiveFormat.parquet(everyKind()), partitionBy: ['order_id', 'Quantity'] }),
        `${LAKE}: \`partitionBy\` field 'Quantity' becomes the partition 'quantity', which is also a column of the schema: `
        + 'partition by the column itself, or rename one of them');
    });

    test('a string column is a partition key', () => {
      const { template } = directPutLake({ format: ArchiveFormat.parquet(everyKind()), partitionBy: ['order_id'] });

      template().hasResourceProperties(TABLE, {
        TableInput: Match.objectLike({ PartitionKeys: Match.arrayWith([{ Name: 'order_id', Type: 'string' }]) }),
      });
    });

    test('and a refused lake leaves no reader behind', () => {
      const stack = testStack();
      const ingest = new StreamingIngest(stack, 'Ingest');

      expect(() => new ArchiveToLake(stack, 'Archive', {
        source: ingest, format: ArchiveFormat.parquet(everyKind()), partitionBy: ['quantity'],
      })).toThrow();
      expect(ingest.readers).toEqual([]);
    });

    test('a JSON lake has no schema to check: any field is a partition', () => {
      const { lake } = directPutLake({ partitionBy: ['quantity'] });

      expect(lake.prefix).toBe(`events/quantity=!{partitionKeyFromQuery:quantity}/${DATE_FOLDERS}`);
    });
  });

  test('a partitionBy field that is not a column leaves every column in place', () => {
    const { template } = directPutLake({ format: ArchiveFormat.parquet(orderPlaced()), partitionBy: ['customer_id'] });

    template().hasResourceProperties(TABLE, {
      TableInput: Match.objectLike({
        PartitionKeys: Match.arrayWith([{ Name: 'customer_id', Type: 'string' }]),
        StorageDescriptor: Match.objectLike({
          Columns: [
            { Name: 'order_id', Type: 'string', Comment: 'The order\'s id' },
            { Name: 'amount', Type: 'decimal(12,2)' },
            { Name: 'tags', Type: 'array<string>' },
            { Name: 'placed_at', Type: 'timestamp' },
          ],
        }),
      }),
    });
  });

  describe('Glue text limits: comments one line of 255 characters, the description 2,048', () => {
    /** A one-column schema with `description` and the column's `comment`. */
    const described = (description?: string, comment?: string) => new StreamSchema({
      name: 'OrderPlaced', description, columns: [{ name: 'order_id', type: ColumnType.STRING, comment }],
    });
    /** The table's input as the template writes it. */
    const tableInput = (schema: StreamSchema) => {
      const tables = Object.values(directPutLake({ format: ArchiveFormat.parquet(schema) }).template().findResources(TABLE));
      expect(tables).toHaveLength(1);
      return tables[0].Properties.TableInput;
    };

    test.each<[string, string, string]>([
      ['of 2,048 characters is kept', 'd'.repeat(2048), 'd'.repeat(2048)],
      ['of 2,049 characters is cut to 2,048, ending in …', 'd'.repeat(2049), `${'d'.repeat(2047)}…`],
      ['over lines is put on one', 'An order\n  a customer placed.\r\n\nIn UTC.', 'An order a customer placed. In UTC.'],
    ])('a description %s', (_name, description, expected) => {
      const input = tableInput(described(description));

      expect(input.Description).toBe(expected);
      expect(input.Description.length).toBeLessThanOrEqual(2048);
    });

    test.each<[string, string, string]>([
      ['of 255 characters is kept', 'c'.repeat(255), 'c'.repeat(255)],
      ['of 256 characters is cut to 255, ending in …', 'c'.repeat(256), `${'c'.repeat(254)}…`],
      ['over lines is put on one', 'When the "order"\nwas placed.\n\tIn UTC.', 'When the "order" was placed. In UTC.'],
      ['put on one line before it is cut', `${'c'.repeat(250)}\n${'c'.repeat(10)}`, `${'c'.repeat(250)} ccc…`],
    ])('a column comment %s', (_name, comment, expected) => {
      const input = tableInput(described(undefined, comment));

      expect(input.StorageDescriptor.Columns).toEqual([{ Name: 'order_id', Type: 'string', Comment: expected }]);
      expect(input.Description).toBeUndefined();
    });
  });

  test('a JSON lake has no catalog', () => {
    const { lake, template } = directPutLake();

    template().resourceCountIs(DATABASE, 0);
    template().resourceCountIs(TABLE, 0);
    expect(lake.databaseName).toBeUndefined();
    expect(lake.tableName).toBeUndefined();
  });

  test('the schema and the format are exposed', () => {
    const schema = orderPlaced();
    const format = ArchiveFormat.parquet(schema);

    expect(format.schema).toBe(schema);
    expect(ArchiveFormat.json().schema).toBeUndefined();
    expect(ArchiveFormat.json().formatName).toBe('JSON');
  });
});
