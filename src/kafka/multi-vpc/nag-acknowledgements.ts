import * as cr from 'aws-cdk-lib/custom-resources';
import { acknowledgeProviderFramework } from '../../common/provider-framework';

/**
 * Acknowledges the cdk-nag AwsSolutions findings on what aws-cdk-lib's Provider framework
 * creates for `MultiVpcConnectivity`: the same for every custom resource of this library,
 * see `acknowledgeProviderFramework`.
 */
export function acknowledgeConnectivityProvider(provider: cr.Provider): void {
  acknowledgeProviderFramework(provider);
}
