// The page state the panels share. Each panel keeps what only it needs to itself; what more
// than one panel reads or writes lives here.

/** Seconds before another code may be asked for the same phone or email. */
export const RESEND_SECONDS = 60;

/** The mutable state of the page. */
export const state = {
  /** The current session, as last reported by the SDK (null when signed out). */
  session: null,
  /**
   * The code waiting to be typed: { kind: 'code' | 'reset', key, target, channel, messageId,
   * verifyOtp | updateUser, sentAt, wrong, expiresAt }. `key` is the address in the form the
   * service keeps.
   */
  pending: null,
  /** An SDK call started from the page is running. */
  busy: false,
};

/** The emulator's limits (GET /emulator/v1/config), for the words around codes. */
export const limits = { max_attempts: 5, code_ttl_secs: 600 };
