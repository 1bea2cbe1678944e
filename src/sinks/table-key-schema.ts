import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';

/** One key attribute as it reads in an error message: `'key' (S)`. */
interface KeyAttribute {
  readonly name: string;
  readonly type: string;
}

/** A table's primary key, when the table is defined in this app. */
export interface TableKeySchema {
  readonly partitionKeys: KeyAttribute[];
  readonly sortKeys: KeyAttribute[];
}

/**
 * The primary key of a `Table` or `TableV2` defined in this app; `undefined` for an
 * imported table, whose schema only DynamoDB knows.
 */
export function tableKeySchema(table: dynamodb.ITable): TableKeySchema | undefined {
  if (table instanceof dynamodb.Table) {
    const schema = table.schemaV2();
    return { partitionKeys: schema.partitionKeys, sortKeys: schema.sortKeys };
  }
  if (table instanceof dynamodb.TableV2) {
    const cfn = table.node.defaultChild as dynamodb.CfnGlobalTable;
    const definitions = cfn.attributeDefinitions as dynamodb.CfnGlobalTable.AttributeDefinitionProperty[];
    const keys = cfn.keySchema as dynamodb.CfnGlobalTable.KeySchemaProperty[];
    const typed = (keyType: string) => keys.filter(k => k.keyType === keyType).map(k => ({
      name: k.attributeName,
      type: definitions.find(d => d.attributeName === k.attributeName)?.attributeType ?? '?',
    }));
    return { partitionKeys: typed('HASH'), sortKeys: typed('RANGE') };
  }
  return undefined;
}

/** `'key' (S)`, or `'a' (S) + 'b' (N)` for a multi-attribute key. */
export function describeKey(attributes: KeyAttribute[]): string {
  return attributes.map(a => `'${a.name}' (${a.type})`).join(' + ');
}
