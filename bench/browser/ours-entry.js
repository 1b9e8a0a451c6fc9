// This SDK, as the npm package is imported (pkg/ served next to the page, no bundler).
import cloudbase from './pkg/index.js';

globalThis.benchSdk = {
  name: 'ours',
  init(env, emulatorUrl) {
    return cloudbase.init({ env, apiOrigin: emulatorUrl, auth: { autoRefreshToken: false } }).auth;
  },
};
