// `npm run conformance`: the only conformance module that touches argv, stdio and the exit code.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startMotoServer, type MotoServer } from 'stepwise/testing';
import { conformanceAccount, useAwsServices } from './aws-services.ts';
import { loadCases } from './case.ts';
import { defaultCaseDirs, floorFile } from './case-dirs.ts';
import { floorFor, raiseFloor, readFloors } from './floor.ts';
import { formatReport } from './report.ts';
import { runCases } from './runner.ts';
import { findTarget, targetNames } from './targets/index.ts';

const usage = `usage: npm run conformance -- [--cases DIR]... [--target NAME] [--filter REGEX] [--json REPORT]
                              [--verbose] [--update-floor] [--aws | --aws-endpoint URL]
  --aws             start moto_server and run the AWS service cases against it
  --aws-endpoint    run them against this AWS-compatible server (its account must be ${conformanceAccount})`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', multiple: true },
      target: { type: 'string', default: 'memory' },
      filter: { type: 'string' },
      json: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      'update-floor': { type: 'boolean', default: false },
      aws: { type: 'boolean', default: false },
      'aws-endpoint': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const target = findTarget(values.target);
  if (!target) throw new Error(`unknown target ${values.target}; known: ${targetNames().join(', ')}`);
  const dirs = (values.cases ?? defaultCaseDirs).map((d) => resolve(d));
  const filter = values.filter === undefined ? undefined : new RegExp(values.filter);
  const cases = loadCases(dirs).filter((c) => !filter || filter.test(c.id));
  const moto = await awsServices(values.aws, values['aws-endpoint']);
  let report;
  try {
    report = await runCases(target, cases);
  } finally {
    useAwsServices(undefined);
    await moto?.stop();
  }
  process.stdout.write(`${formatReport(report, { verbose: values.verbose })}\n`);
  if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  const floor = floorFor(readFloors(floorFile), target.name);
  process.stdout.write(
    `floor for ${target.name}: ${String(floor)} passed (this run: ${String(report.totals.passed)})\n`,
  );
  if (values['update-floor']) {
    if (values.cases !== undefined || filter || !values.aws) {
      throw new Error('--update-floor needs the default, unfiltered case set, with --aws');
    }
    const raised = raiseFloor(floorFile, target.name, report.totals.passed);
    process.stdout.write(`floor for ${target.name} is now ${String(raised)}\n`);
  }
  return 0;
}

/** `--aws` starts moto_server (resources in the corpus's account); `--aws-endpoint` uses a running server. */
async function awsServices(start: boolean, endpoint: string | undefined): Promise<MotoServer | undefined> {
  if (endpoint !== undefined) {
    const reset = async (): Promise<void> => {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    };
    useAwsServices({ endpoint, reset });
    return undefined;
  }
  if (!start) return undefined;
  const moto = await startMotoServer({ env: { ...process.env, MOTO_ACCOUNT_ID: conformanceAccount } });
  useAwsServices(moto);
  return moto;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`conformance run crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
