// Run before `npm test`: finds every system program the tests drive, installs the missing ones when it can
// (root with apt-get or pip), and otherwise stops within seconds naming each missing one and how to install it,
// so a fresh machine never waits on a test that cannot start.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { systemTools, type SystemTool } from './system-tools.ts';

const env = process.env;

function missing(): SystemTool[] {
  return systemTools.filter((tool) => tool.locate(env) === undefined);
}

/** Installing is for root on a machine with apt-get, unless STEPWISE_NO_INSTALL is set. */
function canInstall(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && env.STEPWISE_NO_INSTALL === undefined;
}

function install(tool: SystemTool): void {
  process.stderr.write(`test prerequisites: installing ${tool.name}: ${tool.install}\n`);
  spawnSync('sh', ['-c', tool.install], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 15 * 60_000,
  });
}

function describe(tool: SystemTool): string {
  const override = tool.overriddenBy === undefined ? undefined : env[tool.overriddenBy];
  if (override !== undefined) return `  ${tool.name}: ${tool.overriddenBy}=${override} does not exist`;
  return `  ${tool.name}, for ${tool.usedBy}: install it with\n      ${tool.install}`;
}

const installable = (tool: SystemTool): boolean =>
  tool.overriddenBy === undefined || env[tool.overriddenBy] === undefined;

let absent = missing();
if (absent.length > 0 && canInstall()) {
  absent.filter(installable).forEach(install);
  absent = missing();
}
if (absent.length > 0) {
  process.stderr.write(`The tests need programs this machine lacks:\n${absent.map(describe).join('\n')}\n`);
  process.exit(1);
}
