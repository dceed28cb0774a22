// The floors: the whole corpus on the memory, sqlite, postgres, http and http-postgres targets must pass at least conformance/floor.json's
// counts, the AWS service cases run against moto_server (which CI installs).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startMotoServer, type MotoServer } from 'stepwise/testing';
import { conformanceAccount, useAwsServices } from './aws-services.ts';
import { loadCases } from './case.ts';
import { defaultCaseDirs, floorFile } from './case-dirs.ts';
import { floorFor, readFloors } from './floor.ts';
import { runCases } from './runner.ts';
import { findTarget } from './targets/index.ts';

const cases = loadCases(defaultCaseDirs);
let moto: MotoServer;

before(async () => {
  moto = await startMotoServer({ env: { ...process.env, MOTO_ACCOUNT_ID: conformanceAccount } });
  useAwsServices(moto);
});

after(async () => {
  useAwsServices(undefined);
  await moto.stop();
});

for (const name of ['memory', 'sqlite', 'postgres', 'http', 'http-postgres']) {
  it(`${name} target passes at least the floor`, async () => {
    const target = findTarget(name);
    assert.ok(target);
    const report = await runCases(target, cases).finally(() => target.close?.());
    const floor = floorFor(readFloors(floorFile), name);
    assert.ok(report.totals.passed >= floor, `passed ${String(report.totals.passed)} < floor ${String(floor)}`);
  });
}

it('the replay target (the harness checking itself) fails nothing', async () => {
  const target = findTarget('replay');
  assert.ok(target);
  const report = await runCases(target, cases);
  const failed = report.outcomes.filter((o) => o.status === 'failed').map((o) => o.id);
  assert.deepEqual(failed, []);
});
