// What a load PATH names: a CDK cloud assembly (a folder with manifest.json, nested assemblies of stages
// included), or one CloudFormation/SAM template file. Each stack becomes a TemplateSource.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { TemplateSource } from './load-plan.ts';
import { readTemplate, TemplateError } from './template-file.ts';

interface ManifestArtifact {
  type?: string;
  properties?: { templateFile?: string; stackName?: string; directoryName?: string; file?: string };
}

interface AssetManifest {
  files?: Record<string, { source?: { path?: string }; destinations?: Record<string, { objectKey?: string }> }>;
}

export function loadSources(path: string): TemplateSource[] {
  const full = resolve(path);
  if (!existsSync(full)) throw new TemplateError(`${path} does not exist`);
  if (statSync(full).isDirectory()) return assemblySources(full);
  return [{ stack: basename(full, extname(full)), template: readTemplate(full), baseDir: dirname(full) }];
}

/** The files a load reads, to watch for changes: the manifest and templates, or the template. */
export function watchedFiles(path: string): string[] {
  const full = resolve(path);
  if (!statSync(full).isDirectory()) return [full];
  return [join(full, 'manifest.json')];
}

function assemblySources(dir: string): TemplateSource[] {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new TemplateError(`${dir} is a folder without manifest.json: not a CDK cloud assembly (cdk.out)`);
  }
  let manifest: { artifacts?: Record<string, ManifestArtifact> };
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as typeof manifest;
  } catch (error) {
    throw new TemplateError(`${manifestFile}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const sources: TemplateSource[] = [];
  const artifacts = Object.entries(manifest.artifacts ?? {});
  const assetKeys = fileAssets(
    dir,
    artifacts.map(([, artifact]) => artifact),
  );
  for (const [id, artifact] of artifacts) {
    const properties = artifact.properties ?? {};
    if (artifact.type === 'aws:cloudformation:stack' && properties.templateFile !== undefined) {
      const file = join(dir, properties.templateFile);
      const stack = properties.stackName ?? id;
      sources.push({ stack, template: readTemplate(file), baseDir: dir, assetDir: dir, assetKeys });
    } else if (artifact.type === 'cdk:cloud-assembly' && properties.directoryName !== undefined) {
      sources.push(...assemblySources(join(dir, properties.directoryName)));
    }
  }
  if (sources.length === 0) throw new TemplateError(`${manifestFile} lists no CloudFormation stack`);
  return sources;
}

/**
 * The S3 keys of the assembly's file assets and their folders: the template names code by the key CDK would
 * upload it to (`aws:asset:path` metadata is only written when the CDK CLI asks for it).
 */
function fileAssets(dir: string, artifacts: readonly ManifestArtifact[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const artifact of artifacts) {
    const file = artifact.properties?.file;
    if (artifact.type !== 'cdk:asset-manifest' || file === undefined) continue;
    const manifest = JSON.parse(readFileSync(join(dir, file), 'utf8')) as AssetManifest;
    for (const asset of Object.values(manifest.files ?? {})) {
      const path = asset.source?.path;
      if (path === undefined) continue;
      for (const destination of Object.values(asset.destinations ?? {})) {
        if (destination.objectKey !== undefined) keys.set(destination.objectKey, join(dir, path));
      }
    }
  }
  return keys;
}
