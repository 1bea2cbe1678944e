import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { getAtt, orderPlaced, ref, registryIn } from './schema-fixtures';
import { IRegistrySchema, RegistrySchema, SchemaRegistry } from '../../src/schema';

const REGISTER_ACTIONS = ['glue:GetSchemaByDefinition', 'glue:RegisterSchemaVersion', 'glue:PutSchemaVersionMetadata'];

function fixture(): { stack: Stack; registry: SchemaRegistry; schema: RegistrySchema; role: iam.Role } {
  const { stack, registry } = registryIn();
  const schema = registry.addSchema('Orders', { schema: orderPlaced() });
  const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  return { stack, registry, schema, role };
}

/** The statements of the role's policy. */
function expectStatements(stack: Stack, role: iam.Role, statements: object[]): void {
  Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
    Roles: [ref(role)],
    PolicyDocument: { Statement: statements.map(s => ({ Effect: 'Allow', ...s })) },
  });
}

describe('RegistrySchema grants', () => {
  test('grantRead: glue:GetSchemaVersion on *, as deserializers look versions up by id', () => {
    const { stack, schema, role } = fixture();

    expect(schema.grantRead(role).success).toBe(true);
    expectStatements(stack, role, [{ Action: 'glue:GetSchemaVersion', Resource: '*' }]);
  });

  test('grantWrite: glue:GetSchemaByDefinition on the registry and the schema, nothing else', () => {
    const { stack, registry, schema, role } = fixture();

    expect(schema.grantWrite(role).success).toBe(true);
    expectStatements(stack, role, [
      { Action: 'glue:GetSchemaByDefinition', Resource: [getAtt(registry, 'Arn'), getAtt(schema, 'Arn')] },
    ]);
  });

  test('grantRegisterVersions: register and tag versions of the schema, and read versions to wait for the check', () => {
    const { stack, registry, schema, role } = fixture();

    expect(schema.grantRegisterVersions(role).success).toBe(true);
    expectStatements(stack, role, [
      { Action: REGISTER_ACTIONS, Resource: [getAtt(registry, 'Arn'), getAtt(schema, 'Arn')] },
      { Action: 'glue:GetSchemaVersion', Resource: '*' },
    ]);
  });

  test('grants through the interface', () => {
    const { stack, schema, role } = fixture();
    const governed: IRegistrySchema = schema;
    governed.grantRead(role);
    governed.grantWrite(role);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'glue:GetSchemaVersion' }),
          Match.objectLike({ Action: 'glue:GetSchemaByDefinition' }),
        ]),
      },
    });
  });
});

describe('SchemaRegistry grants', () => {
  test('grantRead: glue:GetSchemaVersion on *', () => {
    const { stack, registry, role } = fixture();

    expect(registry.grantRead(role).success).toBe(true);
    expectStatements(stack, role, [{ Action: 'glue:GetSchemaVersion', Resource: '*' }]);
  });

  test('grantWrite: glue:GetSchemaByDefinition on the registry and every schema in it', () => {
    const { stack, registry, role } = fixture();

    expect(registry.grantWrite(role).success).toBe(true);
    expectStatements(stack, role, [{
      Action: 'glue:GetSchemaByDefinition',
      Resource: [
        getAtt(registry, 'Arn'),
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:us-east-1:111111111111:schema/TestStackRegistry72885B3A/*']] },
      ],
    }]);
  });
});

describe('cdk-nag AwsSolutions', () => {
  function findings(stack: Stack): string[] {
    return new AwsSolutionsChecks().validateScope(stack).violations
      .flatMap(v => v.violatingResources.map(r => `${v.ruleName} ${r.constructPath}`));
  }

  test('finds nothing in a registry, its schemas, or a producer\'s grant', () => {
    const { stack, schema, role } = fixture();
    schema.grantWrite(role);

    expect(findings(stack)).toEqual([]);
  });

  test('reports the documented * of a consumer\'s grant as IAM5, for the user to acknowledge', () => {
    const { stack, schema, role } = fixture();
    schema.grantRead(role);

    expect(findings(stack)).toEqual(['AwsSolutions-IAM5[Resource::*] TestStack/App/DefaultPolicy/Resource']);
  });
});
