import { CfnElement, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The CloudFormation logical id of a construct's default child (or of the CFN element itself). */
export function logicalId(construct: IConstruct): string {
  const element = (construct instanceof CfnElement ? construct : construct.node.defaultChild) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

/** `{ Ref: <construct> }`. */
export function ref(construct: IConstruct): { Ref: string } {
  return { Ref: logicalId(construct) };
}

/** `{ 'Fn::GetAtt': [<construct>, attribute] }`. */
export function getAtt(construct: IConstruct, attribute: string): { 'Fn::GetAtt': [string, string] } {
  return { 'Fn::GetAtt': [logicalId(construct), attribute] };
}
