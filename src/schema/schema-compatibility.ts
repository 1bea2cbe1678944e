/**
 * Which new versions of a registry schema Glue accepts, checked against the versions
 * before them when a version is registered.
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_CreateSchema.html
 */
export enum SchemaCompatibility {
  /** Any new version is accepted, unchecked: for development only. */
  NONE = 'NONE',
  /** No new version is accepted: the schema is frozen at its first version. */
  DISABLED = 'DISABLED',
  /**
   * Consumers on the new version can read data written with the previous one. AWS
   * recommends it; upgrade consumers first.
   */
  BACKWARD = 'BACKWARD',
  /** As BACKWARD, checked against every previous version, not only the last. */
  BACKWARD_ALL = 'BACKWARD_ALL',
  /** Consumers on the previous version can read data written with the new one: upgrade producers first. */
  FORWARD = 'FORWARD',
  /** As FORWARD, checked against every previous version, not only the last. */
  FORWARD_ALL = 'FORWARD_ALL',
  /** Both BACKWARD and FORWARD with the previous version. */
  FULL = 'FULL',
  /** Both BACKWARD_ALL and FORWARD_ALL. */
  FULL_ALL = 'FULL_ALL',
}
