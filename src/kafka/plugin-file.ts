import * as s3 from 'aws-cdk-lib/aws-s3';
import type { PluginContentType } from './connector-plugin';

/** A custom plugin made from a file in S3. */
export interface S3PluginFile {
  readonly bucket: s3.IBucket;
  readonly key: string;
  readonly contentType: PluginContentType;
  readonly objectVersion?: string;
}

