// Small helpers shaping what crosses to the wasm module and back.

// Object arguments read once here (`JSON.stringify`) before the wasm module reads them: a
// getter or proxy of the app's that throws does so in the call, which fails with `internal`,
// not while the module reads (an exception through the module's frames leaves its stack
// behind, until no call runs). The module gets the argument itself.
export const data = (v) => {
  if (v !== null && typeof v === 'object') JSON.stringify(v);
  return v;
};

// A text argument: `null` and `undefined` are empty, anything else its string.
export const text = (v) => String(v ?? '');

// `{ user }` of a call that resolves to the user.
export const withUser = async (user) => ({ user: await user });
