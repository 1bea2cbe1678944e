/** Expects `work` to throw the library's InputError with exactly `message` (or matching a pattern). */
export function expectInputError(work: () => unknown, message: string | RegExp): void {
  let thrown: unknown;
  try {
    work();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(Error);
  expect((thrown as Error).name).toBe('InputError');
  if (typeof message === 'string') {
    expect((thrown as Error).message).toBe(message);
  } else {
    expect((thrown as Error).message).toMatch(message);
  }
}

/** The refusal of a number only CloudFormation knows (a token) where a plan needs a figure. */
export function tokenError(field: string): string {
  return `\`${field}\` must be a number known at synth to plan with, got an unresolved token (e.g. a CfnParameter): `
    + 'state the figure as a plain number';
}
