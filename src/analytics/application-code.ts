import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3_assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { InputError } from '../common/input-error';

/** Where a Managed Flink application's code is, once bound: `ApplicationCode.bind()`. */
export interface ApplicationCodeConfig {
  /** The bucket holding the code. */
  readonly bucket: s3.IBucket;
  /** The code's object key: a JAR (Java) or a ZIP file (Python). */
  readonly fileKey: string;
  /**
   * The object's version, for a versioned bucket.
   * @default - the latest version
   */
  readonly objectVersion?: string;
}

/**
 * The code of a Managed Service for Apache Flink application: a JAR file (Java) or a ZIP
 * file (Python) in S3, uploaded from a local file at deploy time or already in a bucket.
 * `StreamAnalytics` grants its role read on that object only.
 */
export abstract class ApplicationCode {
  /**
   * The code in a local file (an uber JAR or a ZIP), uploaded as a CDK asset when the
   * stack is deployed. Nothing is built or bundled at synth.
   * @param path the file's path
   */
  public static fromAsset(path: string, options: s3_assets.AssetOptions = {}): ApplicationCode {
    return new AssetCode(path, options);
  }

  /**
   * The code already in a bucket.
   * @param bucket the bucket
   * @param fileKey the object key of the JAR or ZIP file
   * @param objectVersion the object's version, for a versioned bucket (default: the latest)
   */
  public static fromBucket(bucket: s3.IBucket, fileKey: string, objectVersion?: string): ApplicationCode {
    return new BucketCode({ bucket, fileKey, objectVersion });
  }

  /** Places the code (creating the asset, once) and says where it is. */
  public abstract bind(scope: Construct): ApplicationCodeConfig;
}

class AssetCode extends ApplicationCode {
  private asset?: s3_assets.Asset;

  constructor(private readonly path: string, private readonly options: s3_assets.AssetOptions) {
    super();
  }

  public bind(scope: Construct): ApplicationCodeConfig {
    if (!this.asset) {
      this.asset = new s3_assets.Asset(scope, 'Code', { path: this.path, ...this.options });
    } else if (this.asset.node.scope !== scope) {
      throw new InputError(`ApplicationCode.fromAsset('${this.path}') is bound to ${this.asset.node.scope!.node.path} already: `
        + 'create one ApplicationCode per application');
    }
    return { bucket: this.asset.bucket, fileKey: this.asset.s3ObjectKey };
  }
}

class BucketCode extends ApplicationCode {
  constructor(private readonly config: ApplicationCodeConfig) {
    super();
  }

  public bind(_scope: Construct): ApplicationCodeConfig {
    return this.config;
  }
}
