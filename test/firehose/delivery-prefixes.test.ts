import { CfnParameter, Stack } from 'aws-cdk-lib';
import { checkPrefixes, ERROR_OUTPUT_TYPE, hasExpressions, staticFolders } from '../../src/firehose/delivery-prefixes';
import { expectInputError } from '../input-errors';

describe('staticFolders: where Firehose writes, before any expression', () => {
  test.each<[string, string[], string[]]>([
    ['date folders', ['events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/'], ['events/']],
    ['partition folders', ['events/customer_id=!{partitionKeyFromQuery:customer_id}/year=!{timestamp:yyyy}/'], ['events/']],
    ['the error type', ['errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/'], ['errors/']],
    ['nested folders', ['lake/orders/year=!{timestamp:yyyy}/', 'lake/failed/!{firehose:error-output-type}/'], ['lake/orders/', 'lake/failed/']],
    ['no expression', ['events/'], ['events/']],
    ['a prefix that is not a folder: its folder', ['events/part-'], ['events/']],
    ['an expression at the root: the whole bucket', ['!{timestamp:yyyy}/'], ['']],
    ['the same folder twice, once', ['events/a=!{timestamp:yyyy}/', 'events/!{firehose:error-output-type}/'], ['events/']],
  ])('%s', (_name, prefixes, folders) => {
    expect(staticFolders(prefixes)).toEqual(folders);
  });
});

describe('checkPrefixes: what Firehose refuses at creation', () => {
  const DATE = 'year=!{timestamp:yyyy}/';

  test.each<[string, string, string | undefined]>([
    ['no expression, no error prefix', 'events/', undefined],
    ['expressions and an error prefix with the error type', `events/${DATE}`, `errors/${ERROR_OUTPUT_TYPE}/${DATE}`],
    ['the error type alone', `events/${DATE}`, `failed/${ERROR_OUTPUT_TYPE}/`],
    ['no expression, any error prefix', 'events/', 'errors/'],
    ['512 characters', `${'a'.repeat(511)}/`, undefined],
  ])('accepts %s', (_name, prefix, errorPrefix) => {
    expect(() => checkPrefixes({ name: 'prefix', value: prefix }, errorPrefix === undefined ? undefined : { name: 'errorPrefix', value: errorPrefix }))
      .not.toThrow();
  });

  test.each<[string, string, string | undefined, string]>([
    ['expressions without an error prefix', `events/${DATE}`, undefined,
      `an error prefix is required when \`backupPrefix\` has expressions, got 'events/${DATE}': Firehose writes the records it cannot deliver under it`],
    ['an error prefix without the error type', `events/${DATE}`, `errors/${DATE}`,
      `\`backupErrorPrefix\` must contain '!{firehose:error-output-type}' when \`backupPrefix\` has expressions, got 'errors/${DATE}'`],
    ['a prefix of 513 characters', `${'a'.repeat(512)}/`, undefined,
      `\`backupPrefix\` must be at most 512 characters, got 513 ('${'a'.repeat(512)}/')`],
    ['an error prefix of 513 characters', 'events/', `${'e'.repeat(512)}/`,
      `\`backupErrorPrefix\` must be at most 512 characters, got 513 ('${'e'.repeat(512)}/')`],
  ])('refuses %s, naming the prop', (_name, prefix, errorPrefix, message) => {
    expectInputError(() => checkPrefixes({ name: 'backupPrefix', value: prefix },
      errorPrefix === undefined ? undefined : { name: 'backupErrorPrefix', value: errorPrefix }), message);
  });

  test('tokens are left to CloudFormation', () => {
    const token = new CfnParameter(new Stack(), 'Prefix').valueAsString;

    expect(() => checkPrefixes({ name: 'prefix', value: token })).not.toThrow();
    expect(() => checkPrefixes({ name: 'prefix', value: `events/${DATE}` }, { name: 'errorPrefix', value: token })).not.toThrow();
  });

  test('hasExpressions', () => {
    expect(hasExpressions(`events/${DATE}`)).toBe(true);
    expect(hasExpressions('events/')).toBe(false);
  });
});
