// Talks to the emulator directly: its dev API (inbox, seeded users) and a few raw auth calls.
// Nothing here goes through the SDK, and nothing is recorded in the SDK request log.
import { randomBytes, randomInt } from 'node:crypto';
import { rawFetch } from './sdk.mjs';

export const EMULATOR_URL = (process.env.EMULATOR_URL || 'http://127.0.0.1:8787').replace(/\/+$/, '');

export const PASSWORD = 'abc12345';

const hex = (bytes) => randomBytes(bytes).toString('hex');

/** A run-unique id; env ids and addresses are derived from it. */
export const RUN_ID = hex(4);

/** A fresh environment id (users are scoped by env, so checks never see each other's users). */
export const newEnv = (tag) => `conf-${RUN_ID}-${tag}`;

/** A random mainland mobile number in the SDK's normalised form, e.g. "+86 13912345678". */
export const randomPhone = () => `+86 139${String(randomInt(0, 1e8)).padStart(8, '0')}`;

export const randomEmail = () => `conf-${RUN_ID}-${hex(4)}@example.com`;

export const randomUsername = () => `conf_${hex(5)}`;

async function call(method, path, body, headers = {}) {
  const res = await rawFetch(`${EMULATOR_URL}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${path} -> HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`);
  }
  return { status: res.status, json };
}

export async function health() {
  const { json } = await call('GET', '/emulator/v1/health');
  return json.ok === true;
}

/** Messages sent to a phone or email, newest first. */
export async function inbox(to) {
  const { json } = await call('GET', `/emulator/v1/inbox?to=${encodeURIComponent(to)}`);
  if (!Array.isArray(json.messages)) throw new Error(`inbox answer has no messages: ${JSON.stringify(json)}`);
  return json.messages;
}

/**
 * The newest message to `to` (optionally for one verification id), waiting briefly for it.
 * Returns `{code, verification_id, channel, ...}`.
 */
export async function latestMessage(to, { verificationId } = {}) {
  for (let i = 0; i < 20; i++) {
    const msgs = await inbox(to);
    const m = verificationId ? msgs.find((x) => x.verification_id === verificationId) : msgs[0];
    if (m) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code in the emulator inbox for ${to}${verificationId ? ` (verification ${verificationId})` : ''}`);
}

/** A code that is certainly wrong for `code`. */
export const wrongCode = (code) => code.replace(/^./, (d) => String((Number(d) + 1) % 10));

/**
 * Creates a username/password user in `env` without sending any code (dev API), optionally with
 * a phone or email. Returns `{sub, username, password, phone, email}`.
 */
export async function seedUser(env, { phone, email } = {}) {
  const username = randomUsername();
  const { json } = await call('POST', `/emulator/v1/users?client_id=${encodeURIComponent(env)}`, {
    username, password: PASSWORD, phone_number: phone, email,
  });
  if (!json.sub) throw new Error(`seeding a user failed: ${JSON.stringify(json)}`);
  return { sub: json.sub, username, password: PASSWORD, phone, email };
}

/** GET /auth/v1/user/me with a bearer token, bypassing the SDK. Returns the JSON answer. */
export async function userMe(accessToken) {
  const { json } = await call('GET', '/auth/v1/user/me', undefined, { authorization: `Bearer ${accessToken}` });
  return json;
}

/** The emulator's current limits and switches (`GET /emulator/v1/config`). */
export async function getConfig() {
  const { json } = await call('GET', '/emulator/v1/config');
  return json;
}

/** Changes some limits (`PATCH /emulator/v1/config`); returns the new config. */
export async function patchConfig(patch) {
  const { status, json } = await call('PATCH', '/emulator/v1/config', patch);
  if (status >= 400 || json.error) throw new Error(`PATCH /emulator/v1/config ${JSON.stringify(patch)} failed: ${JSON.stringify(json)}`);
  return json;
}

/**
 * Runs `fn` with some limits changed, then puts back the values those keys had before, even if
 * `fn` throws. The config is global to the emulator, so keep `fn` short.
 */
export async function withConfig(patch, fn) {
  const before = await getConfig();
  const restore = Object.fromEntries(Object.keys(patch).map((k) => [k, before[k]]));
  await patchConfig(patch);
  try {
    return await fn();
  } finally {
    await patchConfig(restore);
  }
}
