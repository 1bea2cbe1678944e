import { Token } from 'aws-cdk-lib';
import { num } from '../common/format';
import { InputError } from '../common/input-error';

/**
 * Glue Schema Registry limits the registry and its schemas are checked against.
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateSchema.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-glue-schema.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-glue-registry.html
 */
export const RegistryLimits = {
  /** Registry and schema names: 1-255 letters, digits, `-`, `_`, `$`, `#` and `.`. */
  NAME: /^[a-zA-Z0-9\-_$#.]{1,255}$/,
  /** Descriptions of registries and schemas (CloudFormation `Description`). */
  MAX_DESCRIPTION_CHARS: 1000,
  /** A schema's definition (CloudFormation and Glue `SchemaDefinition`). */
  MAX_DEFINITION_CHARS: 170_000,
} as const;

/** Requires a registry or schema name Glue accepts (a token passes). */
export function checkRegistryName(field: string, name: string): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  if (!RegistryLimits.NAME.test(name)) {
    throw new InputError(`\`${field}\` must be 1-255 characters of a-z, A-Z, 0-9, -, _, $, # and ., got '${name}'`);
  }
}

/** Requires a description CloudFormation accepts (a token or none passes). */
export function checkDescription(field: string, description: string | undefined): void {
  if (description === undefined || Token.isUnresolved(description)) {
    return;
  }
  const chars = [...description].length;
  if (chars > RegistryLimits.MAX_DESCRIPTION_CHARS) {
    throw new InputError(`\`${field}\` must be at most ${num(RegistryLimits.MAX_DESCRIPTION_CHARS)} characters, got ${num(chars)}`);
  }
}
