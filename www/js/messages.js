// Errors in plain words: the sentence the page shows for each error code of the SDK, by what
// the user was doing, and the boxes that show them. Add a code here to word it.
import { channel } from './address.js';
import { el, h } from './dom.js';
import { formatWait } from './format.js';
import { EMULATOR_URL } from './sdk.js';
import { limits, state } from './state.js';

/** The SDK's own message as the end of a sentence: "password must be 8 to 32 characters long." */
function sdkWords(error) {
  const text = String(error?.message || '').trim().replace(/[.\s]+$/, '');
  return text ? `${text}.` : '';
}

const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The SDK's reason why `subject` was refused, worded to follow "That password can’t be used:":
 * "password must be 8 to 32 characters long" becomes "it must be 8 to 32 characters long.".
 */
function sdkReason(error, subject) {
  const text = sdkWords(error)
    .replace(new RegExp(`^invalid ${subject}\\s*:\\s*`, 'i'), '')
    .replace(new RegExp(`^${subject}\\s+`, 'i'), 'it ')
    .replace(/^(must|may|should|is)\b/i, 'it $1');
  return text || 'it is not allowed.';
}

/**
 * What went wrong with a code that was typed: 'wrong', 'last-try', 'too-many', 'expired' or
 * 'used'. The SDK gives the documented codes (`invalid_code`, `code_expired`,
 * `max_attempts_exceeded`); for other answers the page reads the message, counts the wrong
 * tries and knows when the code was sent.
 */
function codeProblem(error) {
  const message = String(error?.message || '');
  const wrong = state.pending?.wrong ?? 0;
  switch (error?.code) {
    case 'invalid_code':
      return wrong >= limits.max_attempts ? 'last-try' : 'wrong';
    case 'code_expired':
      return 'expired';
    case 'max_attempts_exceeded':
      return /already used/i.test(message) ? 'used' : 'too-many';
    default:
      break;
  }
  if (/does not match|incorrect|wrong|mismatch/i.test(message)) {
    return wrong >= limits.max_attempts ? 'last-try' : 'wrong';
  }
  if (/too many|attempt/i.test(message) || wrong >= limits.max_attempts) return 'too-many';
  const expiresAt = state.pending?.expiresAt ?? (state.pending ? state.pending.sentAt + limits.code_ttl_secs * 1000 : 0);
  if ((expiresAt && Date.now() >= expiresAt) || /expired/i.test(message) && !/no longer/i.test(message)) return 'expired';
  return 'used';
}

/** Whether `error` is about the code that was typed (wrong, expired, used) rather than the rest. */
export function isCodeError(error) {
  if (error?.category === 'VERIFICATION_FAILED') return true;
  return /verification|code/i.test(String(error?.message || '')) && !/password|username/i.test(String(error?.message || ''));
}

/** The sentence for an error about the code that was typed. */
function codeSentence(error) {
  const tries = Math.max(0, limits.max_attempts - (state.pending?.wrong ?? 0));
  switch (codeProblem(error)) {
    case 'wrong':
      return `That code is not right. Check the dev inbox and type it again (${tries} ${tries === 1 ? 'try' : 'tries'} left).`;
    case 'last-try':
      return 'That code is not right, and that was the last try. Press “Resend code” for a new one.';
    case 'too-many':
      return 'Too many wrong tries: this code no longer works. Press “Resend code” for a new one.';
    case 'expired':
      return `This code has expired (codes are valid for ${formatWait(limits.code_ttl_secs)}). Press “Resend code” for a new one.`;
    default:
      return 'This code can’t be used any more: it was already used or a newer one was sent. Use the newest code, or press “Resend code”.';
  }
}

/**
 * A sentence for an SDK error. `context` is what the user was doing: 'send' (sending a code),
 * 'verify', 'reset' (asking for a reset code), 'reset-verify' (setting the new password),
 * 'password', 'anonymous', 'refresh', 'signout', 'profile' or 'session'.
 */
function plainWords(error, context) {
  const code = String(error?.code || 'unknown');
  const message = String(error?.message || '');
  const verifying = context === 'verify' || context === 'reset-verify';
  switch (code) {
    case 'invalid_code':
    case 'code_expired':
    case 'max_attempts_exceeded':
      return codeSentence(error);
    case 'invalid_phone':
      return 'That phone number doesn’t look right: use a mobile number, with its country code for numbers outside mainland China (e.g. +86 13800000000, +1 4155550100).';
    case 'invalid_argument':
    case 'invalid_verification_code':
    case 'verification_code_expired':
    case 'failed_precondition':
      if (verifying && (code !== 'invalid_argument' || isCodeError(error))) return codeSentence(error);
      if (/required|missing|empty/i.test(message)) {
        if (/^password/i.test(message)) return 'Please type the password.';
        if (/username|phone|email/i.test(message)) return 'Type a phone number, an email or a username first.';
        return `Something is missing: ${sdkWords(error)}`;
      }
      if (/username/i.test(message)) return `That username can’t be used: ${sdkReason(error, 'username')}`;
      if (/phone/i.test(message)) return 'That phone number doesn’t look right. Include the country code, e.g. +86 13800000000.';
      if (/email/i.test(message)) return 'That email address doesn’t look right. Check it, e.g. you@example.com.';
      if (/password/i.test(message)) return `That password can’t be used: ${sdkReason(error, 'password')}`;
      if (/name/i.test(message)) return `That nickname can’t be used: ${sdkReason(error, 'name')}`;
      return message ? capitalize(sdkWords(error)) : 'Something you entered isn’t valid. Check it and try again.';
    case 'resource_exhausted': {
      const wait = error.retryAfter ? formatWait(error.retryAfter) : null;
      if (context === 'send' || context === 'reset') {
        return wait
          ? `A code was sent to this address a moment ago. You can ask for another in ${wait}.`
          : 'Too many codes were asked for this address. Please wait a little and try again.';
      }
      return wait ? `Too many attempts. Please wait ${wait} and try again.` : 'Too many attempts. Please wait a little and try again.';
    }
    case 'not_found':
    case 'user_not_found':
      if (context === 'password') return 'No account uses that phone number, email or username. To create one, press “Send code”.';
      if (context === 'reset') return 'No account uses that phone number or email, so there is no password to reset. To create one, press “Send code”.';
      if (verifying) {
        return /verification/i.test(message)
          ? 'That code is no longer known to the service. Press “Resend code” for a new one.'
          : 'No account uses that phone number or email any more. Send a new code to create one.';
      }
      return 'No account was found for that.';
    case 'invalid_password':
      if (/not set/i.test(message)) return 'This account has no password yet. Sign in with a code, or use “Forgot password?” to set one.';
      if (context === 'password') return 'That password is not right. Check it and try again, sign in with a code, or use “Forgot password?”.';
      return `That password can’t be used: ${sdkReason(error, 'password')}`;
    case 'password_not_set':
      return 'This account has no password yet. Sign in with a code, or use “Forgot password?” to set one.';
    case 'wrong_password':
    case 'invalid_username_or_password':
    case 'invalid_credentials':
      return 'That password is not right. Check it and try again, sign in with a code, or use “Forgot password?”.';
    case 'already_exists':
      if (context === 'profile' || /username/i.test(message)) return 'That username is taken. Choose another one.';
      return 'An account already uses that phone number or email. Sign in instead.';
    case 'unreachable':
      return `Can’t reach the auth service at ${EMULATOR_URL}: the network is down or the emulator is not running (scripts/emulator.sh start).`;
    case 'unauthenticated':
    case 'invalid_grant':
      return (context === 'refresh' || context === 'profile') && !state.session
        ? 'You are signed out, so there is nothing to do here. Sign in first.'
        : 'Your session has ended. Please sign in again.';
    case 'user_blocked':
    case 'user_pending':
    case 'invalid_status':
    case 'under_review':
      return 'This account is blocked or waiting for review.';
    case 'provider_not_enabled':
    case 'login_method_disabled':
    case 'login_type_disabled':
      if (context === 'anonymous') return 'Guest sign-in is turned off for this environment.';
      if (context === 'password') return 'Password sign-in is turned off for this environment.';
      if (context === 'send' || context === 'reset') {
        return /sms|phone/i.test(message) || channel() === 'phone'
          ? 'Codes by SMS are turned off for this environment. Try an email address.'
          : 'Codes by email are turned off for this environment. Try a phone number.';
      }
      return 'This way of signing in is turned off for this environment.';
    case 'captcha_required':
    case 'captcha_invalid':
      return 'The service asks for a captcha, which this demo does not support. Try again later.';
    case 'unimplemented':
      return 'This SDK does not support that yet.';
    case 'internal':
    case 'unavailable':
    case 'server_error':
    case 'temporarily_unavailable':
    case 'deadline_exceeded':
      return 'The auth service had a problem. Please try again.';
    default:
      return 'Something went wrong. Please try again.';
  }
}

/** Shows `error` (an AuthError, or a sentence of the page's own) in `box`. */
export function showError(error, context, box = el.error) {
  const sentence = typeof error === 'string' ? error : plainWords(error, context);
  const detail =
    typeof error === 'string' ? null : `${error?.message || 'no details'} · code ${error?.code || 'unknown'}`;
  box.replaceChildren(h('strong', { class: 'error-title' }, sentence));
  if (detail) box.append(h('span', { class: 'error-detail' }, detail));
  box.dataset.code = typeof error === 'string' ? 'input' : String(error?.code || 'unknown');
  if (typeof error !== 'string' && isCodeError(error) && (context === 'verify' || context === 'reset-verify')) {
    box.dataset.problem = codeProblem(error);
  } else {
    delete box.dataset.problem;
  }
  box.hidden = false;
  if (box === el.error) el.notice.hidden = true;
}

/** Empties and hides the error box `box`. */
export function clearError(box = el.error) {
  box.hidden = true;
  box.replaceChildren();
  delete box.dataset.code;
  delete box.dataset.problem;
}

/** Shows `text` in the notice box (the good news above the sign-in form). */
export function showNotice(text) {
  el.notice.textContent = text;
  el.notice.hidden = false;
}
