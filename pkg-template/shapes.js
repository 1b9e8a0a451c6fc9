// Small helpers shaping what crosses to the wasm module and back.

// Object arguments as plain data (a JSON copy): a getter or proxy of the app's that throws
// does so here, in the call, which fails with `internal`, not while the wasm module reads
// them (an exception through the module's frames leaves its stack behind, until no call runs).
export const data = (v) => (v !== null && typeof v === 'object' ? JSON.parse(JSON.stringify(v)) : v);

// A text argument: `null` and `undefined` are empty, anything else its string.
export const text = (v) => String(v ?? '');

// `{ user }` of a call that resolves to the user.
export const withUser = async (user) => ({ user: await user });
