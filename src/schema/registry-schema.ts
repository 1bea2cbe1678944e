import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { grantReadVersions, grantRegisterVersions, grantWriteVersions } from './registry-grants';
import { checkDescription, checkRegistryName, RegistryLimits } from './registry-limits';
import { RegistrySchemaOptions } from './registry-schema-options';
import { SchemaCompatibility } from './schema-compatibility';
import { schemaDefinition } from './schema-definition';
import { SchemaFormat } from './schema-format';
import { StreamSchema } from './stream-schema';
import { InputError, withPath } from '../common/input-error';
import { truncate } from '../common/text';

/**
 * A schema in the Glue Schema Registry that producers serialize with and consumers
 * deserialize with.
 */
export interface IRegistrySchema extends IConstruct {
  /** The schema's ARN, `arn:<partition>:glue:<region>:<account>:schema/<registry>/<schema>`. */
  readonly schemaArn: string;
  /** The schema's name, which producers configure (SerDe `schemaName`). */
  readonly schemaName: string;
  /** The ARN of the registry holding the schema. */
  readonly registryArn: string;
  /** The name of the registry holding the schema, which producers configure (SerDe `registry.name`). */
  readonly registryName: string;
  /** The definition's format, which producers and consumers configure (SerDe `dataFormat`). */
  readonly format: SchemaFormat;

  /**
   * Permits deserializing: fetching the schema versions records name
   * (`glue:GetSchemaVersion`). Glue cannot scope that action to a schema when it is
   * called by version id, as deserializers call it, so it is granted on `*`
   * (AWS's documented policy; cdk-nag reports it as AwsSolutions-IAM5).
   * @see https://docs.aws.amazon.com/glue/latest/dg/schema-registry-gs.html
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /**
   * Permits serializing: finding the version id of the definition written
   * (`glue:GetSchemaByDefinition` on the registry and the schema). Producers cannot
   * register new versions with it; see `RegistrySchema.grantRegisterVersions()`.
   * @see https://docs.aws.amazon.com/glue/latest/dg/schema-registry-gs.html
   */
  grantWrite(grantee: iam.IGrantable): iam.Grant;
}

/** Properties of a `RegistrySchema`. */
export interface RegistrySchemaProps extends RegistrySchemaOptions {
  /** The ARN of the registry to create the schema in. */
  readonly registryArn: string;
  /** The name of that registry. */
  readonly registryName: string;
}

/**
 * A schema in a Glue Schema Registry, its first version rendered from a
 * `StreamSchema`, so producers, consumers and the lake's table share one definition.
 * Create it with `SchemaRegistry.addSchema()`.
 *
 * The definition is fixed at creation: CloudFormation can only change an
 * `AWS::Glue::Schema`'s `SchemaDefinition` by replacing the schema, which it refuses
 * for a named schema (and which would discard the versions records refer to).
 * Evolve a deployed schema by registering new versions, from a pipeline granted
 * `grantRegisterVersions()`; Glue checks each against `compatibility`.
 *
 * @example
 * declare const registry: SchemaRegistry;
 * declare const orderPlaced: StreamSchema;
 * declare const producer: lambda.IFunction;
 * const orders = registry.addSchema('OrderPlaced', { schema: orderPlaced });
 * orders.grantWrite(producer);
 */
export class RegistrySchema extends Construct implements IRegistrySchema {
  /** The schema's ARN. */
  public readonly schemaArn: string;
  /** The schema's name in the registry. */
  public readonly schemaName: string;
  /** The ARN of the registry holding the schema. */
  public readonly registryArn: string;
  /** The name of the registry holding the schema. */
  public readonly registryName: string;
  /** The definition's format. */
  public readonly format: SchemaFormat;
  /** Which new versions Glue accepts. */
  public readonly compatibility: SchemaCompatibility;
  /** The event format the definition was rendered from. */
  public readonly streamSchema: StreamSchema;
  /**
   * The registered definition, exactly as Glue stores it: producers that look their
   * schema up by definition can embed this text.
   */
  public readonly schemaDefinition: string;

  constructor(scope: Construct, id: string, props: RegistrySchemaProps) {
    super(scope, id);
    this.streamSchema = props.schema;
    this.format = props.format ?? SchemaFormat.AVRO;
    this.compatibility = props.compatibility ?? SchemaCompatibility.BACKWARD;
    this.schemaName = props.schemaName ?? props.schema.name;
    this.registryArn = props.registryArn;
    this.registryName = props.registryName;
    // The StreamSchema's own description has no limit: cut it rather than refuse it.
    const description = props.description
      ?? (props.schema.description === undefined ? undefined : truncate(props.schema.description, RegistryLimits.MAX_DESCRIPTION_CHARS));
    this.schemaDefinition = withPath(this, () => {
      checkCompatibility(this.compatibility);
      checkRegistryName('schemaName', this.schemaName);
      checkDescription('description', description);
      return schemaDefinition(props.schema, this.format);
    });

    const resource = new glue.CfnSchema(this, 'Resource', {
      name: this.schemaName,
      registry: { arn: this.registryArn },
      dataFormat: this.format,
      compatibility: this.compatibility,
      schemaDefinition: this.schemaDefinition,
      description,
    });
    this.schemaArn = resource.attrArn;
  }

  /**
   * Permits deserializing: fetching the schema versions records name
   * (`glue:GetSchemaVersion` on `*`, see `IRegistrySchema.grantRead()`).
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantReadVersions(grantee);
  }

  /** Permits serializing: `glue:GetSchemaByDefinition` on the registry and this schema. */
  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return grantWriteVersions(grantee, [this.registryArn, this.schemaArn]);
  }

  /**
   * Permits evolving the schema, for a CI pipeline or a serializer with
   * auto-registration: `glue:GetSchemaByDefinition`, `glue:RegisterSchemaVersion` and
   * `glue:PutSchemaVersionMetadata` on the registry and this schema, and
   * `glue:GetSchemaVersion` on `*` to wait for Glue's compatibility check.
   * @see https://docs.aws.amazon.com/glue/latest/dg/schema-registry-gs.html
   */
  public grantRegisterVersions(grantee: iam.IGrantable): iam.Grant {
    return grantRegisterVersions(grantee, [this.registryArn, this.schemaArn]);
  }
}

/** Refuses a value outside the enum, which only a caller without types can pass. */
function checkCompatibility(compatibility: SchemaCompatibility): void {
  const allowed = Object.values(SchemaCompatibility);
  if (!allowed.includes(compatibility)) {
    throw new InputError(`\`compatibility\` must be one of ${allowed.join(', ')}, got '${compatibility}'`);
  }
}
