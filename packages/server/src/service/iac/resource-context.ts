// What a template's resource planner reads: the template's source, one resource in context, and its tags.
// Apart from load-plan.ts so that the planners it calls import it without importing load-plan back.

import type { Resolver } from './intrinsics.ts';

export interface TemplateSource {
  /** The stack's name (a CDK stack's id; the template file's base name otherwise). */
  stack: string;
  template: Record<string, unknown>;
  /** Relative paths in the template (CodeUri, DefinitionUri) start here. */
  baseDir: string;
  /** A cloud assembly's folder, where `aws:asset:path` metadata points. */
  assetDir?: string;
  /** A cloud assembly's file assets: the S3 object key CDK would publish each to, and its local path. */
  assetKeys?: ReadonlyMap<string, string>;
}

export interface ResourceContext {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  metadata: Record<string, unknown>;
  resolver: Resolver;
  source: TemplateSource;
}

/** Tags as CloudFormation lists them (`[{Key, Value}]`) or as SAM maps them (`{key: value}`). */
export function tagList(value: unknown): { key: string; value: string }[] {
  if (Array.isArray(value)) {
    return (value as { Key?: unknown; Value?: unknown }[]).map((tag) => ({
      key: scalarText(tag.Key),
      value: scalarText(tag.Value),
    }));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).map(([key, tagValue]) => ({ key, value: scalarText(tagValue) }));
  }
  return [];
}

function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
