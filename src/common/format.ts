/** Number formats shared by plans, warnings and errors, so every message reads alike. */

/**
 * US-English number formats, made once each: `toLocaleString` with options builds a new
 * `Intl.NumberFormat` on every call, which profiles of a 20-reader synth showed as a third
 * of the library's own time.
 */
const FORMATS = new Map<string, Intl.NumberFormat>();

function formatted(value: number, options: Intl.NumberFormatOptions): string {
  const key = JSON.stringify(options);
  let format = FORMATS.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', options);
    FORMATS.set(key, format);
  }
  return format.format(value);
}

/** Formats a number with at most `digits` decimals and thousands separators. */
export function num(value: number, digits = 2): string {
  if (digits > 0 && value !== 0 && Math.abs(value) < 10 ** -digits) {
    // A small figure keeps two significant digits rather than printing as 0.
    return formatted(value, { maximumSignificantDigits: 2 });
  }
  return formatted(value, { maximumFractionDigits: digits });
}

/** `1 shard`, `2 shards`: a count with its noun. */
export function count(n: number, noun: string): string {
  return `${num(n, 0)} ${noun}${n === 1 ? '' : 's'}`;
}

/** Formats a fraction as a percentage. */
export function pct(fraction: number): string {
  const percent = fraction * 100;
  // Two significant digits below 10%, so a small share does not read as 0%.
  return `${percent >= 10 || percent === 0 ? Math.round(percent) : Number(percent.toPrecision(2))}%`;
}

/** Formats US dollars with cents. */
export function usd(value: number): string {
  return `$${formatted(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A row of a plan's summary: indented, the label in a column of its own. */
export function row(label: string, text: string): string {
  return `  ${label.padEnd(18)} ${text}`;
}
