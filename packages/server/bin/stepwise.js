#!/usr/bin/env node
// Entry point of the `stepwise` binary: runs the built JavaScript (dist/bundle/, made by `npm install` and
// `npm pack`). Only in a checkout whose sources changed since that build does it run them through tsx.
// CommonJS (bin/package.json), as Node starts a CommonJS file faster than a module: `validate` runs from a
// bundle of its own without ever starting the ES module loader.
'use strict';

const { existsSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { loadBundle } = require('./code-cache.js');

const built = join(__dirname, '../dist/bundle');

/**
 * Whether `name` (in dist/bundle/) is newer than its sources, listed in `inputs` by the build in a checkout
 * only: a packed copy has no sources to compare with.
 */
function builtIsCurrent(name, inputs) {
  const bundle = join(built, name);
  if (!existsSync(bundle)) return false;
  const list = join(built, inputs);
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
  return loadBundle(join(built, 'validate.cjs')).validateEntry(argv);
}

async function fullCli(argv) {
  if (builtIsCurrent('cli.js', 'inputs.json'))
    return (await import(pathToFileURL(join(built, 'cli.js')).href)).main(argv);
  const { register } = await import('tsx/esm/api');
  register();
  return (await import(pathToFileURL(join(__dirname, '../src/cli/main.ts')).href)).main(argv);
}

const argv = process.argv.slice(2);
const quick = quickValidate(argv);
if (quick !== undefined) process.exitCode = quick;
else
  void fullCli(argv).then((code) => {
    process.exitCode = code;
  });
