import * as athena from 'aws-cdk-lib/aws-athena';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * An Athena workgroup for querying the lake: results go to the lake bucket under
 * `athena-results/`, encrypted (with the lake's key when it has one), and the
 * workgroup's settings override clients', so no query writes results elsewhere.
 */
export function createAthenaWorkgroup(scope: Construct, id: string, name: string, bucket: s3.IBucket, key?: kms.IKey): athena.CfnWorkGroup {
  return new athena.CfnWorkGroup(scope, id, {
    name,
    description: `Queries the lake in ${bucket.bucketName}`,
    state: 'ENABLED',
    // Saved queries and history would otherwise make deleting the stack fail.
    recursiveDeleteOption: true,
    workGroupConfiguration: {
      enforceWorkGroupConfiguration: true,
      publishCloudWatchMetricsEnabled: true,
      resultConfiguration: {
        outputLocation: `s3://${bucket.bucketName}/athena-results/`,
        encryptionConfiguration: key
          ? { encryptionOption: 'SSE_KMS', kmsKey: key.keyArn }
          : { encryptionOption: 'SSE_S3' },
      },
    },
  });
}
