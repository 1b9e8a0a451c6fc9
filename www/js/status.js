// Emulator status: the dot in the top bar, and the code limits the emulator is set to.
import { el } from './dom.js';
import { EMULATOR_URL } from './sdk.js';
import { limits } from './state.js';

/** Shows the emulator as online (`up`) or offline. */
export function setEmulatorStatus(up) {
  el.emulatorStatus.dataset.state = up ? 'up' : 'down';
  el.emulatorStatusText.textContent = up ? 'online' : 'offline';
}

/** Reads the code limits of the emulator, for the words around codes (defaults otherwise). */
export async function loadLimits() {
  try {
    const res = await fetch(`${EMULATOR_URL}/emulator/v1/config`, { cache: 'no-store' });
    if (!res.ok) return;
    const config = await res.json();
    // (`code_ttl_secs` and `max_attempts` only: the page keeps its own 60 s resend countdown.)
    for (const k of Object.keys(limits)) if (Number(config?.[k]) > 0) limits[k] = Number(config[k]);
  } catch {
    /* not the emulator, or down: keep the defaults */
  }
}

/** Asks the emulator's health endpoint whether it is up, and shows the answer. */
export async function checkHealth() {
  try {
    const res = await fetch(`${EMULATOR_URL}/emulator/v1/health`, { cache: 'no-store' });
    setEmulatorStatus(res.ok && (await res.json())?.ok === true);
  } catch {
    setEmulatorStatus(false);
  }
}
