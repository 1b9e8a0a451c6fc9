// Small helpers shaping what crosses to the wasm module and back.

// A text argument: `null` and `undefined` are empty, anything else its string.
export const text = (v) => String(v ?? '');

// `{ user }` of a call that resolves to the user.
export const withUser = async (user) => ({ user: await user });
