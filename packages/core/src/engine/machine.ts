// A definition compiled once for execution: every States block indexed by JSON pointer, every path,
// template and Choice rule compiled, so nothing is parsed while an execution runs.

import type { ChoiceRule, State, StateMachineDefinition, StatesBlock } from '../asl/types.ts';
import {
  compileIntrinsic,
  compilePath,
  compilePayloadTemplate,
  compileReferencePath,
  looksLikeIntrinsic,
  type CompiledPath,
  type CompiledReferencePath,
  type CompiledTemplate,
} from '../expressions/index.ts';
import type { JsonValue } from '../json/json-value.ts';
import { compileChoiceRule, type CompiledChoiceRule } from '../states/choice-rules.ts';

export interface Machine {
  definition: StateMachineDefinition;
  blocks: Map<string, Block>;
}

export interface Block {
  pointer: string;
  startAt: string;
  states: Map<string, CompiledState>;
}

/** A compiled path field: `undefined` when absent (AWS's default `$`), `null` when the definition says null. */
export type PathField = CompiledPath | null | undefined;

export interface CompiledState {
  name: string;
  pointer: string;
  def: State;
  inputPath: PathField;
  outputPath: PathField;
  resultPath: CompiledReferencePath | null | undefined;
  parameters: CompiledTemplate | undefined;
  resultSelector: CompiledTemplate | undefined;
  /** Map: ItemSelector (or legacy Parameters). */
  itemSelector: CompiledTemplate | undefined;
  /** Choice: rules in order. */
  choices: { rule: CompiledChoiceRule; next: string }[];
  /** Catch: ResultPath of each catcher. */
  catchResultPaths: (CompiledReferencePath | null | undefined)[];
  /** Parallel branches / the Map processor, as block pointers. */
  children: string[];
  /** Any other path field (SecondsPath, ItemsPath, MaxConcurrencyPath, ...) by field name. */
  paths: Map<string, CompiledPath>;
  /** Fail's ErrorPath and CausePath, which may also be intrinsic function calls. */
  expressions: Map<string, PathOrIntrinsic>;
}

/** A field that holds a path or an intrinsic call (Fail's ErrorPath / CausePath). */
export interface PathOrIntrinsic {
  readonly text: string;
  evaluate(scope: Parameters<CompiledPath['evaluate']>[0]): JsonValue | undefined;
}

export function compileMachine(definition: StateMachineDefinition): Machine {
  const blocks = new Map<string, Block>();
  compileBlock(definition, '', blocks);
  return { definition, blocks };
}

function compileBlock(block: StatesBlock, pointer: string, blocks: Map<string, Block>): void {
  const states = new Map<string, CompiledState>();
  blocks.set(pointer, { pointer, startAt: block.StartAt, states });
  for (const [name, def] of Object.entries(block.States)) {
    const statePointer = `${pointer}/States/${escapePointer(name)}`;
    const compiled = compileState(name, statePointer, def);
    states.set(name, compiled);
    if (def.Type === 'Parallel') {
      def.Branches.forEach((branch, i) => {
        const branchPointer = `${statePointer}/Branches/${i}`;
        compiled.children.push(branchPointer);
        compileBlock(branch, branchPointer, blocks);
      });
    } else if (def.Type === 'Map') {
      const processor = def.ItemProcessor ?? def.Iterator;
      if (processor !== undefined) {
        const processorPointer = `${statePointer}/${def.ItemProcessor ? 'ItemProcessor' : 'Iterator'}`;
        compiled.children.push(processorPointer);
        compileBlock(processor, processorPointer, blocks);
      }
    }
  }
}

const pathFieldNames = [
  'SecondsPath',
  'TimestampPath',
  'ItemsPath',
  'MaxConcurrencyPath',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
] as const;

function compileState(name: string, pointer: string, def: State): CompiledState {
  const fields = def as unknown as Record<string, JsonValue | undefined>;
  const paths = new Map<string, CompiledPath>();
  for (const field of pathFieldNames) {
    const text = fields[field];
    if (typeof text === 'string') paths.set(field, compilePath(text));
  }
  const expressions = new Map<string, PathOrIntrinsic>();
  for (const field of ['ErrorPath', 'CausePath']) {
    const text = fields[field];
    if (typeof text === 'string')
      expressions.set(field, looksLikeIntrinsic(text) ? compileIntrinsic(text) : compilePath(text));
  }
  const template = (field: string): CompiledTemplate | undefined => {
    const value = fields[field];
    return value === undefined ? undefined : compilePayloadTemplate(value);
  };
  const isMap = def.Type === 'Map';
  return {
    name,
    pointer,
    def,
    inputPath: optionalPath(fields.InputPath),
    outputPath: optionalPath(fields.OutputPath),
    resultPath: optionalReferencePath(fields.ResultPath),
    parameters: isMap ? undefined : template('Parameters'),
    resultSelector: template('ResultSelector'),
    itemSelector: isMap ? (template('ItemSelector') ?? template('Parameters')) : undefined,
    choices: def.Type === 'Choice' ? def.Choices.map(compileChoice) : [],
    catchResultPaths: 'Catch' in def && def.Catch ? def.Catch.map((c) => optionalReferencePath(c.ResultPath)) : [],
    children: [],
    paths,
    expressions,
  };
}

function compileChoice(rule: ChoiceRule): { rule: CompiledChoiceRule; next: string } {
  return { rule: compileChoiceRule(rule), next: rule.Next ?? '' };
}

function optionalPath(text: JsonValue | undefined): PathField {
  if (text === undefined) return undefined;
  return text === null ? null : compilePath(text as string);
}

function optionalReferencePath(text: JsonValue | undefined): CompiledReferencePath | null | undefined {
  if (text === undefined) return undefined;
  return text === null ? null : compileReferencePath(text as string);
}

function escapePointer(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}
