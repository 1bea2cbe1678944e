import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { nagFindingText } from '../common/nag-finding';

/** One or more cdk-nag AwsSolutions-IAM5 findings a grant causes, and why they are safe. */
export interface WildcardGrant {
  /** The findings, as cdk-nag writes them inside `AwsSolutions-IAM5[…]`, e.g. `Action::s3:List*`. */
  readonly findings: string[];
  /** Why each is safe: what the grant is for and how far it reaches. */
  readonly reason: string;
}

/**
 * Acknowledges the AwsSolutions-IAM5 findings of the application role's grants, each
 * finding once, with the reasons of every grant that causes it.
 */
export function acknowledgeWildcards(role: IConstruct, grants: WildcardGrant[]): void {
  const reasons = new Map<string, string[]>();
  for (const grant of grants) {
    for (const finding of grant.findings) {
      reasons.set(finding, [...(reasons.get(finding) ?? []), grant.reason]);
    }
  }
  for (const [finding, why] of reasons) {
    Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: why.join(' ') });
  }
}

/** How cdk-nag writes a resource ARN (a token or a join) in a finding: `Resource::<text>`. */
export function resourceFinding(scope: IConstruct, arn: string): string {
  return `Resource::${nagFindingText(Stack.of(scope).resolve(arn))}`;
}

/** The actions of aws-cdk-lib's `IBucket.grantRead()` that end in a wildcard. */
export const BUCKET_READ_FINDINGS = ['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*'];
/** The actions of aws-cdk-lib's `IBucket.grantReadWrite()` that end in a wildcard. */
export const BUCKET_READ_WRITE_FINDINGS = [...BUCKET_READ_FINDINGS, 'Action::s3:DeleteObject*', 'Action::s3:Abort*'];
