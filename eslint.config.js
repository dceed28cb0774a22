// One lint gate for the whole repository: strict type-checked TypeScript, no import cycles, and the
// layering of DESIGN.md (core <- sdk; core <- server: store <- runtime <- service <- http <- cli).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

/**
 * How import-x reads TypeScript imports. Without a parser and a resolver for .ts it follows no import and
 * no-cycle never fires (scripts/import-cycles.test.ts proves that it does).
 */
export const importSettings = {
  'import-x/extensions': ['.ts', '.tsx', '.js'],
  'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
  'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
};

/** Forbid imports of the given path patterns from the files matched by `files`. */
function forbid(files, patterns, message) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
    },
  };
}

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'url', 'util', 'worker_threads'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'packages/server/bin/**', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: importSettings,
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-default-export': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-floating-promises': 'off' },
  },
  // core is pure and browser-safe: no Node built-ins, no other workspace.
  forbid(
    ['packages/core/**'],
    [...nodeBuiltins, 'stepwise', 'stepwise/*', '@stepwise/sdk', '**/server/**', '**/conformance/**'],
    'core is pure: no I/O and no outer layer.',
  ),
  // The sdk is browser-safe too: no Node built-ins, nothing of the server.
  forbid(
    ['packages/sdk/src/**'],
    [...nodeBuiltins, 'stepwise', 'stepwise/*', '**/server/**', '**/conformance/**'],
    'the sdk runs in browsers and applications: no Node built-ins, no server.',
  ),
  // The console reaches the server only through its HTTP API: it imports @stepwise/core, never the server,
  // and (outside its tests and build configuration) no Node built-in, since it runs in the browser.
  forbid(
    ['packages/console/**'],
    ['stepwise', 'stepwise/*', '**/server/**', '@stepwise/sdk'],
    'the console imports only @stepwise/core; it talks to the server through the API.',
  ),
  {
    ...forbid(
      ['packages/console/src/**'],
      [...nodeBuiltins, 'stepwise', 'stepwise/*', '**/server/**'],
      'the console runs in the browser.',
    ),
    ignores: ['**/*.test.ts'],
  },
  // Nothing imports conformance/, e2e/ or bench/.
  forbid(
    ['packages/**'],
    ['**/conformance/**', '**/e2e/**', '**/bench/**'],
    'Nothing imports conformance, e2e or bench.',
  ),
  // Server layers: store <- runtime <- service <- http <- cli.
  forbid(
    ['packages/server/src/store/**'],
    ['**/runtime/**', '**/service/**', '**/http/**', '**/cli/**'],
    'store is the bottom layer of the server.',
  ),
  forbid(
    ['packages/server/src/runtime/**'],
    ['**/service/**', '**/http/**', '**/cli/**'],
    'runtime may import only core and store.',
  ),
  forbid(['packages/server/src/service/**'], ['**/http/**', '**/cli/**'], 'service may not import http or cli.'),
  forbid(['packages/server/src/http/**'], ['**/cli/**'], 'http may not import cli.'),
  // Only the CLI talks to the process: argv, env, stdio and exit.
  {
    files: ['packages/**/*.ts'],
    ignores: ['packages/server/src/cli/**', '**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only the CLI reads process.env.' },
        { object: 'process', property: 'argv', message: 'Only the CLI reads process.argv.' },
        { object: 'process', property: 'exit', message: 'Only the CLI exits.' },
        { object: 'process', property: 'stdout', message: 'Only the CLI writes stdio.' },
        { object: 'process', property: 'stderr', message: 'Only the CLI writes stdio.' },
      ],
    },
  },
);
