// Where a resource's local files are: a CDK asset (`aws:asset:path` metadata, relative to the cloud
// assembly) or a path the template gives (SAM's CodeUri/DefinitionUri), relative to the template.

import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { Unresolved } from './intrinsics.ts';
import type { ResourceContext } from './resource-context.ts';

/** The asset folder or file CDK recorded for `property`, if any. */
export function assetPath(context: ResourceContext, property: string): string | undefined {
  const { metadata, source } = context;
  const path = metadata['aws:asset:path'];
  if (typeof path !== 'string' || metadata['aws:asset:property'] !== property) return undefined;
  return existing(resolve(source.assetDir ?? source.baseDir, path), `${context.logicalId}: the asset ${path}`);
}

/** The local asset a cloud assembly publishes to this S3 key (`{S3Key}` of Code, `{Key}` of a location). */
export function assetByKey(context: ResourceContext, key: unknown): string | undefined {
  const resolved = context.resolver.resolve(key);
  if (typeof resolved !== 'string') return undefined;
  const path = context.source.assetKeys?.get(resolved);
  return path === undefined ? undefined : existing(path, `${context.logicalId}: the asset for ${resolved}`);
}

/** A local path the template gives; an S3 location ({Bucket, Key} or s3://) cannot be read locally. */
export function localPath(context: ResourceContext, value: unknown, property: string): string {
  const resolved = context.resolver.resolve(value);
  if (typeof resolved !== 'string' || resolved.startsWith('s3://')) {
    throw new Unresolved(`${property} names an S3 object; a local load needs a local path (or a CDK asset)`);
  }
  const path = isAbsolute(resolved) ? resolved : resolve(context.source.baseDir, resolved);
  return existing(path, `${property} ${resolved}`);
}

function existing(path: string, what: string): string {
  if (!existsSync(path)) throw new Unresolved(`${what} does not exist (${path})`);
  return path;
}
