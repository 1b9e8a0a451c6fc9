// Resend countdown: one per address, kept in sessionStorage so that a reload keeps it.
import { addressKey } from './address.js';
import { el } from './dom.js';

const COOLDOWN_STORE = 'demo.resend-after';

let cooldowns = {};
try {
  const stored = JSON.parse(sessionStorage.getItem(COOLDOWN_STORE) || '{}') || {};
  for (const [key, until] of Object.entries(stored)) if (Number(until) > Date.now()) cooldowns[key] = Number(until);
} catch {
  cooldowns = {};
}

function saveCooldowns() {
  try {
    sessionStorage.setItem(COOLDOWN_STORE, JSON.stringify(cooldowns));
  } catch {
    /* private mode: the countdown lives in memory only */
  }
}

/** Whole seconds before another code may be sent to `key` (the typed address by default). */
export function cooldownLeft(key = addressKey(el.id.value)) {
  const until = cooldowns[key];
  if (!until) return 0;
  const left = Math.ceil((until - Date.now()) / 1000);
  if (left > 0) return left;
  delete cooldowns[key];
  saveCooldowns();
  return 0;
}

/** Starts the countdown for `key`, or extends it (never shortens it). */
export function startCooldown(key, seconds) {
  if (!key) return;
  cooldowns[key] = Math.max(cooldowns[key] || 0, Date.now() + Math.ceil(seconds) * 1000);
  saveCooldowns();
}

/** Whether any address has a countdown (running or not yet seen to have ended). */
export function anyCooldown() {
  return Object.keys(cooldowns).length > 0;
}
