// The cycle checks fire: import-x/no-cycle with the repository's settings, and import-cycles.ts (which also
// counts type-only imports) on deliberate cycles; and the packages have none.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { ESLint } from 'eslint';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { importSettings } from '../eslint.config.js';
import { importCycles, sourceFiles } from './import-cycles.ts';

const folder = mkdtempSync(join(tmpdir(), 'import-cycles-'));
after(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** Writes the files of a small project into a folder of its own and returns their paths. */
function project(name: string, files: Record<string, string>): string[] {
  const root = join(folder, name);
  return Object.entries(files).map(([file, text]) => {
    const path = join(root, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  });
}

describe('import cycles', () => {
  it('are found through value imports and through type-only imports', () => {
    const value = project('value', {
      'a.ts': "import { b } from './b.ts';\nexport const a = (): number => b + 1;\n",
      'b.ts': "import { a } from './a.ts';\nexport const b = 1;\nexport const c = a;\n",
      'c.ts': "import { a } from './a.ts';\nexport const d = a;\n",
    });
    assert.deepEqual(importCycles(value), [value.slice(0, 2).sort()]);
    const types = project('types', {
      'a.ts': "import type { B } from './b.ts';\nexport type A = { b: B };\n",
      'b.ts': "import type { A } from './a.ts';\nexport type B = { a?: A };\n",
    });
    assert.deepEqual(importCycles(types), [types.sort()]);
  });

  it('fire in eslint with the repository settings', async () => {
    const [a] = project('lint', {
      'a.ts': "import { b } from './b.ts';\nexport const a = (): number => b + 1;\n",
      'b.ts': "import { a } from './a.ts';\nexport const b = 1;\nexport const c = a;\n",
    });
    const eslint = new ESLint({
      cwd: join(folder, 'lint'),
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser },
          plugins: { 'import-x': importX },
          settings: importSettings,
          rules: { 'import-x/no-cycle': 'error' },
        },
      ],
    });
    const [result] = await eslint.lintFiles([a!]);
    assert.deepEqual(
      result?.messages.map((message) => message.ruleId),
      ['import-x/no-cycle'],
    );
  });

  it('do not occur in core, server or console', () => {
    const roots = ['packages/core/src', 'packages/server/src', 'packages/console/src'];
    const files = roots.flatMap((root) => sourceFiles(resolve(import.meta.dirname, '..', root)));
    assert.ok(files.length > 200);
    assert.deepEqual(importCycles(files), []);
  });
});
