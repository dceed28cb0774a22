// `prepack`/`postpack` of core, sdk and server: a checkout's package.json exports the TypeScript sources (tests
// and tools run them through tsx); the packed one must export the built JavaScript, so it is rewritten for
// the time of `npm pack` and put back afterwards.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { buildPackages } from './build-packages.ts';

const manifest = 'package.json';
const saved = 'package.json.checkout';

type Exports = Record<string, string>;

interface Manifest {
  scripts?: Record<string, string>;
  exports?: Exports;
  dependencies?: Record<string, string>;
}

/** `./src/a/index.ts` → `./dist/bundle/a.js`, the names build-packages.ts gives its entries. */
function builtPath(source: string): string {
  const entry = source.replace(/^\.\/src\//, '').replace(/\.ts$/, '');
  const name = entry === 'index' ? 'index' : entry.replace(/\/index$/, '');
  return `./dist/bundle/${name}.js`;
}

/** `inlined`: workspace packages the bundle carries inside it (see build-packages.ts), no longer dependencies. */
export function packedManifest(checkout: Manifest, inlined: readonly string[]): Manifest {
  // Its scripts (these pack steps) run in a checkout only.
  const published = { ...checkout };
  delete published.scripts;
  const exports = Object.fromEntries(
    Object.entries(checkout.exports ?? {}).map(([key, source]) => [key, builtPath(source)]),
  );
  if (checkout.dependencies === undefined) return { ...published, exports };
  const dependencies = Object.fromEntries(
    Object.entries(checkout.dependencies).filter(([name]) => !inlined.includes(name)),
  );
  return { ...published, exports, dependencies };
}

async function main(step: string | undefined, inlined: readonly string[]): Promise<void> {
  if (step === 'prepack') {
    await buildPackages();
    const checkout = readFileSync(manifest, 'utf8');
    writeFileSync(saved, checkout);
    const packed = packedManifest(JSON.parse(checkout) as Manifest, inlined);
    writeFileSync(manifest, `${JSON.stringify(packed, null, 2)}\n`);
  } else if (step === 'postpack') {
    if (existsSync(saved)) renameSync(saved, manifest);
  } else {
    throw new Error(`pack-manifest: expected prepack or postpack, got ${String(step)}`);
  }
}

if (process.argv[1]?.endsWith('pack-manifest.ts') === true) await main(process.argv[2], process.argv.slice(3));
