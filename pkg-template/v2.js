// The v2 API of `app.auth`: methods resolving the data and rejecting with the raw error
// `{ error, error_description, ... }`, and the login state with its user helpers.
import { authError, rawError } from './errors.js';
import { handedInfo } from './handoff.js';
import { WasmAuth } from './load.js';
import { data, text, withUser } from './shapes.js';

export const v2Methods = {
  async _v2(method, build) {
    const r = await this._call(method, build);
    if (r.error) throw rawError(r.error);
    return r.data;
  },
  async _loginState(method, build) {
    await this._v2(method, build);
    return this.hasLoginState();
  },
  /** v2: sends a code; resolves `{ verification_id, is_user, expires_in }`. */
  getVerification(params) {
    return this._v2('getVerification', (c) => c.getVerification(data(params)));
  },
  /** v2: checks a code; resolves `{ verification_token, expires_in }`. */
  verify(params) {
    const p = params || {};
    return this._v2('verify', (c) => c.verify(text(p.verification_id), text(p.verification_code)));
  },
  /** v2: `{ username, password | verification_token }`; resolves the login state. */
  signIn(params) {
    return this._loginState('signIn', (c) => c.signIn(data(params)));
  },
  /** v2: sign in (or up, for a new phone) with an SMS code. */
  signInWithSms(params) {
    const { verificationInfo = {}, verificationCode, phoneNum } = params || {};
    return this._codeLogin('phone_number', phoneNum, verificationInfo, verificationCode);
  },
  /** v2: sign in (or up, for a new email) with an email code. */
  signInWithEmail(params) {
    const { verificationInfo = {}, verificationCode, email } = params || {};
    return this._codeLogin('email', email, verificationInfo, verificationCode);
  },
  async _codeLogin(field, address, verificationInfo, code) {
    const info = verificationInfo || {};
    const { verification_token } = await this.verify({
      verification_id: info.verification_id,
      verification_code: code,
    });
    if (info.is_user) return this.signIn({ username: address, verification_token });
    return this._loginState('signUp', (c) => c.signUpDirect(data({ [field]: address, verification_token })));
  },
  /**
   * v2: the login state from the session's storage, synchronously (`null` when signed out).
   * Before the SDK has loaded, from the session a previous page handed over; `null` without
   * one (await any call, e.g. `getLoginState()`, first).
   */
  hasLoginState() {
    const c = this._made();
    const info = c ? c.currentUserInfo() : !WasmAuth && handedInfo(this);
    return info ? loginState(this, info) : null;
  },
  /**
   * v2: the login state (`null` when signed out, and, as in the original, when it cannot be
   * had now: the network down while the token needs refreshing, say).
   */
  async getLoginState() {
    const r = await this.getSession();
    if (r.error || !r.data.session) return null;
    // A session the previous page handed over answers before the module has loaded; the
    // login state is read through the client.
    if (!this._made()) {
      try {
        await this._client();
      } catch {
        return null;
      }
    }
    return this.hasLoginState();
  },
  /**
   * v2: the user info merged with the user's helpers, or `null`; as in the original, the user
   * is fetched again first (`/v1/user/me`; a failure leaves the stored one).
   */
  async getCurrentUser() {
    if (!(await this.getLoginState())) return null;
    await this.getUser();
    const state = this.hasLoginState();
    return state ? state.user : null;
  },
  /** v2: the same as `getCurrentUser()`. */
  getUserInfo() {
    return this.getCurrentUser();
  },
  /**
   * v2: `{ accessToken, env }`, the token refreshed first when it has expired; rejects with the
   * raw error (`unauthenticated` when signed out).
   */
  async getAccessToken() {
    return { accessToken: (await this.getCredentials()).access_token, env: this._app.config.env };
  },
  /**
   * v2: the stored credentials (`expires_at` a `Date`), the token refreshed first when it has
   * expired; rejects with the raw error (`unauthenticated` when signed out).
   */
  async getCredentials() {
    const { data, error } = await this.getSession();
    if (error || !data.session) throw rawError(error || authError('unauthenticated', 'not signed in'));
    return credentialsOf(data.session);
  },
  /**
   * v2: `credentials` (`{ access_token, expires_in, refresh_token?, expires_at?, ... }`, as the
   * service or `getCredentials()` gives them) become the session once the service has named
   * their user (`SIGNED_IN`); a refusal keeps the session. `null` signs out here, without
   * asking the service.
   */
  async setCredentials(credentials) {
    await this._v2('setCredentials', (c) => c.setCredentials(credentials == null ? undefined : JSON.stringify(credentials)));
  },
  /** v2: refreshes the token now; resolves the new credentials (v1 tokens: no `version`). */
  async refreshTokenForce() {
    return credentialsOf((await this._v2('refreshSession', (c) => c.refreshSession())).session);
  },
  /** v2: the session's scope (`user`, `anonymous`). */
  async loginScope() {
    return (await this.getCredentials()).scope;
  },
  /** v2: the session's groups. */
  async loginGroups() {
    return (await this.getCredentials()).groups;
  },
  /** v2: `{ password | verification_token }` → `{ sudo_token }`, which the changes below ask for. */
  async sudo(params) {
    const p = params || {};
    return { sudo_token: await this._v2('sudo', (c) => c.sudo(text(p.password), text(p.verification_token))) };
  },
  /** v2: `{ new_password, sudo_token }`. */
  async setPassword(params) {
    const p = params || {};
    await this._v2('setPassword', (c) => c.setPassword(text(p.new_password), text(p.sudo_token)));
  },
  /** v2: `{ sudo_token }`: deletes the user, then signs out. */
  async deleteMe(params) {
    await this._v2('deleteUser', (c) => c.deleteMe(text(params && params.sudo_token)));
  },
  /** v2: `{ email | phone_number, new_password, verification_token }` (of a code sent to it). */
  async resetPassword(params) {
    const p = params || {};
    await this._v2('resetPassword', (c) =>
      c.resetPassword(text(p.email), text(p.phone_number), text(p.new_password), text(p.verification_token)));
  },
  /**
   * v2: `{ phone_number, sudo_token, verification_token, conflict_resolution? }`; the stored
   * user is then read again (`USER_UPDATED`).
   */
  bindPhoneNumber(params) {
    return this._bindContact('phone_number', params);
  },
  /** v2: `{ email, sudo_token, verification_token, conflict_resolution? }`, as `bindPhoneNumber`. */
  bindEmail(params) {
    return this._bindContact('email', params);
  },
  async _bindContact(field, params) {
    await this._v2('bindContact', (c) => {
      const p = params || {};
      const address = text(p[field]);
      return c.bindContact(field === 'email' ? address : '', field === 'email' ? '' : address,
        text(p.sudo_token), text(p.verification_token), text(p.conflict_resolution));
    });
  },
  /** v2: `{ total, data: [{ id, name, provider_user_name?, bind }] }`, the service's list, unbound providers too. */
  getProviders() {
    return this._v2('getProviders', (c) => c.getProviders());
  },
  /** v2: the user, synchronously (`null` when signed out or not loaded yet). */
  get currentUser() {
    const state = this.hasLoginState();
    return state ? state.user : null;
  },
  /** v2: unlinks the identity of `{ provider_id }` (`DELETE /v1/user/provider/{id}`). */
  async unbindProvider(params) {
    await this._v2('unlinkIdentity', (c) => c.unlinkIdentity(text(params && params.provider_id)));
  },
  /** v2: `{ provider_token }` (of `grantProviderToken`): signs in; resolves the login state. */
  signInWithProvider(params) {
    return this._loginState('signInWithIdToken', (c) => c.signInWithIdToken(text(params && params.provider_token)));
  },
  /**
   * v2: `{ provider_id, provider_redirect_uri, state }` → `{ uri }`, the provider's authorize
   * URI (`scope` and `other_params` are not sent: the provider's defaults).
   */
  async genProviderRedirectUri(params) {
    const p = params || {};
    return { uri: await this._v2('oauthUri', (c) => c.oauthUri(text(p.provider_id), text(p.provider_redirect_uri), text(p.state))) };
  },
  /** v2: `{ provider_id, provider_redirect_uri, provider_code }` → `{ provider_token }`. */
  async grantProviderToken(params) {
    const p = params || {};
    const token = await this._v2('grantProviderToken', (c) =>
      c.grantProviderToken(text(p.provider_id), text(p.provider_code), text(p.provider_redirect_uri)));
    return { provider_token: token };
  },
  /**
   * v2: `{ provider_token }`: binds the provider's identity to the user. No event, as the
   * original: the module's `BIND_IDENTITY` is not passed on (the entry gives that event, with
   * its outcome, for `linkIdentity`).
   */
  async bindWithProvider(params) {
    await this._v2('bindWithProvider', (c) => c.bindWithProvider(text(params && params.provider_token)));
  },
  /** v2: whether `username` is taken. */
  isUsernameRegistered(username) {
    return this._v2('isUsernameRegistered', (c) => c.isUsernameRegistered(text(username)));
  },
  /**
   * v2: `callback(loginState)` at once, then on every sign-in and sign-out
   * `callback({ name: 'loginStateChanged', data: { eventType }, ...loginState })`, as the
   * original. Returns the subscription.
   */
  onLoginStateChanged(callback) {
    const { data } = this.onAuthStateChange((event) => {
      const eventType = { SIGNED_IN: 'sign_in', SIGNED_OUT: 'sign_out' }[event];
      if (event === 'INITIAL_SESSION') callback(this.hasLoginState());
      else if (eventType) callback({ name: 'loginStateChanged', data: { eventType }, ...this.hasLoginState() });
    });
    return data.subscription;
  },
};

// The v2 credentials of a session: its stored fields, `expires_at` a `Date` (as the original
// reads them from storage).
function credentialsOf({ user, ...credentials }) {
  return { ...credentials, expires_at: new Date(credentials.expires_at) };
}

// The v2 login state: `{ user }`, the user being the stored user info plus helpers.
function loginState(auth, info) {
  const update = (fields) => auth._v2('updateUser', (c) => withUser(c.updateUser(data(fields))));
  const user = {
    ...info,
    uid: info.uid || info.sub,
    phoneNumber: info.phone_number,
    emailVerified: info.email_verified,
    createdFrom: info.created_from,
    refresh: () => auth._v2('getUser', (c) => c.getUser()).then(() => auth.currentUser),
    update,
    updateUserBasicInfo: update,
    updateUsername: (username) => update({ username }),
    updatePassword: (newPassword, oldPassword) =>
      auth._v2('updatePassword', (c) => c.updatePassword(text(newPassword), text(oldPassword))),
  };
  return { user, isAnonymousAuth: info.name === 'anonymous' };
}
