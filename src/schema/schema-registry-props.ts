/** Properties of a `SchemaRegistry`. */
export interface SchemaRegistryProps {
  /**
   * The registry's name, which producers and consumers configure: 1-255 letters,
   * digits, `-`, `_`, `$`, `#` and `.`, unique in the account and region.
   * @default - a name unique to this construct, from its path
   */
  readonly registryName?: string;
  /**
   * What the registry holds, at most 1,000 characters.
   * @default - none
   */
  readonly description?: string;
}
