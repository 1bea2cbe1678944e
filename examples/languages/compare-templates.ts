/**
 * Where two CloudFormation templates differ, as `<section>.<name>: <how>` lines; none when
 * they are equal. Resources and outputs are compared one by one, so that a difference names
 * the resource; other sections (parameters, rules, conditions) as wholes.
 */
export function compareTemplates(expected: any, actual: any): string[] {
  const problems: string[] = [];
  for (const section of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const want = expected[section];
    const got = actual[section];
    if (section === 'Resources' || section === 'Outputs') {
      for (const name of new Set([...Object.keys(want ?? {}), ...Object.keys(got ?? {})])) {
        if (!(name in (got ?? {}))) {
          problems.push(`${section}.${name}: missing`);
        } else if (!(name in (want ?? {}))) {
          problems.push(`${section}.${name}: not in the TypeScript template`);
        } else if (canonical(want[name]) !== canonical(got[name])) {
          problems.push(`${section}.${name}: differs: ${firstDifference(want[name], got[name])}`);
        }
      }
    } else if (canonical(want) !== canonical(got)) {
      problems.push(`${section}: differs: ${firstDifference(want, got)}`);
    }
  }
  return problems;
}

/** The path of the first value that differs, with both values. */
function firstDifference(want: any, got: any, at = ''): string {
  if (typeof want === 'object' && typeof got === 'object' && want !== null && got !== null
    && Array.isArray(want) === Array.isArray(got)) {
    for (const key of new Set([...Object.keys(want), ...Object.keys(got)])) {
      if (canonical(want[key]) !== canonical(got[key])) {
        return firstDifference(want[key], got[key], `${at}.${key}`);
      }
    }
  }
  return `${at || '(whole)'}: TypeScript ${JSON.stringify(want)}, got ${JSON.stringify(got)}`;
}

/** JSON with object keys sorted: two templates are equal whatever order each synthesizer wrote their keys in. */
function canonical(value: any): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).sort().map(key => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
