import { Token } from 'aws-cdk-lib';
import * as kda from 'aws-cdk-lib/aws-kinesisanalyticsv2';
import { InputError } from '../common/input-error';

/** The group the library writes the source into. */
export const SOURCE_GROUP = 'Source';
/** The prefix of each sink's group, `Sink.<name>`. */
export const SINK_GROUP_PREFIX = 'Sink.';

/**
 * Managed Flink's limits on runtime properties: group ids of 1–50 characters of
 * `a-z A-Z 0-9 _ . -`; at most 50 entries a group, keys and values of 1–2,048 characters.
 * The library keeps to 50 groups an application too (the `EnvironmentProperties` limit the
 * API reference gives for its list is not stated on the PropertyGroup page: an assumption).
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_PropertyGroup.html
 */
const GROUP_ID = /^[a-zA-Z0-9_.-]{1,50}$/;
const MAX_ENTRIES = 50;
const MAX_GROUPS = 50;
const MAX_TEXT = 2048;

/**
 * Checks and assembles the application's property groups: the library's (`Source`,
 * `Sink.<name>`) and the user's, which may not take the library's ids.
 */
export function propertyGroups(
  library: { [groupId: string]: { [key: string]: string } },
  user: { [groupId: string]: { [key: string]: string } } = {},
): kda.CfnApplication.PropertyGroupProperty[] {
  for (const id of Object.keys(user)) {
    if (id === SOURCE_GROUP || id.startsWith(SINK_GROUP_PREFIX)) {
      throw new InputError(`\`propertyGroups\` may not use the group id '${id}': the library writes '${SOURCE_GROUP}' and '${SINK_GROUP_PREFIX}<name>' `
        + 'for the source and the sinks. Rename the group');
    }
  }
  const all = { ...library, ...user };
  const ids = Object.keys(all);
  if (ids.length > MAX_GROUPS) {
    throw new InputError(`an application takes at most ${MAX_GROUPS} property groups, got ${ids.length} `
      + `(${Object.keys(library).length} for the source and sinks, ${Object.keys(user).length} in \`propertyGroups\`)`);
  }
  return ids.map(id => {
    const map = all[id];
    if (!GROUP_ID.test(id)) {
      throw new InputError(`property group id must be 1-50 characters of a-z, A-Z, 0-9, _, . and -, got '${id}'`);
    }
    const entries = Object.entries(map);
    if (entries.length < 1 || entries.length > MAX_ENTRIES) {
      throw new InputError(`property group '${id}' must have 1-${MAX_ENTRIES} properties, got ${entries.length}`);
    }
    for (const [key, value] of entries) {
      for (const [what, text] of [['key', key], ['value', value]]) {
        if (!Token.isUnresolved(text) && (text.length < 1 || text.length > MAX_TEXT)) {
          throw new InputError(`property group '${id}': each ${what} must be 1-${MAX_TEXT} characters, got ${text.length} for '${key}'`);
        }
      }
    }
    return { propertyGroupId: id, propertyMap: map };
  });
}
