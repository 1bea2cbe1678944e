import { Names } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The name a reader gets when none is given: unique in the app, derived from its
 * construct path, within the rule reader names follow (1–128 characters of
 * `a-z A-Z 0-9 _ . -`, as they may name a Kinesis stream consumer).
 */
export function defaultReaderName(reader: Construct): string {
  return Names.uniqueResourceName(reader, { maxLength: 128, allowedSpecialCharacters: '_.-' });
}
