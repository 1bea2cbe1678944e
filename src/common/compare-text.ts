/**
 * Orders strings by UTF-16 code unit, the same on every machine. `localeCompare` follows the
 * machine's locale (in Estonian, 'Z' sorts before 'T'), and what is sorted here ends up in
 * templates (a dashboard's widgets, a stack output): a template must not depend on who synthesizes it.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
