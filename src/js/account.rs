//! The account, OAuth and v2 methods of [`WasmAuth`]: codes sent again, profile and address
//! changes, identities, password recovery and re-authentication, deletion, the OAuth steps
//! and the v2 building blocks.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::core::{AuthError, SignedIn};
use crate::prelude::*;
use cloudbase_auth_wire as wire;

use super::WasmAuth;
use super::args::AddressArgs;
use super::convert::{arg, challenge, empty, itself, reply, to_js};

/// `text`, or `None` when it is empty (an argument left out).
fn given(text: String) -> Option<String> {
    Some(text).filter(|t| !t.is_empty())
}

/// A string result (a URI, a sudo token) as itself.
fn string(text: String) -> Result<JsValue, AuthError> {
    Ok(JsValue::from(text))
}

fn exist(exist: bool) -> Result<JsValue, AuthError> {
    Ok(JsValue::from_bool(exist))
}

/// `{user, session}` of a sign-in, `{}` of a binding.
fn signed_in_or_empty(signed: Option<SignedIn>) -> Result<JsValue, AuthError> {
    match signed {
        Some(signed) => to_js(&signed),
        None => empty(()),
    }
}

#[wasm_bindgen]
impl WasmAuth {
    /// `resend({email | phone, type?})` → the challenge (`type: 'signup'` may reach new
    /// addresses; otherwise only existing users').
    pub fn resend(&self, params: JsValue) -> Promise {
        let sent = arg::<AddressArgs>(params, "resend").map(|p| {
            let for_sign_up = p.kind.as_deref() == Some("signup");
            self.client
                .resend(p.email.as_deref(), p.phone.as_deref(), for_sign_up)
        });
        self.promise(reply(sent, challenge))
    }

    /// `updateUser({nickname, username, avatar_url, gender, description})` → the user.
    #[wasm_bindgen(js_name = updateUser)]
    pub fn update_user(&self, fields: JsValue) -> Promise {
        let updated = arg(fields, "updateUser").map(|f| self.client.update_profile(f));
        self.promise(reply(updated, itself))
    }

    /// Starts an email or phone change (`{email | phone}`): a code goes to the new address →
    /// the challenge (for [`complete_contact_change`](Self::complete_contact_change)).
    #[wasm_bindgen(js_name = changeContact)]
    pub fn change_contact(&self, params: JsValue) -> Promise {
        let sent = arg::<AddressArgs>(params, "updateUser").map(|p| {
            self.client
                .change_contact(p.email.as_deref(), p.phone.as_deref())
        });
        self.promise(reply(sent, challenge))
    }

    /// Sets the new address of an address change's `challenge` with its code `token` →
    /// the user.
    #[wasm_bindgen(js_name = completeContactChange)]
    pub fn complete_contact_change(&self, challenge: JsValue, token: &str) -> Promise {
        let changed =
            arg(challenge, "challenge").map(|c| self.client.complete_contact_change(&c, token));
        self.promise(reply(changed, itself))
    }

    /// `getUserIdentities()` → the list of linked identities.
    #[wasm_bindgen(js_name = getUserIdentities)]
    pub fn get_user_identities(&self) -> Promise {
        self.promise(reply(Ok(self.client.get_user_identities()), itself))
    }

    /// Unlinks the identity of `provider` → `{}`.
    #[wasm_bindgen(js_name = unlinkIdentity)]
    pub fn unlink_identity(&self, provider: &str) -> Promise {
        self.promise(reply(Ok(self.client.unlink_identity(provider)), empty))
    }

    /// Sends a recovery code to `email_or_phone` → the challenge.
    #[wasm_bindgen(js_name = resetPasswordForEmail)]
    pub fn reset_password_for_email(&self, email_or_phone: &str) -> Promise {
        let sent = self.client.reset_password_for_email(email_or_phone);
        self.promise(reply(Ok(sent), challenge))
    }

    /// Finishes a password reset: the recovery `challenge`, its code `nonce`, the new
    /// `password` → `{user, session}`.
    #[wasm_bindgen(js_name = completePasswordReset)]
    pub fn complete_password_reset(
        &self,
        challenge: JsValue,
        nonce: &str,
        password: &str,
    ) -> Promise {
        let signed = arg(challenge, "challenge")
            .map(|c| self.client.complete_password_reset(&c, nonce, password));
        self.signed_in(signed)
    }

    /// `reauthenticate()`: a code to the user's own phone or email → the challenge.
    pub fn reauthenticate(&self) -> Promise {
        self.promise(reply(Ok(self.client.reauthenticate()), challenge))
    }

    /// Finishes re-authentication: its `challenge`, the code `nonce`, and a new `password`
    /// to set (none when empty) → the user.
    #[wasm_bindgen(js_name = completeReauthentication)]
    pub fn complete_reauthentication(
        &self,
        challenge: JsValue,
        nonce: &str,
        password: &str,
    ) -> Promise {
        let password = Some(password).filter(|p| !p.is_empty());
        let done = arg(challenge, "challenge")
            .map(|c| self.client.complete_reauthentication(&c, nonce, password));
        self.promise(reply(done, itself))
    }

    /// v2 `user.updatePassword(newPassword, oldPassword)` → `{}`.
    #[wasm_bindgen(js_name = updatePassword)]
    pub fn update_password(&self, new_password: &str, old_password: &str) -> Promise {
        let changed = self.client.update_password(old_password, new_password);
        self.promise(reply(Ok(changed), empty))
    }

    /// Deletes the user after checking `password`; signs out → `{}`.
    #[wasm_bindgen(js_name = deleteUser)]
    pub fn delete_user(&self, password: &str) -> Promise {
        self.promise(reply(Ok(self.client.delete_user(password)), empty))
    }

    /// The authorize URI of `provider`, returning to `redirect_uri` with `state` → the URI.
    #[wasm_bindgen(js_name = oauthUri)]
    pub fn oauth_uri(&self, provider: &str, redirect_uri: &str, state: &str) -> Promise {
        let asked = self.client.oauth_uri(provider, redirect_uri, state);
        self.promise(reply(Ok(asked), string))
    }

    /// Finishes an OAuth callback with the provider's `code` for the page at `redirect_uri`:
    /// signs in → `{user, session}`.
    #[wasm_bindgen(js_name = verifyOAuth)]
    pub fn verify_oauth(&self, provider: &str, code: &str, redirect_uri: &str) -> Promise {
        let signed = self
            .client
            .verify_oauth(provider, code, redirect_uri, false);
        self.promise(reply(Ok(signed), signed_in_or_empty))
    }

    /// As [`verify_oauth`](Self::verify_oauth), but binds the identity to the signed-in user
    /// (`BIND_IDENTITY`) → `{}`.
    #[wasm_bindgen(js_name = bindOAuth)]
    pub fn bind_oauth(&self, provider: &str, code: &str, redirect_uri: &str) -> Promise {
        let bound = self.client.verify_oauth(provider, code, redirect_uri, true);
        self.promise(reply(Ok(bound), signed_in_or_empty))
    }

    /// v2: whether `username` is taken → `true` or `false`.
    #[wasm_bindgen(js_name = isUsernameRegistered)]
    pub fn is_username_registered(&self, username: &str) -> Promise {
        let asked = self.client.is_username_registered(username);
        self.promise(reply(Ok(asked), exist))
    }

    /// v2 `getVerification({phone_number | email, target?, usage?})` → the service's answer
    /// (`{verification_id, is_user, expires_in}`).
    #[wasm_bindgen(js_name = getVerification)]
    pub fn get_verification(&self, params: JsValue) -> Promise {
        let sent = arg(params, "getVerification").map(|p| self.client.get_verification(p));
        self.promise(reply(sent, itself))
    }

    /// v2 `verify({verification_id, verification_code})`: checks the code
    /// `verification_code` of `verification_id` → the service's answer
    /// (`{verification_token, expires_in}`).
    pub fn verify(&self, verification_id: &str, verification_code: &str) -> Promise {
        let checked = self.client.verify(verification_id, verification_code);
        self.promise(reply(Ok(checked), itself))
    }

    /// v2 `signIn({username, password | verification_token})` → `{user, session}`.
    #[wasm_bindgen(js_name = signIn)]
    pub fn sign_in(&self, params: JsValue) -> Promise {
        let signed = arg(params, "signIn").map(|p| self.client.sign_in(p));
        self.signed_in(signed)
    }

    /// v2 direct `signUp({phone_number | email, verification_token, ...})` →
    /// `{user, session}`.
    #[wasm_bindgen(js_name = signUpDirect)]
    pub fn sign_up_direct(&self, params: JsValue) -> Promise {
        let signed = arg(params, "signUp").map(|p| self.client.sign_up_direct(p));
        self.signed_in(signed)
    }

    /// v2 `sudo({password | verification_token})` → the sudo token (empty strings are
    /// absent).
    pub fn sudo(&self, password: &str, verification_token: &str) -> Promise {
        let body = wire::SudoRequest {
            password: given(password.to_owned()),
            verification_token: given(verification_token.to_owned()),
        };
        self.promise(reply(Ok(self.client.sudo(body)), string))
    }

    /// v2 `setPassword({new_password, sudo_token})` → `{}`.
    #[wasm_bindgen(js_name = setPassword)]
    pub fn set_password(&self, new_password: &str, sudo_token: &str) -> Promise {
        let changed = self.client.set_password(new_password, sudo_token);
        self.promise(reply(Ok(changed), empty))
    }

    /// v2 `deleteMe({sudo_token})`: deletes the user and signs out → `{}`.
    #[wasm_bindgen(js_name = deleteMe)]
    pub fn delete_me(&self, sudo_token: &str) -> Promise {
        self.promise(reply(Ok(self.client.delete_me(sudo_token)), empty))
    }

    /// v2 `resetPassword({email | phone_number, new_password, verification_token})` → `{}`
    /// (an empty `email` or `phone_number` is absent).
    #[wasm_bindgen(js_name = resetPassword)]
    pub fn reset_password(
        &self,
        email: String,
        phone_number: String,
        new_password: String,
        verification_token: String,
    ) -> Promise {
        // Empty addresses are left out by the core's own check of them.
        let body = wire::PasswordReset {
            email: Some(email),
            phone_number: Some(phone_number),
            new_password,
            verification_token,
        };
        self.promise(reply(Ok(self.client.reset_password(body)), empty))
    }

    /// v2 `bindPhoneNumber` / `bindEmail`: the new `email` or `phone_number` (the other
    /// empty), the `sudo_token`, the `verification_token` of a code sent to the address and
    /// the `conflict_resolution` (none when empty) → the user.
    #[wasm_bindgen(js_name = bindContact)]
    pub fn bind_contact(
        &self,
        email: String,
        phone_number: String,
        sudo_token: String,
        verification_token: String,
        conflict_resolution: String,
    ) -> Promise {
        let body = wire::ContactChange {
            email: Some(email),
            phone_number: Some(phone_number),
            sudo_token,
            verification_token,
            conflict_resolution: given(conflict_resolution),
        };
        self.promise(reply(Ok(self.client.bind_contact(body)), itself))
    }

    /// v2 `getProviders()` → `{total, data}` as the service answers, unbound providers
    /// included.
    #[wasm_bindgen(js_name = getProviders)]
    pub fn get_providers(&self) -> Promise {
        self.promise(reply(Ok(self.client.providers()), itself))
    }

    /// v2 `grantProviderToken({provider_id, provider_redirect_uri, provider_code})`: the
    /// provider token for the provider's `code` → the token.
    #[wasm_bindgen(js_name = grantProviderToken)]
    pub fn grant_provider_token(&self, provider: &str, code: &str, redirect_uri: &str) -> Promise {
        let granted = self
            .client
            .grant_provider_token(provider, code, redirect_uri);
        self.promise(reply(Ok(granted), string))
    }

    /// v2 `bindWithProvider({provider_token})`: binds the identity to the user → `{}`.
    #[wasm_bindgen(js_name = bindWithProvider)]
    pub fn bind_with_provider(&self, provider_token: &str) -> Promise {
        self.promise(reply(Ok(self.client.bind_provider(provider_token)), empty))
    }

    /// v2 `setCredentials(credentials)`, given as their JSON text: they become the session →
    /// `{user, session}`; `undefined` signs out here → `{}`.
    #[wasm_bindgen(js_name = setCredentials)]
    pub fn set_credentials(&self, credentials: Option<String>) -> Promise {
        let set = self.client.set_credentials(credentials.as_deref());
        self.promise(reply(Ok(set), signed_in_or_empty))
    }
}
