import { Token } from 'aws-cdk-lib';
import { ColumnType } from '../../../src/schema/column-type';
import { StreamSchema } from '../../../src/schema/stream-schema';
import { copyColumns, jsonCopyOptions } from '../../../src/sinks/redshift/copy-options';
import { createTableSql } from '../../../src/sinks/redshift/create-table-sql';
import { executionModeFor, mustRunOutsideTransaction } from '../../../src/sinks/redshift/data-api/execution-mode';
import { redshiftColumnType } from '../../../src/sinks/redshift/redshift-column-type';
import { qualifiedTableName } from '../../../src/sinks/redshift/redshift-table-name';
import { externalSchemaName, streamingIngestionSql } from '../../../src/sinks/redshift/streaming-ingestion-sql';

const ORDERS = new StreamSchema({
  name: 'OrderPlaced',
  description: 'An order the shop accepted',
  columns: [
    { name: 'order_id', type: ColumnType.STRING, nullable: false, comment: 'The shop\'s order number' },
    { name: 'amount', type: ColumnType.decimal(12, 2) },
    { name: 'placed_at', type: ColumnType.TIMESTAMP },
    { name: 'tags', type: ColumnType.array(ColumnType.STRING) },
    { name: 'user', type: ColumnType.BOOLEAN },
  ],
});

describe('redshiftColumnType', () => {
  test.each([
    [ColumnType.STRING, 'VARCHAR(65535)'],
    [ColumnType.INT, 'INTEGER'],
    [ColumnType.BIGINT, 'BIGINT'],
    [ColumnType.DOUBLE, 'DOUBLE PRECISION'],
    [ColumnType.BOOLEAN, 'BOOLEAN'],
    [ColumnType.TIMESTAMP, 'TIMESTAMP'],
    [ColumnType.DATE, 'DATE'],
    [ColumnType.decimal(38, 0), 'DECIMAL(38,0)'],
    [ColumnType.decimal(12, 2), 'DECIMAL(12,2)'],
    [ColumnType.array(ColumnType.INT), 'SUPER'],
  ])('%o → %s', (type, expected) => {
    expect(redshiftColumnType(type)).toBe(expected);
  });
});

describe('createTableSql', () => {
  test('CREATE SCHEMA for a schema other than public, CREATE TABLE IF NOT EXISTS with quoted columns, then the comments', () => {
    expect(createTableSql(ORDERS, { schema: 'shop', table: 'orders' })).toEqual([
      'CREATE SCHEMA IF NOT EXISTS "shop"',
      'CREATE TABLE IF NOT EXISTS "shop"."orders" ("order_id" VARCHAR(65535) NOT NULL, "amount" DECIMAL(12,2), '
        + '"placed_at" TIMESTAMP, "tags" SUPER, "user" BOOLEAN)',
      'COMMENT ON TABLE "shop"."orders" IS \'An order the shop accepted\'',
      'COMMENT ON COLUMN "shop"."orders"."order_id" IS \'The shop\'\'s order number\'',
    ]);
  });

  test('in public: no CREATE SCHEMA; no description or comments: no COMMENT', () => {
    const schema = new StreamSchema({ name: 'Click', columns: [{ name: 'page', type: ColumnType.STRING }] });
    expect(createTableSql(schema, { table: 'clicks' })).toEqual(['CREATE TABLE IF NOT EXISTS "public"."clicks" ("page" VARCHAR(65535))']);
  });

  test.each([
    [{ table: 'Orders' }, '`table.table` must not contain upper-case letters: Redshift folds identifiers to lower case '
      + '(unless enable_case_sensitive_identifier is on), so it would name \'orders\', got \'Orders\''],
    [{ table: 'a"b' }, '`table.table` must not contain a double quote or a control character, got \'a"b\''],
    [{ table: '' }, '`table.table` must be a Redshift identifier of 1-127 bytes, got \'\''],
    [{ schema: 'é'.repeat(64), table: 't' }, `\`table.schema\` must be at most 127 bytes of UTF-8 (Redshift's identifier limit), got 128 bytes: '${'é'.repeat(64)}'`],
    [{ table: Token.asString({ Ref: 'T' }) }, '`table.table` must be known at synth (a Redshift identifier is checked and quoted into SQL), got a token'],
  ])('the table name %o is refused', (table, message) => {
    expect(() => createTableSql(ORDERS, table)).toThrow(message);
  });

  test('127 bytes is the longest name', () => {
    expect(qualifiedTableName({ table: 'a'.repeat(127) })).toBe(`"public"."${'a'.repeat(127)}"`);
  });
});

describe('COPY', () => {
  test('JSON auto ignorecase, GZIP and TIMEFORMAT auto by default', () => {
    expect(jsonCopyOptions()).toBe("FORMAT AS JSON 'auto ignorecase' GZIP TIMEFORMAT 'auto'");
  });

  test('uncompressed objects and epoch-millisecond timestamps', () => {
    expect(jsonCopyOptions({ gzip: false, epochMillisecondTimestamps: true })).toBe("FORMAT AS JSON 'auto ignorecase' TIMEFORMAT 'epochmillisecs'");
  });

  test('the column list is the schema\'s columns, quoted, in order', () => {
    expect(copyColumns(ORDERS)).toBe('"order_id","amount","placed_at","tags","user"');
  });
});

describe('streamingIngestionSql', () => {
  const base = {
    externalSchema: 'orders_stream',
    streamName: 'Shop-OrdersStream-AbC123',
    roleArn: 'arn:aws:iam::111111111111:role/redshift-reads-orders',
    view: { schema: 'streams', table: 'orders' },
  };

  test('without a schema: SET case sensitivity, drop and create the external schema and the view, record as SUPER', () => {
    expect(streamingIngestionSql(base)).toEqual({
      ingestion: {
        createStatements: [
          'SET enable_case_sensitive_identifier TO true',
          'DROP MATERIALIZED VIEW IF EXISTS "streams"."orders"',
          'DROP SCHEMA IF EXISTS "orders_stream"',
          'CREATE EXTERNAL SCHEMA "orders_stream" FROM KINESIS IAM_ROLE \'arn:aws:iam::111111111111:role/redshift-reads-orders\'',
          'CREATE SCHEMA IF NOT EXISTS "streams"',
          'CREATE MATERIALIZED VIEW "streams"."orders" AUTO REFRESH YES AS SELECT approximate_arrival_timestamp, partition_key, '
            + 'shard_id, sequence_number, refresh_time, JSON_PARSE(kinesis_data) AS payload '
            + 'FROM "orders_stream"."Shop-OrdersStream-AbC123" WHERE CAN_JSON_PARSE(kinesis_data)',
        ],
        deleteStatements: ['DROP MATERIALIZED VIEW IF EXISTS "streams"."orders"', 'DROP SCHEMA IF EXISTS "orders_stream"'],
      },
    });
  });

  test('with a schema: a late-binding view casts each column from the payload', () => {
    const sql = streamingIngestionSql({ ...base, view: { table: 'orders' }, schema: ORDERS });
    expect(sql.ingestion.createStatements).not.toContain('CREATE SCHEMA IF NOT EXISTS "public"');
    expect(sql.columnsView).toEqual({
      createStatements: [
        'DROP VIEW IF EXISTS "public"."orders_columns"',
        'CREATE VIEW "public"."orders_columns" AS SELECT approximate_arrival_timestamp, partition_key, shard_id, sequence_number, '
          + 'refresh_time, payload."order_id"::VARCHAR(65535) AS "order_id", payload."amount"::DECIMAL(12,2) AS "amount", '
          + 'payload."placed_at"::VARCHAR::TIMESTAMP AS "placed_at", payload."tags" AS "tags", payload."user"::BOOLEAN AS "user" '
          + 'FROM "public"."orders" WITH NO SCHEMA BINDING',
      ],
      deleteStatements: ['DROP VIEW IF EXISTS "public"."orders_columns"'],
    });
  });

  test('the typed view\'s name can be given', () => {
    const sql = streamingIngestionSql({ ...base, schema: ORDERS, columnsViewName: 'orders_typed' });
    expect(sql.columnsView?.deleteStatements).toEqual(['DROP VIEW IF EXISTS "streams"."orders_typed"']);
  });

  test('a token stream name and role pass into the SQL', () => {
    const sql = streamingIngestionSql({ ...base, streamName: Token.asString({ Ref: 'Stream' }), roleArn: Token.asString({ Ref: 'Role' }) });
    expect(sql.ingestion.createStatements[3]).toMatch(/^CREATE EXTERNAL SCHEMA "orders_stream" FROM KINESIS IAM_ROLE '\$\{Token\[/);
  });

  test.each([
    [{ streamName: 'orders stream' }, '`streamName` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got \'orders stream\''],
    [{ externalSchema: 'Kinesis' }, '`externalSchema` must not contain upper-case letters'],
    [{ view: { table: 'x'.repeat(128) } }, '`view.table` must be at most 127 bytes'],
  ])('%o is refused', (change, message) => {
    expect(() => streamingIngestionSql({ ...base, ...change })).toThrow(message);
  });

  test('the ingestion lists run with each statement committed; a typed view\'s in one transaction', () => {
    const sql = streamingIngestionSql({ ...base, schema: ORDERS });
    expect(executionModeFor(sql.ingestion.createStatements)).toBe('AUTO_COMMIT');
    expect(executionModeFor(sql.ingestion.deleteStatements)).toBe('AUTO_COMMIT');
    expect(executionModeFor(sql.columnsView!.createStatements)).toBe('TRANSACTION');
    expect(executionModeFor(createTableSql(ORDERS, { schema: 'shop', table: 'orders' }))).toBe('TRANSACTION');
  });
});

describe('externalSchemaName', () => {
  test('kinesis_<schema>_<table>: the same view name in two schemas gets two external schemas', () => {
    expect(externalSchemaName({ table: 'orders' })).toBe('kinesis_public_orders');
    expect(externalSchemaName({ schema: 'sales', table: 'orders' })).toBe('kinesis_sales_orders');
    expect(externalSchemaName({ schema: 'audit', table: 'orders' })).toBe('kinesis_audit_orders');
  });

  test('at most 127 bytes: a longer name is cut and ends in a hash of schema and table, so long names stay apart', () => {
    const exact = externalSchemaName({ schema: 's', table: 'a'.repeat(127 - 'kinesis_s_'.length) });
    expect(exact).toHaveLength(127);
    expect(exact.endsWith('a')).toBe(true);
    const long = (table: string) => externalSchemaName({ schema: 'sales', table });
    const one = long(`${'t'.repeat(126)}1`);
    const two = long(`${'t'.repeat(126)}2`);
    expect(one).toHaveLength(127);
    expect(one).toMatch(/^kinesis_sales_t+_[0-9a-f]{8}$/);
    expect(one).not.toBe(two);
    expect(long(`${'t'.repeat(126)}1`)).toBe(one);
  });
});

describe('mustRunOutsideTransaction', () => {
  test.each([
    ['CREATE EXTERNAL SCHEMA x FROM KINESIS IAM_ROLE \'r\'', true],
    ['  -- a comment\n  create external table x.y (a int)', true],
    ['/* note */ DROP SCHEMA IF EXISTS x', true],
    ['CREATE MATERIALIZED VIEW v AS SELECT 1', true],
    ['refresh materialized view v', true],
    ['VACUUM orders', true],
    ['ALTER TABLE a APPEND FROM b', true],
    ['CREATE DATABASE analytics', true],
    ['CREATE TABLE IF NOT EXISTS t (a int)', false],
    ['CREATE SCHEMA IF NOT EXISTS s', false],
    ['DROP VIEW IF EXISTS v', false],
    ['ALTER TABLE a ADD COLUMN b int', false],
    ['COMMENT ON TABLE t IS \'external\'', false],
  ])('%s → %s', (statement, outside) => {
    expect(mustRunOutsideTransaction(statement)).toBe(outside);
  });
});
