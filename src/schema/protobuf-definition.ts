import { ColumnType } from './column-type';
import { StreamColumn, StreamSchema } from './stream-schema';

/** A message nested in the event's message: the element of an array of arrays. */
interface NestedMessage {
  readonly name: string;
  readonly lines: string[];
}

/** The messages nested in the event's message, with names unique among them and the event's. */
class NestedMessages {
  public readonly messages: NestedMessage[] = [];
  private readonly taken: Set<string>;

  constructor(eventName: string) {
    this.taken = new Set([eventName]);
  }

  /** A unique message name starting with `base`: `Base`, `Base2`, `Base3`, … */
  public reserve(base: string): string {
    let name = base;
    for (let n = 2; this.taken.has(name); n++) {
      name = `${base}${n}`;
    }
    this.taken.add(name);
    return name;
  }
}

/**
 * The schema as a Protocol Buffers (proto3) definition, for a registry schema in
 * PROTOBUF format: one message named after the schema, fields numbered in
 * declaration order (so keep columns in order and add new ones at the end).
 *
 * - nullable scalar columns are `optional` (presence is tracked);
 * - arrays are `repeated` (an empty list stands for null); an array of arrays
 *   becomes `repeated <Column>Item`, a nested message holding `repeated … values = 1`;
 * - timestamp: `int64` epoch milliseconds; date: `string` `yyyy-MM-dd`; decimal:
 *   `string` (e.g. "1234.56": exact); bigint: `int64`; int: `int32`; double: `double`;
 *   boolean: `bool`. Each of these conventions is written as a comment on the field.
 *
 * @see https://protobuf.dev/programming-guides/proto3/
 */
export function protobufDefinition(schema: StreamSchema): string {
  const nested = new NestedMessages(schema.name);
  const fields = schema.columns.flatMap((column, i) => columnField(column, i + 1, nested));
  const body = [...fields];
  for (const message of nested.messages) {
    body.push('', `message ${message.name} {`, ...indent(message.lines), '}');
  }
  return [
    'syntax = "proto3";',
    '',
    ...comment(schema.description),
    `message ${schema.name} {`,
    ...indent(body),
    '}',
    '',
  ].join('\n');
}

function columnField(column: StreamColumn, number: number, nested: NestedMessages): string[] {
  const nullable = column.nullable ?? true;
  return field(column.name, column.type, number, nullable, column.comment, pascal(column.name), nested);
}

/** A field's comment lines and declaration; arrays of arrays add a nested message. */
function field(name: string, type: ColumnType, number: number, nullable: boolean,
  description: string | undefined, messageBase: string, nested: NestedMessages): string[] {
  if (type.typeName !== 'array') {
    const label = nullable ? 'optional ' : '';
    return [...comment(description, note(type)), `${label}${scalar(type)} ${name} = ${number};`];
  }
  const element = type.elementType!;
  if (element.typeName !== 'array') {
    return [...comment(description, note(element)), `repeated ${scalar(element)} ${name} = ${number};`];
  }
  // proto3 has no `repeated repeated`: wrap each inner list in a message.
  const messageName = nested.reserve(`${messageBase}Item`);
  const message: NestedMessage = { name: messageName, lines: [] };
  nested.messages.push(message);
  message.lines.push(...field('values', element, 1, false, undefined, messageName, nested));
  return [...comment(description), `repeated ${messageName} ${name} = ${number};`];
}

function scalar(type: ColumnType): string {
  switch (type.typeName) {
    case 'string': return 'string';
    case 'int': return 'int32';
    case 'bigint': return 'int64';
    case 'double': return 'double';
    case 'boolean': return 'bool';
    case 'timestamp': return 'int64';
    case 'date': return 'string';
    case 'decimal': return 'string';
    default: throw new Error(`ColumnType '${type.typeName}' has no Protobuf scalar`);
  }
}

/** How a value is written where the Protobuf type alone does not say. */
function note(type: ColumnType): string | undefined {
  switch (type.typeName) {
    case 'timestamp': return 'Epoch milliseconds (UTC).';
    case 'date': return 'A date, yyyy-MM-dd.';
    case 'decimal': return `${type.glueType} as a decimal string, exact.`;
    default: return undefined;
  }
}

function comment(...texts: Array<string | undefined>): string[] {
  return texts
    .filter((text): text is string => text !== undefined)
    .flatMap(text => text.split(/\r?\n/))
    .map(line => (line.trim() === '' ? '//' : `// ${line.trimEnd()}`));
}

function indent(lines: string[]): string[] {
  return lines.map(line => (line === '' ? '' : `  ${line}`));
}

/** `order_lines` → `OrderLines`. */
function pascal(name: string): string {
  return name.split('_').map(part => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}
