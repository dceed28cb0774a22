// Finds import cycles among TypeScript files, counting type-only imports too (import-x/no-cycle skips
// those): `tsx scripts/import-cycles.ts [folder...]` prints each cycle and exits 1 when there is one.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Every .ts/.tsx file under `root`, node_modules and dist left out. */
export function sourceFiles(root: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(root)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(root, name);
    if (statSync(path).isDirectory()) found.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

/** The files `file` imports or re-exports by a relative path, type-only imports included. */
export function relativeImports(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name));
}

/** The strongly connected components of more than one file (or a file importing itself), by Tarjan. */
export function importCycles(files: readonly string[]): string[][] {
  const known = new Set(files);
  const edges = new Map(files.map((file) => [file, relativeImports(file).filter((to) => known.has(to))]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file) ?? 0);
    stack.push(file);
    onStack.add(file);
    for (const to of edges.get(file) ?? []) {
      if (!index.has(to)) visit(to);
      if (onStack.has(to)) low.set(file, Math.min(low.get(file) ?? 0, low.get(to) ?? 0, index.get(to) ?? 0));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      onStack.delete(top);
      component.push(top);
      if (top === file) break;
    }
    if (component.length > 1 || (edges.get(file) ?? []).includes(file)) cycles.push(component.sort());
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return cycles;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename);
if (isMain) {
  const roots = process.argv.slice(2);
  const folders = roots.length > 0 ? roots : ['packages/core/src', 'packages/server/src', 'packages/console/src'];
  const cycles = importCycles(folders.flatMap((folder) => sourceFiles(resolve(folder))));
  for (const cycle of cycles) {
    process.stdout.write(`cycle of ${cycle.length} files:\n${cycle.map((f) => `  ${relative('.', f)}\n`).join('')}`);
  }
  process.stdout.write(`${cycles.length} import cycle(s)\n`);
  process.exitCode = cycles.length > 0 ? 1 : 0;
}
