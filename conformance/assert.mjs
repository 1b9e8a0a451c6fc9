// Assertions of the conformance checks: a failed one throws a CheckError, whose message is
// what the runner prints.

/** A failed check (as opposed to an exception thrown by the SDK or a bug in the check). */
export class CheckError extends Error {}

/** Fails the check with `msg` (and `detail`, shown as JSON). */
export function fail(msg, detail) {
  throw new CheckError(detail === undefined ? msg : `${msg}: ${show(detail)}`);
}
/** Fails the check with `msg` unless `cond`. */
export function assert(cond, msg, detail) {
  if (!cond) fail(msg, detail);
}
/** Fails the check unless `actual === expected`. */
export function eq(actual, expected, msg) {
  if (actual !== expected) fail(`${msg}: expected ${show(expected)}, got ${show(actual)}`);
}
/** Fails if a v3 result carries an error; returns its data. */
export function ok(res, what) {
  if (!res || typeof res !== 'object') fail(`${what} returned ${show(res)}`);
  if (res.error) fail(`${what} failed`, errorSummary(res.error));
  return res.data;
}
/** The fields of an SDK error worth printing. */
export function errorSummary(e) {
  if (!e || typeof e !== 'object') return e;
  const { code, status, category, errorCode, message, error, error_description } = e;
  return { code, status, category, errorCode, message, error, error_description };
}
/** `v` as short JSON for a message (functions shown as [Function], cut at 600 characters). */
export function show(v) {
  try {
    const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v, (k, x) => (typeof x === 'function' ? '[Function]' : x));
    return s === undefined ? String(v) : s.length > 600 ? `${s.slice(0, 600)}…` : s;
  } catch {
    return String(v);
  }
}

