#!/usr/bin/env node
// Entry point of the `stepwise` binary: runs the built JavaScript (dist/bundle/cli.js, made by `npm install`
// and `npm pack`). Only in a checkout whose sources changed since that build does it run them through tsx.
import { existsSync, readFileSync, statSync } from 'node:fs';

const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
// Written by the build in a checkout only: a packed copy has no sources to compare with.
const inputs = new URL('../dist/bundle/inputs.json', import.meta.url);

function builtIsCurrent() {
  if (!existsSync(bundle)) return false;
  if (!existsSync(inputs)) return true;
  const builtAt = statSync(bundle).mtimeMs;
  for (const file of JSON.parse(readFileSync(inputs, 'utf8'))) {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat === undefined || stat.mtimeMs > builtAt) return false;
  }
  return true;
}

let main;
if (builtIsCurrent()) {
  ({ main } = await import(bundle.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
