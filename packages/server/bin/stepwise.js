#!/usr/bin/env node
// Entry point of the `stepwise` binary: runs the built JavaScript (dist/bundle/, made by `npm install` and
// `npm pack`). Only in a checkout whose sources changed since that build does it run them through tsx.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './code-cache.js';

const built = new URL('../dist/bundle/', import.meta.url);

/**
 * Whether `name` (in dist/bundle/) is newer than its sources, listed in `inputs` by the build in a checkout
 * only: a packed copy has no sources to compare with.
 */
function builtIsCurrent(name, inputs) {
  const bundle = new URL(name, built);
  if (!existsSync(bundle)) return false;
  const list = new URL(inputs, built);
  if (!existsSync(list)) return true;
  const builtAt = statSync(bundle).mtimeMs;
  for (const file of JSON.parse(readFileSync(list, 'utf8'))) {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat === undefined || stat.mtimeMs > builtAt) return false;
  }
  return true;
}

/** `stepwise validate FILE` from its own small bundle (undefined: not that command line, or not built). */
function quickValidate(argv) {
  if (argv[0] !== 'validate' || !builtIsCurrent('validate.cjs', 'validate-inputs.json')) return undefined;
  return loadBundle(fileURLToPath(new URL('validate.cjs', built))).validateEntry(argv);
}

async function fullCli(argv) {
  if (builtIsCurrent('cli.js', 'inputs.json')) return (await import(new URL('cli.js', built).href)).main(argv);
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../src/cli/main.ts')).main(argv);
}

const argv = process.argv.slice(2);
process.exitCode = quickValidate(argv) ?? (await fullCli(argv));
