// The empty page: no SDK. Its "auth" answers getSession() at once, so the harness reaches the
// same point as with an SDK and the start-up rows can be read against a page without one.
globalThis.benchSdk = {
  name: 'empty',
  init() {
    return { getSession: async () => ({ data: { session: {} }, error: null }) };
  },
};
