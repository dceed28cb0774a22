// `npm run build`: bundles core, sdk and server into plain JavaScript (each package's dist/bundle/), so that
// the `stepwise` command and an installed copy run without transpiling; run by `prepare` and `prepack`.

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

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
}

const bundles: readonly Bundle[] = [
  { name: 'core', entries: { index: 'src/index.ts' }, platform: 'neutral', inline: [] },
  {
    name: 'sdk',
    entries: { index: 'src/index.ts', builder: 'src/builder/index.ts' },
    platform: 'neutral',
    inline: [],
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
  },
];

/** Files that modules find beside themselves through import.meta.url, copied to the same place in the bundle. */
const serverAssets = [
  'src/store/sqlite/migrations',
  'src/store/postgres/migrations',
  'src/runtime/functions/python-worker.py',
];

export async function buildPackages(): Promise<void> {
  for (const bundle of bundles) await buildBundle(bundle);
  const server = join(packages, 'server');
  for (const asset of serverAssets) {
    cpSync(join(server, asset), join(server, 'dist/bundle', relative('src', asset)), { recursive: true });
  }
  const consoleDist = join(packages, 'console/dist');
  if (existsSync(consoleDist)) cpSync(consoleDist, join(server, 'dist/bundle/console'), { recursive: true });
}

async function buildBundle(bundle: Bundle): Promise<void> {
  const dir = join(packages, bundle.name);
  const outdir = join(dir, 'dist/bundle');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const external = Object.keys(manifest.dependencies ?? {}).filter((name) => !bundle.inline.includes(name));
  const result = await build({
    absWorkingDir: dir,
    entryPoints: Object.entries(bundle.entries).map(([out, source]) => ({ in: source, out })),
    outdir,
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
  // The bin script compares these files' times with the bundle's, to run a checkout's edited sources.
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules'));
  writeFileSync(join(outdir, 'inputs.json'), JSON.stringify(inputs.map((input) => join(dir, input))));
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
