// What the package-API checks in headless Chromium share (e2e/robust.mjs, e2e/v2.mjs): the
// URLs, a PASS/FAIL line per check, the browser, a user made through the emulator's dev API,
// and a page with `window.cloudbase` and `window.auth` on an environment.
import { chromium } from 'playwright-core';

export const WWW_URL = process.env.WWW_URL || 'http://127.0.0.1:8080';
export const EMULATOR_URL = process.env.EMULATOR_URL || 'http://127.0.0.1:8787';

let failed = 0;
/** Prints the check's PASS or FAIL line (with `detail` on failure) and counts the failures. */
export function check(name, cond, detail) {
  console.log(`${cond ? 'PASS' : 'FAIL'} ${name}${cond ? '' : `: ${JSON.stringify(detail)}`}`);
  if (!cond) failed += 1;
}

/** Prints the summary line of `suite` and exits, non-zero when a check failed. */
export function finish(suite) {
  console.log(`${suite}: ${failed ? `${failed} failed` : 'all passed'}`);
  process.exit(failed ? 1 : 0);
}

/** Headless Chromium. */
export const launch = () => chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/**
 * A username/password user of `env` (password `abc12345`, and the `email` or `phone_number` of
 * `more`), made through the dev API.
 */
export const createUser = (env, username, more = {}) => fetch(`${EMULATOR_URL}/emulator/v1/users?client_id=${env}`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username, password: 'abc12345', ...more }),
});

/**
 * A page of `browser` (in `context` when given, else a context of its own) with the package
 * loaded (`window.cloudbase`) and a client of `env` on the emulator (`window.auth`, `auth`
 * options as given), and the page errors it collects.
 */
export async function openAuth(browser, env, auth = {}, context = null) {
  const page = await (context || await browser.newContext()).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(WWW_URL, { waitUntil: 'load' });
  await page.evaluate(async ({ env, emulator, auth }) => {
    const { default: cloudbase } = await import('/pkg/index.js');
    window.cloudbase = cloudbase;
    window.auth = cloudbase.init({ env, apiOrigin: emulator, auth }).auth;
  }, { env, emulator: EMULATOR_URL, auth });
  return { page, errors };
}
