// The real @cloudbase/js-sdk 3.7.0 as a web app imports it for auth only: app + auth.
import cloudbase from '@cloudbase/js-sdk/app';
import '@cloudbase/js-sdk/auth';

/** An app whose auth requests go to the emulator (init resets the GATEWAY endpoint). */
globalThis.benchSdk = {
  name: 'cloudbase',
  init(env, emulatorUrl) {
    const u = new URL(emulatorUrl);
    const app = cloudbase.init({ env, region: 'ap-shanghai' });
    app.registerEndPointWithKey({ key: 'GATEWAY', url: `//${u.host}/v1`, protocol: u.protocol.replace(':', '') });
    return app.auth();
  },
};
