import { ArnFormat, Names, Stack, Token } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { grantReadVersions, grantWriteVersions } from './registry-grants';
import { checkDescription, checkRegistryName } from './registry-limits';
import { RegistrySchema } from './registry-schema';
import { RegistrySchemaOptions } from './registry-schema-options';
import { SchemaRegistryProps } from './schema-registry-props';
import { fail, withPath } from '../common/input-error';

/**
 * A Glue Schema Registry: the reference architecture's governance layer, holding the
 * schemas (Avro, JSON Schema or Protobuf) that producers and consumers of Kinesis
 * streams and Kafka topics agree on.
 *
 * @example
 * const orderPlaced = new StreamSchema({
 *   name: 'OrderPlaced',
 *   columns: [
 *     { name: 'order_id', type: ColumnType.STRING, nullable: false },
 *     { name: 'amount', type: ColumnType.decimal(12, 2) },
 *   ],
 * });
 * const registry = new SchemaRegistry(this, 'Events');
 * registry.addSchema('OrderPlaced', { schema: orderPlaced });
 */
export class SchemaRegistry extends Construct {
  /** The registry's ARN. */
  public readonly registryArn: string;
  /** The registry's name. */
  public readonly registryName: string;

  private readonly schemas: RegistrySchema[] = [];

  constructor(scope: Construct, id: string, props: SchemaRegistryProps = {}) {
    super(scope, id);
    this.registryName = props.registryName
      ?? Names.uniqueResourceName(this, { maxLength: 255, allowedSpecialCharacters: '-_.' });
    withPath(this, () => {
      checkRegistryName('registryName', this.registryName);
      checkDescription('description', props.description);
    });
    const resource = new glue.CfnRegistry(this, 'Resource', {
      name: this.registryName,
      description: props.description,
    });
    this.registryArn = resource.attrArn;
  }

  /**
   * Registers a `StreamSchema` in this registry, rendered in `options.format`.
   * @param id the new schema construct's id
   */
  public addSchema(id: string, options: RegistrySchemaOptions): RegistrySchema {
    const schema = new RegistrySchema(this, id, { ...options, registryArn: this.registryArn, registryName: this.registryName });
    const name = schema.schemaName;
    const taken = Token.isUnresolved(name) ? undefined : this.schemas.find(other => other.schemaName === name);
    if (taken) {
      fail(schema, `\`schemaName\` '${name}' is already used by ${taken.node.path}: schema names are unique in a registry`);
    }
    this.schemas.push(schema);
    return schema;
  }

  /**
   * Permits deserializing any schema of the registry (`glue:GetSchemaVersion`, on
   * `*` since Glue cannot scope it when called by version id, as deserializers call it).
   * @see https://docs.aws.amazon.com/glue/latest/dg/schema-registry-gs.html
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantReadVersions(grantee);
  }

  /**
   * Permits serializing with any schema of the registry: `glue:GetSchemaByDefinition`
   * on the registry and its schemas.
   * @see https://docs.aws.amazon.com/glue/latest/dg/schema-registry-gs.html
   */
  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return grantWriteVersions(grantee, [this.registryArn, this.schemaArns()]);
  }

  /** `arn:…:schema/<registry>/*`: every schema of the registry. */
  private schemaArns(): string {
    return Stack.of(this).formatArn({
      service: 'glue',
      resource: 'schema',
      resourceName: `${this.registryName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }
}
