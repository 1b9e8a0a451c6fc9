// The phone-code login page of the CloudBase docs: its handlers switch on `error.code`.
import cloudbase, { type AuthErrorCode, type VerificationErrorCode } from 'cloudbase-auth-wasm';
import { assert, type Equal } from './expect';

const auth = cloudbase.init({ env: 'my-env' }).auth;

/** What the page says for each documented code (exhaustive: a missing case fails to compile). */
const WORDS: Record<VerificationErrorCode, string> = {
  invalid_phone: 'Check the phone number',
  user_not_found: 'No account with this number',
  resource_exhausted: 'Too many codes, wait a moment',
  unreachable: 'Network problem',
  invalid_code: 'Wrong code',
  code_expired: 'The code expired, send a new one',
  max_attempts_exceeded: 'Too many tries, send a new code',
};

export async function phoneLogin(phone: string, readCode: () => Promise<string>): Promise<string> {
  const { data, error } = await auth.signInWithOtp({ phone, options: { shouldCreateUser: false } });
  if (error) {
    switch (error.code) {
      case 'invalid_phone': return WORDS.invalid_phone;
      case 'user_not_found': return WORDS.user_not_found;
      case 'resource_exhausted': return WORDS.resource_exhausted;
      case 'unreachable': return WORDS.unreachable;
      default:
        return error.message;
    }
  }
  const verified = await data.verifyOtp({ token: await readCode() });
  if (verified.error) {
    switch (verified.error.code) {
      case 'invalid_code': return WORDS.invalid_code;
      case 'code_expired': return WORDS.code_expired;
      case 'max_attempts_exceeded': return WORDS.max_attempts_exceeded;
      default:
        return verified.error.message;
    }
  }
  return 'signed in';
}

// Every documented code is an AuthErrorCode.
assert<Equal<VerificationErrorCode extends AuthErrorCode ? true : false, true>>();
