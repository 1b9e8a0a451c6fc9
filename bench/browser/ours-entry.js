// This SDK as a web app imports it from the npm package (the repo's pkg/): bundled with the
// app's code by esbuild (pages.mjs), the glue and the `.wasm` left as the package's own files.
import cloudbase from '../../pkg/index.js';

globalThis.benchSdk = {
  name: 'ours',
  // The page instantiates a wasm module: the runner waits for it before it measures.
  wasm: true,
  init(env, emulatorUrl) {
    return cloudbase.init({ env, apiOrigin: emulatorUrl, auth: { autoRefreshToken: false } }).auth;
  },
};
