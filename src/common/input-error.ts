import type { IConstruct } from 'constructs';

/**
 * An invalid input, found before anything reaches AWS.
 *
 * Pure planning code throws it with a message naming the field, the allowed range and
 * the value given; constructs re-throw it prefixed with their construct path so the
 * user knows which construct in a large app to change.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Throws an `InputError` whose message starts with the construct's path. */
export function fail(scope: IConstruct, message: string): never {
  throw new InputError(`${scope.node.path}: ${message}`);
}

/**
 * Runs planning code on behalf of a construct: an `InputError` it throws is re-thrown
 * with the construct's path in front, so the user knows which construct to change.
 */
export function withPath<T>(scope: IConstruct, work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof InputError) {
      fail(scope, e.message);
    }
    throw e;
  }
}
