// An old commit's source tree beside this checkout, for A/B runs of the old and the new code in one run: its
// `stepwise` binary (load-ab.ts, sigv4-ab.ts) and its modules (imported by path, run through tsx).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The old commit's tree (extracted once per checkout: its node_modules links to this checkout's, so a copy
 * made by another checkout, since removed, would link to nothing).
 */
export function oldTree(commit: string): string {
  const dir = join(root, 'node_modules', '.cache', 'stepwise-load-ab', commit);
  if (existsSync(join(dir, 'packages', 'server', 'bin', 'stepwise.js'))) return dir;
  mkdirSync(dir, { recursive: true });
  // The packages and the root's settings: the conformance corpus and the rest are not needed to serve.
  const archive = `git -C "$1" archive "$2" packages package.json tsconfig.base.json | tar -x -C "$3"`;
  execFileSync('sh', ['-c', archive, 'archive', root, commit, dir]);
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@stepwise'), { recursive: true });
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (['@stepwise', 'stepwise', '.cache', '.bin'].includes(name)) continue;
    symlinkSync(join(root, 'node_modules', name), join(modules, name));
  }
  // The old commit's own workspace packages, not this checkout's.
  for (const name of ['core', 'sdk', 'console'])
    symlinkSync(join(dir, 'packages', name), join(modules, '@stepwise', name));
  symlinkSync(join(dir, 'packages', 'server'), join(modules, 'stepwise'));
  return dir;
}

/** The old commit's `stepwise` binary (it runs its sources through tsx: the tree has no build). */
export function oldBinary(commit: string): string {
  return join(oldTree(commit), 'packages', 'server', 'bin', 'stepwise.js');
}
