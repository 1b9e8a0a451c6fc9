// Phone numbers and emails: the channel chosen, and the one key each address is kept under.
import { el } from './dom.js';

const TWO_DIGIT_CC = new Set([
  20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56,
  57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
]);

/**
 * The "+CC NNNN" form the service stores phones in, as the SDK normalises them: "+86 138…" is
 * kept, "+86138…" is split at its country code, a bare national number gets "+86". Only used to
 * look codes up in the dev inbox and to key the resend countdown; the SDK gets what the user typed.
 */
export function canonicalPhone(raw) {
  const text = raw.trim();
  const digits = (s) => (/^[\d\s()\-\u00a0]+$/.test(s) ? s.replace(/[^\d]/g, '') : null);
  if (text.startsWith('+')) {
    const m = /^\+(\d{1,3})[\s\u00a0]+(.+)$/.exec(text);
    if (m) {
      const national = digits(m[2]);
      return national ? `+${m[1]} ${national}` : null;
    }
    const all = digits(text.slice(1));
    if (!all || all.length < 6 || all[0] === '0') return null;
    const ccLen = all[0] === '1' || all[0] === '7' ? 1 : TWO_DIGIT_CC.has(Number(all.slice(0, 2))) ? 2 : 3;
    return `+${all.slice(0, ccLen)} ${all.slice(ccLen)}`;
  }
  const national = digits(text);
  return national && national.length >= 5 ? `+86 ${national}` : null;
}

/** Whether `s` has the shape of an email address. */
export const looksLikeEmail = (s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.trim());

/** Whether `s` has the shape of a phone number. */
export const looksLikePhone = (s) => /^\+?[\d\s()\-\u00a0]{5,}$/.test(s.trim());

/** One key per address, whatever way it was typed. */
export function addressKey(raw) {
  const text = String(raw || '').trim();
  if (!text) return '';
  if (text.includes('@')) return text.toLowerCase();
  return canonicalPhone(text) || text;
}

/** The channel chosen in the sign-in form: 'phone' or 'email'. */
export function channel() {
  return el.channelEmail.checked ? 'email' : 'phone';
}

/** Addresses to look up in the dev inbox for what is typed: the canonical form and the raw one. */
export function inboxAddresses() {
  const raw = el.id.value.trim();
  if (!raw) return [];
  if (channel() === 'email' || raw.includes('@')) return looksLikeEmail(raw) ? [raw.toLowerCase()] : [];
  const canonical = canonicalPhone(raw);
  if (!canonical) return [];
  return [...new Set([canonical, raw])];
}
