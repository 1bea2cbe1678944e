import { Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { S3PluginFile } from './plugin-file';
import { InputError } from '../common/input-error';

/** How a custom plugin's file is packed. */
export enum PluginContentType {
  /** One JAR file with the connector and its dependencies. */
  JAR = 'JAR',
  /** A ZIP file of JAR files. */
  ZIP = 'ZIP',
}

/** Where a plugin file is in S3 and how it is packed. */
export interface S3PluginOptions {
  /**
   * How the file is packed.
   * @default - from the key's extension: `.jar` is JAR, `.zip` is ZIP; any other key must state it
   */
  readonly contentType?: PluginContentType;

  /**
   * The object version to install, when the bucket is versioned.
   * @default - the latest version at the time the plugin is created
   */
  readonly objectVersion?: string;
}

/**
 * The connector plugin an MSK Connect connector runs: a JAR or ZIP in S3 made into a
 * custom plugin (MSK Connect reads it once, when the plugin is created), or a custom
 * plugin that exists.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-plugins.html
 */
export class ConnectorPlugin {
  /**
   * A plugin file in S3, e.g. Confluent's S3 sink connector ZIP.
   * @param bucket the bucket holding the file
   * @param key the file's key, e.g. 'plugins/confluentinc-kafka-connect-s3-10.5.0.zip'
   */
  public static fromS3Object(bucket: s3.IBucket, key: string, options: S3PluginOptions = {}): ConnectorPlugin {
    return new ConnectorPlugin({ bucket, key, options }, undefined, undefined);
  }

  /**
   * A custom plugin that exists.
   * @param customPluginArn the plugin's ARN
   * @param revision the plugin revision to run (a custom plugin's first revision is 1)
   */
  public static fromPluginArn(customPluginArn: string, revision: number): ConnectorPlugin {
    return new ConnectorPlugin(undefined, customPluginArn, revision);
  }

  private constructor(
    private readonly file: { bucket: s3.IBucket; key: string; options: S3PluginOptions } | undefined,
    private readonly arn: string | undefined,
    private readonly revision: number | undefined) {}

  /**
   * The file to make a custom plugin of, checked; none for a plugin that exists.
   * @internal
   */
  public _file(): S3PluginFile | undefined {
    if (!this.file) {
      return undefined;
    }
    const { bucket, key, options } = this.file;
    if (!Token.isUnresolved(key) && (key.length === 0 || key.startsWith('/'))) {
      throw new InputError(`the plugin's \`key\` must be an S3 key without a leading '/', got '${key}'`);
    }
    const contentType = options.contentType ?? contentTypeOf(key);
    return { bucket, key, contentType, objectVersion: options.objectVersion };
  }

  /**
   * The existing plugin's ARN and revision, checked; none for a file.
   * @internal
   */
  public _existing(): { arn: string; revision: number } | undefined {
    if (this.arn === undefined || this.revision === undefined) {
      return undefined;
    }
    const revision = this.revision;
    if (!Token.isUnresolved(revision) && !(Number.isInteger(revision) && revision >= 1)) {
      throw new InputError(`the plugin's \`revision\` must be an integer of at least 1, got ${revision}`);
    }
    return { arn: this.arn, revision };
  }
}

function contentTypeOf(key: string): PluginContentType {
  if (Token.isUnresolved(key)) {
    throw new InputError('`contentType` is required for a plugin key known only at deploy (a token): give PluginContentType.JAR or ZIP');
  }
  const lower = key.toLowerCase();
  if (lower.endsWith('.jar')) {
    return PluginContentType.JAR;
  }
  if (lower.endsWith('.zip')) {
    return PluginContentType.ZIP;
  }
  throw new InputError(`\`contentType\` is required for plugin key '${key}', which ends neither in .jar nor in .zip: `
    + 'give PluginContentType.JAR or ZIP');
}
