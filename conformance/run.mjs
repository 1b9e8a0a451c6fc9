#!/usr/bin/env node
// Conformance: drives the real @cloudbase/js-sdk 3.7.0 against the emulator.
//   EMULATOR_URL=http://127.0.0.1:8787 node conformance/run.mjs
// Each check runs in its own env id with an empty localStorage; exit code 1 if any check fails.
// The checks are in checks/ (registered in the order imported), the runner in runner.mjs.
import { loadCloudbase } from './sdk.mjs';
import { EMULATOR_URL, RUN_ID, health } from './emulator.mjs';
import { runAll } from './runner.mjs';
import './checks/sign-in.mjs';
import './checks/account.mjs';

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  console.log(`conformance: real @cloudbase/js-sdk against ${EMULATOR_URL} (run ${RUN_ID})`);
  let up = false;
  try {
    up = await health();
  } catch (e) {
    console.log(`FAIL  emulator health: ${e?.cause?.message || e.message}`);
  }
  if (!up) {
    console.log(`the emulator does not answer at ${EMULATOR_URL}/emulator/v1/health; start it with scripts/emulator.sh start`);
    return false;
  }
  const { cloudbase, version } = loadCloudbase();
  console.log(`loaded @cloudbase/js-sdk ${version}\n`);
  return runAll({ cloudbase });
}

main().then(
  (allPassed) => process.exit(allPassed ? 0 : 1),
  (e) => {
    console.error(e?.stack || e);
    process.exit(1);
  },
);
