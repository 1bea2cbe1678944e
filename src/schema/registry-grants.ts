import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What the AWS Glue Schema Registry serializers and deserializers (the SerDe
 * libraries for Kafka, Kinesis, KPL/KCL and Flink) call, and on which resources.
 *
 * - A deserializer reads the schema version id in each record and fetches that
 *   version with `glue:GetSchemaVersion`. Called by version id, the action cannot be
 *   scoped to a registry or schema: AWS documents `"Resource": "*"` for deserializers,
 *   and the SerDe maintainers say `*` is required (issue 68).
 * - A serializer finds the version id of the definition it writes with
 *   `glue:GetSchemaByDefinition`, on the registry and the schema.
 * - Registering new versions (a CI pipeline, or a serializer with auto-registration)
 *   adds `glue:RegisterSchemaVersion` and `glue:PutSchemaVersionMetadata` (the SerDe
 *   tags versions with metadata), and polls `glue:GetSchemaVersion` until Glue's
 *   compatibility check has accepted the version. `glue:CreateSchema` is not granted:
 *   CloudFormation owns the schema.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/schema-registry-gs.html
 * @see https://github.com/awslabs/aws-glue-schema-registry/issues/68
 */
export const RegistryActions = {
  /** What deserializers call, on `*`. */
  READ: ['glue:GetSchemaVersion'],
  /** What serializers call, on the registry and the schema. */
  WRITE: ['glue:GetSchemaByDefinition'],
  /** What registering a new version calls, on the registry and the schema (plus READ on `*`). */
  REGISTER_VERSIONS: ['glue:GetSchemaByDefinition', 'glue:RegisterSchemaVersion', 'glue:PutSchemaVersionMetadata'],
} as const;

/** Permits fetching schema versions by id, as deserializers do (on `*`: see `RegistryActions`). */
export function grantReadVersions(grantee: iam.IGrantable): iam.Grant {
  return iam.Grant.addToPrincipal({ grantee, actions: [...RegistryActions.READ], resourceArns: ['*'] });
}

/** Permits looking up a definition's version id in `resourceArns` (the registry and its schemas), as serializers do. */
export function grantWriteVersions(grantee: iam.IGrantable, resourceArns: string[]): iam.Grant {
  return iam.Grant.addToPrincipal({ grantee, actions: [...RegistryActions.WRITE], resourceArns });
}

/** Permits registering new versions of the schemas in `resourceArns`, and waiting for Glue to accept them. */
export function grantRegisterVersions(grantee: iam.IGrantable, resourceArns: string[]): iam.Grant {
  return iam.Grant.addToPrincipal({ grantee, actions: [...RegistryActions.REGISTER_VERSIONS], resourceArns })
    .combine(grantReadVersions(grantee));
}
