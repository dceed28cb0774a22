// The system programs the test suite drives (Chromium, the AWS CLI, moto_server, PostgreSQL), where each is
// looked for and the line that installs it, so a missing one is named before any test starts.

import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface SystemTool {
  /** What the report calls it. */
  name: string;
  /** Which tests need it. */
  usedBy: string;
  /** The path found, or undefined. */
  locate(env: NodeJS.ProcessEnv): string | undefined;
  /** The command that installs it on Debian, as root. */
  install: string;
  /** Set when the user pointed the tests at their own copy: then it is theirs to provide, never installed. */
  overriddenBy?: string;
}

/** Where the console tests find Chromium: `STEPWISE_CHROMIUM`, else Debian's package. */
export function chromiumPath(env: NodeJS.ProcessEnv): string {
  return env.STEPWISE_CHROMIUM ?? '/usr/bin/chromium';
}

function onPath(command: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/** PostgreSQL's server programs live in a versioned directory (Debian: /usr/lib/postgresql/15/bin). */
export function postgresBin(root = '/usr/lib/postgresql'): string | undefined {
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const bins = versions.map((version) => join(root, version, 'bin'));
  return bins.find((bin) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl')));
}

const apt = (pkg: string): string => `apt-get update && apt-get install -y --no-install-recommends ${pkg}`;

export const systemTools: readonly SystemTool[] = [
  {
    name: 'Chromium',
    usedBy: 'the console tests (e2e/console)',
    locate: (env) => (existsSync(chromiumPath(env)) ? chromiumPath(env) : undefined),
    install: apt('chromium'),
    overriddenBy: 'STEPWISE_CHROMIUM',
  },
  {
    name: 'AWS CLI v2 (/usr/bin/aws)',
    usedBy: 'the AWS CLI scenario (e2e/api/aws-cli.test.ts)',
    locate: () => (existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined),
    install: apt('awscli'),
  },
  {
    name: 'moto_server',
    usedBy: 'the AWS service tasks tests and conformance cases',
    locate: (env) => onPath('moto_server', env),
    install: "python3 -m pip install 'moto[server]>=5,<6'",
  },
  {
    name: 'PostgreSQL (initdb, pg_ctl)',
    usedBy: 'the PostgreSQL store tests',
    locate: () => postgresBin(),
    install: apt('postgresql'),
  },
];
