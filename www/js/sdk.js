// The SDK client of the page: every call the page makes is the public API of the SDK package,
// the same as `app.auth` of @cloudbase/js-sdk v3 (plus `apiOrigin` to point it at the emulator).
import cloudbase from '/pkg/index.js';

/** Where the SDK sends its requests (set by /config.js), without a trailing slash. */
export const EMULATOR_URL = String(window.EMULATOR_URL || 'http://127.0.0.1:8787').replace(/\/+$/, '');

/** The app made by `cloudbase.init`. */
export const app = cloudbase.init({ env: 'demo-env', apiOrigin: EMULATOR_URL });

/** `app.auth`: the auth client every panel calls. */
export const auth = app.auth;

// Handy in the browser console: `await demo.auth.getSession()`.
window.demo = { cloudbase, app, auth };
