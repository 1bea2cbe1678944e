import { compareTemplates } from '../../examples/languages/compare-templates';

// The check behind "every language's template equals the TypeScript app's" (examples/languages/check.ts).
const template = {
  Resources: {
    Stream: { Type: 'AWS::Kinesis::Stream', Properties: { ShardCount: 2, StreamModeDetails: { StreamMode: 'PROVISIONED' } } },
    Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Threshold: 1 } },
  },
  Outputs: { MonthlyCost: { Value: '$137.46' } },
  Rules: { CheckBootstrapVersion: { Assertions: [] } },
};
const copy = () => JSON.parse(JSON.stringify(template));

test('equal templates, whatever the order of their keys, have no difference', () => {
  const reordered = {
    Rules: template.Rules,
    Outputs: template.Outputs,
    Resources: {
      Alarm: template.Resources.Alarm,
      Stream: { Properties: { StreamModeDetails: { StreamMode: 'PROVISIONED' }, ShardCount: 2 }, Type: 'AWS::Kinesis::Stream' },
    },
  };
  expect(compareTemplates(template, reordered)).toEqual([]);
});

test('a differing property is named by its resource and path, with both values', () => {
  const other = copy();
  other.Resources.Stream.Properties.StreamModeDetails.StreamMode = 'ON_DEMAND';
  expect(compareTemplates(template, other)).toEqual([
    'Resources.Stream: differs: .Properties.StreamModeDetails.StreamMode: TypeScript "PROVISIONED", got "ON_DEMAND"',
  ]);
});

test('missing and extra resources and outputs, and other sections as wholes', () => {
  const other = copy();
  delete other.Resources.Alarm;
  other.Resources.Extra = { Type: 'AWS::SNS::Topic' };
  other.Outputs.MonthlyCost.Value = '$1.00';
  other.Rules = {};
  other.Conditions = { IsUsEast1: true };
  expect(compareTemplates(template, other)).toEqual([
    'Resources.Alarm: missing',
    'Resources.Extra: not in the TypeScript template',
    'Outputs.MonthlyCost: differs: .Value: TypeScript "$137.46", got "$1.00"',
    'Rules: differs: .CheckBootstrapVersion: TypeScript {"Assertions":[]}, got undefined',
    'Conditions: differs: (whole): TypeScript undefined, got {"IsUsEast1":true}',
  ]);
});
