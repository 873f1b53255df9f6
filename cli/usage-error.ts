/** A bad flag or argument: printed without a stack trace and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parses an integer flag or throws a UsageError naming the flag and the accepted range. */
export function intFlag(name: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${name}: expected an integer in [${min}, ${max}], got "${value}"`);
  }
  return n;
}

/** Checks that `value` is one of `accepted`, or throws a UsageError listing them. */
export function choiceFlag<T extends string>(name: string, value: string, accepted: readonly T[]): T {
  if (!(accepted as readonly string[]).includes(value)) {
    throw new UsageError(`${name}: unknown value "${value}"; accepted: ${accepted.join(', ')}`);
  }
  return value as T;
}
