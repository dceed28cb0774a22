// Where a function lives in the functions folder, and which version of it is there now: a module
// `NAME.ts|.js|.mjs` exporting `handler`, a Python module `NAME.py` defining `handler(event, context)`, or an
// executable `NAME` in any language.

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const moduleExtensions = ['.ts', '.js', '.mjs'] as const;

export interface FunctionSource {
  kind: 'module' | 'python' | 'executable';
  file: string;
  /** A digest of the file's content: a changed file is a new version, run by fresh processes. */
  version: string;
}

/** Lambda's rule for function names; anything else cannot name a file of ours. */
const namePattern = /^[A-Za-z0-9_-]{1,64}$/;

/** The function `name` in `dir` as it is now, or undefined when there is none. */
export function findFunction(dir: string, name: string): FunctionSource | undefined {
  if (!namePattern.test(name)) return undefined;
  for (const extension of moduleExtensions) {
    const file = join(dir, name + extension);
    const version = versionOf(file, false);
    if (version !== undefined) return { kind: 'module', file, version };
  }
  const python = join(dir, `${name}.py`);
  const pythonVersion = versionOf(python, false);
  if (pythonVersion !== undefined) return { kind: 'python', file: python, version: pythonVersion };
  const file = join(dir, name);
  const version = versionOf(file, true);
  return version === undefined ? undefined : { kind: 'executable', file, version };
}

/** The names a user may have meant, for messages: `NAME.ts, NAME.js, NAME.mjs, NAME.py or an executable NAME`. */
export function candidateNames(name: string): string {
  const modules = [...moduleExtensions, '.py'].map((extension) => name + extension);
  return `${modules.join(', ')} or an executable ${name}`;
}

function versionOf(file: string, executable: boolean): string | undefined {
  try {
    const stat = statSync(file);
    if (!stat.isFile() || (executable && (stat.mode & 0o111) === 0)) return undefined;
    // Hashing beats comparing mtimes: two edits within one clock tick keep the same mtime.
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}
