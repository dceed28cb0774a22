// The data-flow fields states share (JSONPath's InputPath...ResultPath, JSONata's Arguments/Output,
// Assign), and payload templates in which `JsonPath.stringAt('$.x')` becomes a `"key.$": "$.x"` member.

import type { Json } from './state.ts';

/** A reference to a path, written where a value goes: the member's key gains `.$`. */
export class JsonPathRef {
  constructor(readonly path: string) {}
}

/** Paths in payload templates, as the CDK's `JsonPath` spells them. */
export const JsonPath = {
  stringAt: (path: string): JsonPathRef => new JsonPathRef(path),
  numberAt: (path: string): JsonPathRef => new JsonPathRef(path),
  listAt: (path: string): JsonPathRef => new JsonPathRef(path),
  objectAt: (path: string): JsonPathRef => new JsonPathRef(path),
  /** `ResultPath: null`: the state's result is dropped and its input passed on. */
  DISCARD: null,
} as const;

/** A template value: JSON, with JsonPathRef anywhere a value may be. */
export type Template = Json | JsonPathRef | Template[] | { [key: string]: Template };

export function renderTemplate(value: Template): Json {
  if (value instanceof JsonPathRef) throw new Error(`a path (${value.path}) must be the value of a named member`);
  if (Array.isArray(value)) return value.map(renderTemplate);
  if (typeof value !== 'object' || value === null) return value;
  const json: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item instanceof JsonPathRef) json[`${key}.$`] = item.path;
    else json[key] = renderTemplate(item);
  }
  return json;
}

export interface DataFlowProps {
  comment?: string;
  queryLanguage?: 'JSONPath' | 'JSONata';
  inputPath?: string | null;
  outputPath?: string | null;
  resultPath?: string | null;
  resultSelector?: Record<string, Template>;
  parameters?: Record<string, Template>;
  /** JSONata: the state's arguments (`{% ... %}` strings or JSON). */
  arguments?: Json;
  /** JSONata: the state's output. */
  output?: Json;
  assign?: Record<string, Json>;
}

/** The ASL members of the props given, in ASL's names. */
export function dataFlowJson(props: DataFlowProps): Record<string, Json> {
  const json: Record<string, Json> = {};
  if (props.comment !== undefined) json.Comment = props.comment;
  if (props.queryLanguage !== undefined) json.QueryLanguage = props.queryLanguage;
  if (props.inputPath !== undefined) json.InputPath = props.inputPath;
  if (props.outputPath !== undefined) json.OutputPath = props.outputPath;
  if (props.resultPath !== undefined) json.ResultPath = props.resultPath;
  if (props.resultSelector !== undefined) json.ResultSelector = renderTemplate(props.resultSelector);
  if (props.parameters !== undefined) json.Parameters = renderTemplate(props.parameters);
  if (props.arguments !== undefined) json.Arguments = props.arguments;
  if (props.output !== undefined) json.Output = props.output;
  if (props.assign !== undefined) json.Assign = props.assign;
  return json;
}
