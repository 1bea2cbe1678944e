/**
 * `text` cut to at most `max` characters, ending in `…` when cut. Counts code points,
 * so a character outside the basic plane (an emoji) is never split in half.
 */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
