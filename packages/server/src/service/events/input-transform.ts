// A target's input: the event itself, Input (constant JSON text), InputPath (a part of the event) or an
// InputTransformer (values picked by InputPathsMap put into InputTemplate, with AWS's quoting rules).

import { validation } from './events-context.ts';
import { parseSimplePath, readPath } from './simple-path.ts';

export interface InputContext {
  ruleArn: string;
  ruleName: string;
  ingestionTime: string;
}

interface Transformer {
  InputPathsMap?: Record<string, string>;
  InputTemplate: string;
}

/** Checks a target's input members when PutTargets receives them (AWS refuses a bad one there). */
export function checkTargetInput(target: Record<string, unknown>): void {
  const given = ['Input', 'InputPath', 'InputTransformer'].filter((member) => target[member] !== undefined);
  if (given.length > 1)
    throw validation(`Only one of Input, InputPath, or InputTransformer can be specified, not ${given.join(' and ')}.`);
  if (typeof target.Input === 'string') {
    try {
      JSON.parse(target.Input);
    } catch {
      throw validation(`Input for target ${String(target.Id)} is not valid JSON text.`);
    }
  }
  if (typeof target.InputPath === 'string' && parseSimplePath(target.InputPath) === undefined) {
    throw validation(`InputPath for target ${String(target.Id)} is invalid.`);
  }
  const transformer = target.InputTransformer as Transformer | undefined;
  if (transformer !== undefined) checkTransformer(transformer);
}

const reserved = /^aws\.events\./;

function checkTransformer(transformer: Transformer): void {
  if (typeof transformer.InputTemplate !== 'string') throw validation('InputTemplate must be provided.');
  const paths = transformer.InputPathsMap ?? {};
  if (Object.keys(paths).length > 100) throw validation('InputPathsMap has more than 100 entries.');
  for (const [key, path] of Object.entries(paths) as [string, unknown][]) {
    if (reserved.test(key)) throw validation(`InputPathsMap contains an invalid key: ${key}.`);
    if (typeof path !== 'string' || parseSimplePath(path) === undefined) {
      throw validation(`Target InputPathsMap contains invalid JSON path: ${JSON.stringify(path)}.`);
    }
  }
}

/** The text the target receives for `event`. */
export function targetInput(target: Record<string, unknown>, event: object, context: InputContext): string {
  if (typeof target.Input === 'string') return target.Input;
  if (typeof target.InputPath === 'string') {
    const value = readPath(event, parseSimplePath(target.InputPath) ?? []);
    return JSON.stringify(value ?? null);
  }
  const transformer = target.InputTransformer as Transformer | undefined;
  if (transformer === undefined) return JSON.stringify(event);
  return fillTemplate(transformer, event, context);
}

/**
 * Replaces each `<name>` of the template. Inside a JSON string, a string value goes in as its characters
 * (escaped for JSON); anywhere else a value goes in as JSON. A name nothing gave a value is left as it is
 * (AWS leaves unknown placeholders); a path that found nothing gives null outside quotes, nothing inside.
 */
export function fillTemplate(transformer: Transformer, event: object, context: InputContext): string {
  const values = new Map<string, unknown>();
  for (const [key, path] of Object.entries(transformer.InputPathsMap ?? {})) {
    values.set(key, readPath(event, parseSimplePath(path) ?? []));
  }
  values.set('aws.events.rule-arn', context.ruleArn);
  values.set('aws.events.rule-name', context.ruleName);
  values.set('aws.events.event.ingestion-time', context.ingestionTime);
  // AWS: aws.events.event is the event without its detail; aws.events.event.json the whole event.
  values.set('aws.events.event', withoutDetail(event));
  values.set('aws.events.event.json', event);
  return fillPlaceholders(transformer.InputTemplate, values);
}

function withoutDetail(event: object): object {
  const rest: Record<string, unknown> = { ...event };
  delete rest.detail;
  return rest;
}

/** Replaces each `<name>` of `template` that `values` has, with the quoting rules above (Pipes' templates too). */
export function fillPlaceholders(template: string, values: ReadonlyMap<string, unknown>): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i] as string;
    if (char === '<') {
      const end = template.indexOf('>', i);
      const name = end < 0 ? undefined : template.slice(i + 1, end);
      if (name !== undefined && values.has(name)) {
        out += placeholder(values.get(name), inString);
        i = end;
        continue;
      }
    }
    if (char === '"' && !escaped(template, i)) inString = !inString;
    out += char;
  }
  return out;
}

function escaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let j = index - 1; j >= 0 && text[j] === '\\'; j--) backslashes++;
  return backslashes % 2 === 1;
}

function placeholder(value: unknown, inString: boolean): string {
  if (!inString) return JSON.stringify(value ?? null);
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text).slice(1, -1);
}
