// One AWS::Lambda::Function or AWS::Serverless::Function as a local function: its code folder (CDK asset,
// SAM CodeUri or a local Code path), Handler, Runtime, environment, Timeout and memory size.

import { statSync } from 'node:fs';
import type { LocalFunctionDefinition } from '../../runtime/functions/defined-functions.ts';
import { assetByKey, assetPath, localPath } from './asset-paths.ts';
import { Unresolved } from './intrinsics.ts';
import type { ResourceContext } from './resource-context.ts';

export interface LoadedFunction extends LocalFunctionDefinition {
  logicalId: string;
}

export function lambdaFunctionPlan(context: ResourceContext): LoadedFunction {
  const { logicalId, properties, resolver } = context;
  if (resolver.resolve(properties.PackageType) === 'Image') {
    throw new Unresolved('container image functions are not run locally; use a zip (folder) function');
  }
  const runtime = resolver.string(properties.Runtime, 'Runtime');
  if (!runtime.startsWith('nodejs') && !runtime.startsWith('python3')) {
    throw new Unresolved(`the runtime ${runtime} is not run locally (nodejs* and python3.* are)`);
  }
  const environment =
    resolver.resolve((properties.Environment as { Variables?: unknown } | undefined)?.Variables) ?? {};
  const timeout = resolver.resolve(properties.Timeout);
  const memory = resolver.resolve(properties.MemorySize);
  return {
    logicalId,
    name: resolver.namesOf(logicalId).ref,
    codeDir: codeDir(context),
    handler: resolver.string(properties.Handler, 'Handler'),
    runtime,
    environment: stringMap(environment),
    ...(timeout === undefined ? {} : { timeoutSeconds: Number(timeout) }),
    ...(memory === undefined ? {} : { memoryLimitInMB: Number(memory) }),
  };
}

function codeDir(context: ResourceContext): string {
  const { properties } = context;
  const sam = context.type === 'AWS::Serverless::Function';
  const dir =
    assetPath(context, sam ? 'CodeUri' : 'Code') ??
    (sam ? localPath(context, properties.CodeUri ?? '.', 'CodeUri') : lambdaCode(context));
  if (!statSync(dir).isDirectory())
    throw new Unresolved(`the code at ${dir} is not a folder (zip files are not unpacked)`);
  return dir;
}

function lambdaCode(context: ResourceContext): string {
  const code = context.resolver.resolve(context.properties.Code) as Record<string, unknown> | undefined;
  if (code?.ZipFile !== undefined) throw new Unresolved('inline code (Code.ZipFile) is not run locally yet');
  if (typeof code === 'string') return localPath(context, code, 'Code');
  const asset = assetByKey(context, code?.S3Key);
  if (asset !== undefined) return asset;
  throw new Unresolved('Code names an S3 object with no CDK asset metadata; a local load needs the code folder');
}

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) throw new Unresolved('Environment.Variables must be a map');
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, typeof item === 'string' ? item : JSON.stringify(item)]),
  );
}
