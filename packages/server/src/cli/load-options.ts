// The serve options of infrastructure-code loading: `--load PATH` (repeatable, so taken out of argv before
// the one-value-per-option parser) and `--python INTERPRETER` for python3.* functions.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DefinedFunctions } from '../runtime/functions/defined-functions.ts';
import { UsageError } from './args.ts';
import type { Io } from './io.ts';

export interface LoadOptions {
  paths: string[];
  python?: string;
}

export function takeLoadOptions(argv: readonly string[]): { load: LoadOptions; rest: string[] } {
  const load: LoadOptions = { paths: [] };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [name, inline] = arg.split(/=(.*)/s, 2);
    if (name !== '--load' && name !== '--python') {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    if (name === '--python') load.python = value;
    else if (!existsSync(value)) throw new UsageError(`--load ${value}: no such file or folder`);
    else load.paths.push(resolve(value));
  }
  return { load, rest };
}

/** The functions `--load` declares, started with the server's environment; their output goes to stderr. */
export function definedFunctions(
  options: { region: string; accountId: string; load: LoadOptions },
  env: Readonly<Record<string, string | undefined>>,
  io: Io,
): DefinedFunctions {
  return new DefinedFunctions({
    region: options.region,
    accountId: options.accountId,
    environment: env,
    ...(options.load.python === undefined ? {} : { python: options.load.python }),
    onLog: (name, line) => {
      io.err(`[${name}] ${line}`);
    },
  });
}
