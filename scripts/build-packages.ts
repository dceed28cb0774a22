// `npm run build`: bundles core, sdk and server into plain JavaScript (each package's dist/bundle/), so that
// the `stepwise` command and an installed copy run without transpiling; run by `prepare` and `prepack`.

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { build, type Metafile, type Plugin } from 'esbuild';
// Plain JavaScript beside the bin script, which loads the bundle the same way.
import { compileBundle, runBundle } from '../packages/server/bin/code-cache.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = join(root, 'packages');

interface Bundle {
  name: string;
  /** Output name (without .js) → source file, relative to the package. */
  entries: Record<string, string>;
  /** The browser-safe packages must not assume Node. */
  platform: 'node' | 'neutral';
  /** Workspace packages bundled in rather than imported from node_modules. */
  inline: readonly string[];
  /** Files that modules find beside themselves (import.meta.url): source, relative to the package → in the bundle. */
  assets: Record<string, string>;
  /** A one-file CommonJS bundle of one command, all dependencies in, that the bin script loads without the rest. */
  quick?: { out: string; source: string };
}

const bundles: readonly Bundle[] = [
  { name: 'core', entries: { index: 'src/index.ts' }, platform: 'neutral', inline: [], assets: {} },
  {
    name: 'sdk',
    entries: { index: 'src/index.ts', builder: 'src/builder/index.ts' },
    platform: 'neutral',
    inline: [],
    assets: {},
  },
  {
    name: 'server',
    entries: {
      cli: 'src/cli/main.ts',
      index: 'src/index.ts',
      testing: 'src/testing/index.ts',
      'runtime/functions/function-worker': 'src/runtime/functions/function-worker.ts',
    },
    platform: 'node',
    // The CLI must not depend on @stepwise/core's sources, which a checkout exports as TypeScript.
    inline: ['@stepwise/core'],
    assets: {
      'src/store/sqlite/migrations': 'store/sqlite/migrations',
      'src/store/postgres/migrations': 'store/postgres/migrations',
      'src/runtime/functions/python-worker.py': 'runtime/functions/python-worker.py',
      '../console/dist': 'console',
    },
    quick: { out: 'validate', source: 'src/cli/validate-entry.ts' },
  },
];

export async function buildPackages(): Promise<void> {
  for (const bundle of bundles) await buildBundle(bundle);
}

async function buildBundle(bundle: Bundle): Promise<void> {
  const dir = join(packages, bundle.name);
  const outdir = join(dir, 'dist/bundle');
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const external = Object.keys(manifest.dependencies ?? {}).filter((name) => !bundle.inline.includes(name));
  const result = await build({
    absWorkingDir: dir,
    entryPoints: Object.entries(bundle.entries).map(([out, source]) => ({ in: source, out })),
    outdir,
    write: false,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: bundle.platform,
    target: 'node20',
    external: [...external, 'node:*'],
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: bundle.name === 'server' ? [sourceLocationUrls(join(dir, 'src'))] : [],
  });
  const files = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
  files.set(join(outdir, 'inputs.json'), sourceList(dir, result.metafile));
  if (bundle.quick !== undefined) await buildQuick(dir, outdir, bundle.quick, files);
  for (const [source, target] of Object.entries(bundle.assets)) addTree(files, join(dir, source), join(outdir, target));
  replaceFiles(outdir, files);
  const now = new Date();
  for (const entry of Object.keys(bundle.entries)) utimesSync(join(outdir, `${entry}.js`), now, now);
  if (bundle.quick !== undefined) utimesSync(join(outdir, `${bundle.quick.out}.cjs`), now, now);
}

/** The bin script compares these files' times with the bundle's, to run a checkout's edited sources. */
function sourceList(dir: string, metafile: Metafile): Buffer {
  const inputs = Object.keys(metafile.inputs).filter(
    (input) => !input.includes('node_modules') && !input.includes(':'),
  );
  return Buffer.from(JSON.stringify(inputs.map((input) => join(dir, input))));
}

/**
 * Builds `quick` into `files` as OUT.cjs with its OUT-inputs.json. CommonJS, so that jsonata and re2js, which a
 * definition without JSONata or regular expressions never needs, are required (loaded and run) on first use only.
 */
async function buildQuick(dir: string, outdir: string, quick: { out: string; source: string }, files: Files) {
  const result = await build({
    absWorkingDir: dir,
    entryPoints: [quick.source],
    outfile: join(outdir, `${quick.out}.cjs`),
    write: false,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['node:*'],
    metafile: true,
    logLevel: 'warning',
    plugins: [loadedOnFirstUse],
  });
  for (const file of result.outputFiles) files.set(file.path, file.contents);
  files.set(join(outdir, `${quick.out}-inputs.json`), sourceList(dir, result.metafile));
  for (const name of Object.keys(lazyModules)) await buildLazyModule(name, join(outdir, `validate-${name}.cjs`), files);
  const [code] = result.outputFiles;
  if (code !== undefined) files.set(`${code.path}.cache`, warmCodeCache(code.path, code.text));
}

/** One dependency as a CommonJS file of its own, which a stand-in of `lazyModules` requires on first use. */
async function buildLazyModule(name: string, outfile: string, files: Files): Promise<void> {
  const result = await build({
    stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: join(packages, 'core') },
    outfile,
    write: false,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  for (const file of result.outputFiles) files.set(file.path, file.contents);
}

/**
 * V8's code cache of the validate bundle after it validated a small definition, so that it holds the functions
 * a run compiles, not only the top level (see bin/code-cache.js).
 */
function warmCodeCache(file: string, source: string): Uint8Array {
  const script = compileBundle(file, source, undefined);
  const entry = runBundle(script, file) as { validateEntry(argv: string[], io: unknown): number | undefined };
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-build-'));
  try {
    const definition = join(dir, 'definition.json');
    writeFileSync(definition, JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }));
    const silent = { out: () => undefined, err: () => undefined };
    if (entry.validateEntry(['validate', definition], silent) !== 0) throw new Error('the validate bundle failed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return script.createCachedData();
}

/**
 * Stand-ins for jsonata and re2js that require the real module, bundled beside (`validate-NAME.cjs`), when first
 * called: most definitions never need them, and then their code is not even read.
 */
const lazyModules: Record<string, string> = {
  jsonata: `let real;
export default function jsonata(...args) { real ??= require('./validate-jsonata.cjs'); return real(...args); }`,
  re2js: `let real;
const load = () => (real ??= require('./validate-re2js.cjs').RE2JS);
export const RE2JS = new Proxy(function RE2JS() {}, {
  get(_target, key) { const value = load()[key]; return typeof value === 'function' ? value.bind(load()) : value; },
});`,
};

const loadedOnFirstUse: Plugin = {
  name: 'loaded-on-first-use',
  setup(plugin) {
    plugin.onResolve({ filter: /^(jsonata|re2js)$/ }, (args) =>
      args.kind === 'import-statement' ? { path: args.path, namespace: 'first-use' } : undefined,
    );
    plugin.onResolve({ filter: /^\.\/validate-[a-z0-9]+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    plugin.onLoad({ filter: /.*/, namespace: 'first-use' }, (args) => ({
      contents: lazyModules[args.path],
      resolveDir: join(packages, 'core'),
      loader: 'js',
    }));
  },
};

type Files = Map<string, Uint8Array>;

/** Adds the file or the files under `source` (when it exists) as `target`. */
function addTree(files: Map<string, Uint8Array>, source: string, target: string): void {
  if (!existsSync(source)) return;
  if (!statSync(source).isDirectory()) {
    files.set(target, readFileSync(source));
    return;
  }
  for (const entry of readdirSync(source, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile()) files.set(join(target, relative(source, path)), readFileSync(path));
  }
}

/**
 * Makes `outdir` hold exactly `files`, touching only what changed, each by an atomic rename: tests run the
 * bundle while `npm pack` (in a test too) builds it again, and must never see a file half written.
 */
function replaceFiles(outdir: string, files: ReadonlyMap<string, Uint8Array>): void {
  for (const [path, contents] of files) {
    if (existsSync(path) && Buffer.from(contents).equals(readFileSync(path))) continue;
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${String(process.pid)}.tmp`;
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  }
  if (!existsSync(outdir)) return;
  for (const entry of readdirSync(outdir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && !files.has(path)) rmSync(path);
  }
}

/**
 * Bundled code runs from a chunk in dist/bundle/, not from its source file, so `import.meta.url` would name the
 * chunk. This gives each module the URL its source has, mirrored under dist/bundle/ (src/a/b.ts becomes
 * dist/bundle/a/b.js), where the assets it reads beside itself are copied. Chunks sit at the bundle's root.
 */
function sourceLocationUrls(srcDir: string): Plugin {
  return {
    name: 'source-location-urls',
    setup(plugin) {
      plugin.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url') || !args.path.startsWith(srcDir)) return undefined;
        const mirrored = relative(srcDir, args.path).replace(/\.ts$/, '.js');
        const url = `new URL(${JSON.stringify(`./${mirrored}`)}, import.meta.url).href`;
        return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildPackages();
