// Reads a CloudFormation or SAM template, JSON or YAML; YAML's short tags (!Ref, !Sub, !GetAtt a.b, ...)
// become the long forms ({"Ref": ...}, {"Fn::Sub": ...}) so the rest of the loader sees one shape.

import { readFileSync } from 'node:fs';
import { parse, type ScalarTag, type CollectionTag } from 'yaml';

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** Short tags whose long form is `Fn::NAME`; Ref and Condition keep their names. */
const functionTags = [
  'And',
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'Or',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'Length',
  'ToJsonString',
];

type Tag = ScalarTag | CollectionTag;

function tagsFor(name: string, key: string): Tag[] {
  const resolve = (value: unknown): unknown => ({ [key]: value });
  return [
    { tag: `!${name}`, resolve: (value: string) => resolve(value) },
    { tag: `!${name}`, collection: 'seq', resolve: (seq) => resolve(seq.toJSON()) },
    { tag: `!${name}`, collection: 'map', resolve: (map) => resolve(map.toJSON()) },
  ];
}

// `!GetAtt Resource.Attribute` is the one short form whose scalar is not the long form's value.
const getAttTags: Tag[] = [
  {
    tag: '!GetAtt',
    resolve: (value: string) => {
      const dot = value.indexOf('.');
      return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
    },
  },
  { tag: '!GetAtt', collection: 'seq', resolve: (seq) => ({ 'Fn::GetAtt': seq.toJSON() as unknown }) },
];

const cloudFormationTags: Tag[] = [
  ...tagsFor('Ref', 'Ref'),
  ...tagsFor('Condition', 'Condition'),
  ...functionTags.flatMap((name) => tagsFor(name, `Fn::${name}`)),
  ...getAttTags,
];

/** Parses template text: JSON when it starts with `{`, YAML with CloudFormation's tags otherwise. */
export function parseTemplate(text: string, file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = text.trimStart().startsWith('{')
      ? JSON.parse(text)
      : parse(text, { customTags: cloudFormationTags, prettyErrors: true, uniqueKeys: false, maxAliasCount: 1000 });
  } catch (error) {
    throw new TemplateError(`${file}: not a valid template: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TemplateError(`${file}: a template is an object with a Resources member`);
  }
  const template = value as Record<string, unknown>;
  if (typeof template.Resources !== 'object' || template.Resources === null) {
    throw new TemplateError(`${file}: the template has no Resources`);
  }
  return template;
}

export function readTemplate(file: string): Record<string, unknown> {
  return parseTemplate(readFileSync(file, 'utf8'), file);
}
