/**
 * A resolved CloudFormation value as cdk-nag writes it in a finding: references as
 * `<LogicalId.Attribute>` or `<LogicalId>`, joins concatenated, imports by their name.
 * Acknowledgements must name a finding exactly as cdk-nag does, or they acknowledge nothing.
 */
export function nagFindingText(value: unknown): string {
  if (typeof value === 'string') {
    return value.replace(/\$\{/g, '<').replace(/}/g, '>');
  }
  const node = value as Record<string, any>;
  if (node['Fn::Join']) {
    const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(nagFindingText).join(delimiter);
  }
  if (node['Fn::GetAtt']) {
    return `<${node['Fn::GetAtt'][0]}.${node['Fn::GetAtt'][1]}>`;
  }
  if (node['Fn::ImportValue']) {
    return nagFindingText(node['Fn::ImportValue']);
  }
  if (node.Ref) {
    return `<${node.Ref}>`;
  }
  return JSON.stringify(value);
}
