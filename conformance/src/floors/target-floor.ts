// The floor test of one conformance target: the whole corpus on that target, with its own moto_server for the
// AWS service cases, must pass at least conformance/floor.json's count. Each target has a test file of its
// own, so `npm test` runs the targets at the same time, each in its own process (the AWS service cases reset
// moto between cases, so two targets must never share one).

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startMotoServer, type MotoServer } from 'stepwise/testing';
import { conformanceAccount, useAwsServices } from '../aws-services.ts';
import { loadCases } from '../case.ts';
import { defaultCaseDirs, floorFile } from '../case-dirs.ts';
import { floorFor, readFloors } from '../floor.ts';
import { runCases } from '../runner.ts';
import { findTarget } from '../targets/index.ts';

/** Declares, in the calling test file, the test that `name`'s target passes at least its floor. */
export function testTargetFloor(name: string): void {
  let moto: MotoServer;
  before(async () => {
    moto = await startMotoServer({ env: { ...process.env, MOTO_ACCOUNT_ID: conformanceAccount } });
    useAwsServices(moto);
  });
  after(async () => {
    useAwsServices(undefined);
    await moto.stop();
  });
  void it(`${name} target passes at least the floor`, async () => {
    const target = findTarget(name);
    assert.ok(target);
    const report = await runCases(target, loadCases(defaultCaseDirs)).finally(() => target.close?.());
    const floor = floorFor(readFloors(floorFile), name);
    assert.ok(report.totals.passed >= floor, `passed ${String(report.totals.passed)} < floor ${String(floor)}`);
  });
}
