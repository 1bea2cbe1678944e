import { CfnParameter, Lazy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { expectInputError, getAtt, orderPlaced, ping, REGISTRY, registryIn, SCHEMA } from './schema-fixtures';
import {
  ColumnType, IRegistrySchema, RegistrySchema, SchemaCompatibility, SchemaFormat, SchemaRegistry, StreamSchema,
} from '../../src/schema';
import { avroDefinition } from '../../src/schema/avro-definition';
import { jsonSchemaDefinition } from '../../src/schema/json-schema-definition';
import { protobufDefinition } from '../../src/schema/protobuf-definition';
import { testStack } from '../app-fixture';

const NAME_RULE = 'must be 1-255 characters of a-z, A-Z, 0-9, -, _, $, # and .';

describe('SchemaRegistry', () => {
  test('by default: a registry named uniquely from its path, without a description', () => {
    const { stack, registry } = registryIn();

    expect(registry.registryName).toBe('TestStackRegistry72885B3A');
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Registry', {
      Name: 'TestStackRegistry72885B3A',
      Description: Match.absent(),
    });
    expect(stack.resolve(registry.registryArn)).toEqual(getAtt(registry, 'Arn'));
    expect(registry.node.defaultChild?.node.id).toBe('Resource');
  });

  test('two registries in one stack get different names', () => {
    const { stack, registry } = registryIn();
    const other = new SchemaRegistry(stack, 'Other');

    expect(other.registryName).not.toBe(registry.registryName);
  });

  test('with a name and a description', () => {
    const stack = testStack();
    const registry = new SchemaRegistry(stack, 'Registry', { registryName: 'orders-events.v1_$#', description: 'Order events.' });

    expect(registry.registryName).toBe('orders-events.v1_$#');
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Registry', { Name: 'orders-events.v1_$#', Description: 'Order events.' });
  });

  test.each<[string, string]>([
    ['empty', ''], ['with a space', 'order events'], ['with /', 'orders/events'], ['with :', 'orders:events'],
    ['of 256 characters', 'r'.repeat(256)],
  ])('a registryName %s is refused', (_, registryName) => {
    expectInputError(() => new SchemaRegistry(testStack(), 'Registry', { registryName }),
      `${REGISTRY}: \`registryName\` ${NAME_RULE}, got '${registryName}'`);
  });

  test('a registryName of 255 characters, or a token, is accepted', () => {
    expect(new SchemaRegistry(testStack(), 'Registry', { registryName: 'r'.repeat(255) }).registryName).toHaveLength(255);
    const stack = testStack();
    const registryName = new CfnParameter(stack, 'Name').valueAsString;
    new SchemaRegistry(stack, 'Registry', { registryName });
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Registry', { Name: { Ref: 'Name' } });
  });

  test('a description over 1,000 characters is refused', () => {
    expectInputError(() => new SchemaRegistry(testStack(), 'Registry', { description: 'd'.repeat(1001) }),
      `${REGISTRY}: \`description\` must be at most 1,000 characters, got 1,001`);
    expect(() => new SchemaRegistry(testStack(), 'Registry', { description: 'd'.repeat(1000) })).not.toThrow();
  });
});

describe('addSchema', () => {
  test('by default: AVRO, BACKWARD, named and described after the StreamSchema, in the registry', () => {
    const { stack, registry } = registryIn();
    const schema = registry.addSchema('Orders', { schema: orderPlaced() });

    Template.fromStack(stack).resourceCountIs('AWS::Glue::Schema', 1);
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Schema', {
      Name: 'OrderPlaced',
      Registry: { Arn: getAtt(registry, 'Arn') },
      DataFormat: 'AVRO',
      Compatibility: 'BACKWARD',
      SchemaDefinition: avroDefinition(orderPlaced()),
      Description: 'An order was placed.',
    });
    expect(schema.node.path).toBe(SCHEMA);
    expect(schema.node.defaultChild?.node.id).toBe('Resource');
  });

  test('exposes what it registered', () => {
    const { stack, registry } = registryIn();
    const streamSchema = orderPlaced();
    const schema = registry.addSchema('Orders', { schema: streamSchema });

    expect(stack.resolve(schema.schemaArn)).toEqual(getAtt(schema, 'Arn'));
    expect(schema.schemaName).toBe('OrderPlaced');
    expect(schema.format).toBe(SchemaFormat.AVRO);
    expect(schema.compatibility).toBe(SchemaCompatibility.BACKWARD);
    expect(schema.streamSchema).toBe(streamSchema);
    expect(schema.schemaDefinition).toBe(avroDefinition(streamSchema));
    expect(schema.registryName).toBe(registry.registryName);
    expect(schema.registryArn).toBe(registry.registryArn);
    const asInterface: IRegistrySchema = schema;
    expect(asInterface.format).toBe('AVRO');
  });

  test('a description omitted everywhere is left out', () => {
    const { stack, registry } = registryIn();
    registry.addSchema('Pings', { schema: ping() });

    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Schema', { Name: 'Ping', Description: Match.absent() });
  });

  test.each<[SchemaFormat, (s: StreamSchema) => string]>([
    [SchemaFormat.AVRO, avroDefinition],
    [SchemaFormat.JSON, jsonSchemaDefinition],
    [SchemaFormat.PROTOBUF, protobufDefinition],
  ])('format %s: its DataFormat and the definition rendered in it', (format, render) => {
    const { stack, registry } = registryIn();
    const schema = registry.addSchema('Orders', { schema: orderPlaced(), format });

    expect(schema.schemaDefinition).toBe(render(orderPlaced()));
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Schema', { DataFormat: format, SchemaDefinition: render(orderPlaced()) });
  });

  test.each(Object.values(SchemaCompatibility))('compatibility %s is the CloudFormation value', compatibility => {
    const { stack, registry } = registryIn();
    registry.addSchema('Orders', { schema: ping(), compatibility });

    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Schema', { Compatibility: compatibility });
  });

  test('the enums hold exactly the values CloudFormation allows', () => {
    expect(Object.values(SchemaFormat)).toEqual(['AVRO', 'JSON', 'PROTOBUF']);
    expect(Object.values(SchemaCompatibility))
      .toEqual(['NONE', 'DISABLED', 'BACKWARD', 'BACKWARD_ALL', 'FORWARD', 'FORWARD_ALL', 'FULL', 'FULL_ALL']);
  });

  test('a format or compatibility outside the enums (from an untyped caller) is refused', () => {
    const { registry } = registryIn();
    expectInputError(() => registry.addSchema('Orders', { schema: ping(), format: 'XML' as SchemaFormat }),
      `${SCHEMA}: \`format\` must be one of AVRO, JSON, PROTOBUF, got 'XML'`);
    expectInputError(() => registry.addSchema('Other', { schema: ping(), compatibility: 'backward' as SchemaCompatibility }),
      `${REGISTRY}/Other: \`compatibility\` must be one of NONE, DISABLED, BACKWARD, BACKWARD_ALL, FORWARD, FORWARD_ALL, FULL, FULL_ALL, `
      + 'got \'backward\'');
  });

  test('a schemaName and a description replace the StreamSchema\'s', () => {
    const { stack, registry } = registryIn();
    const schema = registry.addSchema('Orders', { schema: orderPlaced(), schemaName: 'orders.order-placed_v1', description: 'Orders.' });

    expect(schema.schemaName).toBe('orders.order-placed_v1');
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Schema', { Name: 'orders.order-placed_v1', Description: 'Orders.' });
  });

  test('one StreamSchema registered twice, under two names and formats', () => {
    const { stack, registry } = registryIn();
    registry.addSchema('Avro', { schema: orderPlaced() });
    registry.addSchema('Json', { schema: orderPlaced(), schemaName: 'OrderPlacedJson', format: SchemaFormat.JSON });

    Template.fromStack(stack).resourceCountIs('AWS::Glue::Schema', 2);
  });

  test('a schema name already used in the registry is refused', () => {
    const { registry } = registryIn();
    registry.addSchema('First', { schema: ping() });

    expectInputError(() => registry.addSchema('Orders', { schema: ping(), format: SchemaFormat.JSON }),
      `${SCHEMA}: \`schemaName\` 'Ping' is already used by ${REGISTRY}/First: schema names are unique in a registry`);
  });

  test('the same schema name in two registries is accepted', () => {
    const { stack, registry } = registryIn();
    registry.addSchema('Pings', { schema: ping() });
    new SchemaRegistry(stack, 'Other').addSchema('Pings', { schema: ping() });

    Template.fromStack(stack).resourceCountIs('AWS::Glue::Schema', 2);
  });

  test.each<[string, string]>([
    ['empty', ''], ['with a space', 'order placed'], ['with /', 'orders/placed'], ['of 256 characters', 's'.repeat(256)],
  ])('a schemaName %s is refused', (_, schemaName) => {
    const { registry } = registryIn();
    expectInputError(() => registry.addSchema('Orders', { schema: ping(), schemaName }),
      `${SCHEMA}: \`schemaName\` ${NAME_RULE}, got '${schemaName}'`);
  });

  test('a token schemaName is neither checked nor compared', () => {
    const { stack, registry } = registryIn();
    const schemaName = Lazy.string({ produce: () => 'Ping' });
    registry.addSchema('First', { schema: ping(), schemaName });
    registry.addSchema('Second', { schema: ping(), schemaName });

    Template.fromStack(stack).resourceCountIs('AWS::Glue::Schema', 2);
  });

  test('an explicit description over 1,000 characters is refused', () => {
    const { registry } = registryIn();
    expectInputError(() => registry.addSchema('Orders', { schema: ping(), description: 'd'.repeat(1001) }),
      `${SCHEMA}: \`description\` must be at most 1,000 characters, got 1,001`);
  });

  test('a StreamSchema description over 1,000 characters is cut to 1,000', () => {
    const { stack, registry } = registryIn();
    const long = new StreamSchema({ name: 'Long', description: 'd'.repeat(1500), columns: [{ name: 'id', type: ColumnType.STRING }] });
    registry.addSchema('Orders', { schema: long });

    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Schema', { Description: `${'d'.repeat(999)}…` });
    // The definition keeps all of it.
    expect(JSON.parse(avroDefinition(long)).doc).toHaveLength(1500);
  });

  describe('the 170,000-character definition limit', () => {
    /** A one-column schema whose comment makes its Avro definition `chars` long. */
    function avroOfLength(chars: number): StreamSchema {
      const base = avroDefinition(new StreamSchema({ name: 'Big', columns: [{ name: 'id', type: ColumnType.STRING, comment: '' }] }));
      return new StreamSchema({ name: 'Big', columns: [{ name: 'id', type: ColumnType.STRING, comment: 'c'.repeat(chars - base.length) }] });
    }

    test('a definition of exactly 170,000 characters is accepted', () => {
      const { registry } = registryIn();
      expect(registry.addSchema('Orders', { schema: avroOfLength(170_000) }).schemaDefinition).toHaveLength(170_000);
    });

    test('one character more is refused, naming the format and the length', () => {
      const { registry } = registryIn();
      expectInputError(() => registry.addSchema('Orders', { schema: avroOfLength(170_001) }),
        `${SCHEMA}: \`schema\` 'Big' rendered as AVRO is 170,001 characters long, but Glue stores definitions of at most 170,000: `
        + 'shorten its comments or split the event');
    });

    test('the limit applies to the chosen format\'s rendering', () => {
      const { registry } = registryIn();
      const schema = avroOfLength(169_990); // JSON Schema's framing is longer than Avro's
      const chars = jsonSchemaDefinition(schema).length;

      expect(chars).toBeGreaterThan(170_000);
      expectInputError(() => registry.addSchema('Orders', { schema, format: SchemaFormat.JSON }),
        new RegExp(`^${SCHEMA}: \`schema\` 'Big' rendered as JSON is ${chars.toLocaleString('en-US')} characters long`));
    });

    test('characters are counted, not UTF-16 units', () => {
      const { registry } = registryIn();
      const base = avroDefinition(new StreamSchema({ name: 'Big', columns: [{ name: 'id', type: ColumnType.STRING, comment: '' }] }));
      // Each emoji is one character but two UTF-16 units.
      const schema = new StreamSchema({
        name: 'Big', columns: [{ name: 'id', type: ColumnType.STRING, comment: '😀'.repeat(170_000 - base.length) }],
      });

      expect(registry.addSchema('Orders', { schema }).schemaDefinition.length).toBeGreaterThan(170_000);
    });
  });

  test('a RegistrySchema can be created in an existing registry by ARN and name', () => {
    const stack = testStack();
    const schema = new RegistrySchema(stack, 'Orders', {
      schema: ping(),
      registryArn: 'arn:aws:glue:us-east-1:111111111111:registry/default-registry',
      registryName: 'default-registry',
    });

    expect(schema.registryName).toBe('default-registry');
    Template.fromStack(stack).hasResourceProperties('AWS::Glue::Schema', {
      Registry: { Arn: 'arn:aws:glue:us-east-1:111111111111:registry/default-registry' },
    });
  });
});
