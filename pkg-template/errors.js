// The errors of cloudbase-auth-wasm. The wasm module builds every failure of a call as an
// `AuthError` (the class below, handed to it); this file also makes the few the entry itself
// finds (a missing OAuth state, a mini-program-only method).

/** The error of every failed call: a real Error with a stable `code`. */
export class AuthError extends Error {
  constructor(e = {}) {
    super(e.message || e.error_description || e.code || 'unknown error');
    this.name = 'AuthError';
    this.code = e.code || 'unknown';
    this.status = e.status || this.code;
    this.errorCode = e.errorCode;
    this.requestId = e.requestId;
    this.category = e.category || 'UNKNOWN';
    this.retryAfter = e.retryAfter;
    Object.defineProperty(this, '__isAuthError', { value: true });
  }
  toJSON() {
    const { code, message, status, errorCode, requestId, category, retryAfter } = this;
    return { name: 'AuthError', code, message, status, errorCode, requestId, category, retryAfter };
  }
}

/** True for errors produced by this SDK. */
export function isAuthError(e) {
  return !!(e && e.__isAuthError);
}

// An `AuthError` with `code` and `message`.
export const authError = (code, message) => new AuthError({ code, message });

// Anything thrown, as an `AuthError`: an unexpected exception is one of `code` (`internal`),
// with its message (`unknown error` when even that cannot be read: an object without a
// prototype, say).
export function toAuthError(e, code = 'internal') {
  if (isAuthError(e)) return e;
  let message = 'unknown error';
  try {
    message = (e && e.message) || String(e);
  } catch {}
  return authError(code, message);
}

// The v2 API's rejection: the raw error `{ error, error_description, ... }`.
export function rawError(e) {
  return { error: e.code, error_description: e.message, error_code: e.errorCode, requestId: e.requestId };
}

// An exception of an app's listener, reported without stopping the SDK.
export function report(e) {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(e);
  else console.error(e);
}
