// Map state rules: ItemProcessor (or legacy Iterator), ProcessorConfig, items, concurrency, tolerated failures,
// Label, and the distributed-only ItemReader, ItemBatcher and ResultWriter.

import { isJsonObject } from '../json/json-value.ts';
import type { Node } from './context.ts';
import { childPointer } from './diagnostics.ts';
import {
  checkAllowed,
  checkEnum,
  checkExclusive,
  checkNumber,
  checkPathField,
  checkRequired,
  checkTemplate,
  checkType,
  codePoints,
  isJsonataExpression,
} from './field-checks.ts';
import { pythonRepr } from './python-repr.ts';
import { checkErrorHandling } from './validate-retry-catch.ts';
import { checkPayloads } from './validate-task.ts';

const MAX_LABEL = 40;
/** Whitespace, brackets, wildcards, special and control characters. */
const LABEL_INVALID = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]/u;
const SUB_OBJECTS = {
  ItemReader: ['Resource', 'ReaderConfig', 'Parameters', 'Arguments'],
  ItemBatcher: [
    'MaxItemsPerBatch',
    'MaxItemsPerBatchPath',
    'MaxInputBytesPerBatch',
    'MaxInputBytesPerBatchPath',
    'BatchInput',
  ],
  ResultWriter: ['Resource', 'Parameters', 'Arguments', 'WriterConfig'],
} as const;

export function validateMap(node: Node): void {
  checkPayloads({ ...node, obj: { ...node.obj, Parameters: null } });
  checkErrorHandling(node);
  checkProcessor(node);
  checkItems(node);
  checkLimits(node);
  checkLabel(node);
  for (const [field, allowed] of Object.entries(SUB_OBJECTS)) checkSubObject(node, field, allowed);
}

function checkProcessor(node: Node): void {
  checkExclusive(node, ['ItemProcessor', 'Iterator'], true);
  for (const field of ['ItemProcessor', 'Iterator']) {
    const value = node.obj[field];
    if (value === undefined) continue;
    const at = childPointer(node.at, field);
    const block = node.ctx.validateBlock(value, at, ['ProcessorConfig']);
    if (block === undefined || !checkType({ ...node, obj: block, at }, 'ProcessorConfig', 'Object')) continue;
    checkProcessorConfig({ ...node, obj: block.ProcessorConfig as never, at: childPointer(at, 'ProcessorConfig') });
  }
}

function checkProcessorConfig(config: Node): void {
  checkAllowed(config, new Set(['Mode', 'ExecutionType']));
  checkEnum(config, 'Mode', ['INLINE', 'DISTRIBUTED']);
  checkEnum(config, 'ExecutionType', ['STANDARD', 'EXPRESS']);
  if (config.obj.Mode === 'DISTRIBUTED' && config.ctx.machineType === 'EXPRESS') {
    config.ctx.report.error(
      childPointer(config.at, 'Mode'),
      "The field 'Mode' with value 'DISTRIBUTED' is not supported inside 'EXPRESS' state machines",
    );
  }
}

function checkItems(node: Node): void {
  checkExclusive(node, ['ItemSelector', 'Parameters']);
  const { ItemSelector, Parameters, Items } = node.obj;
  if (node.language === 'JSONPath') {
    checkPathField(node, 'ItemsPath', { reference: false });
    for (const [field, value] of [
      ['ItemSelector', ItemSelector],
      ['Parameters', Parameters],
    ] as const) {
      if (value !== undefined) checkTemplate(node.ctx, value, childPointer(node.at, field));
    }
  } else if (Items !== undefined && !isJsonataExpression(Items)) {
    checkType(node, 'Items', 'Array');
  }
}

function checkLimits(node: Node): void {
  const limits = [
    ['MaxConcurrency', 0, 2147483647, 'Integer'],
    ['ToleratedFailureCount', 0, 2147483647, 'Integer'],
    ['ToleratedFailurePercentage', 0, 100, 'Number'],
  ] as const;
  for (const [field, min, max, type] of limits) {
    checkNumber(node, field, min, max, type);
    checkPathField(node, `${field}Path`, { reference: true });
    checkExclusive(node, [field, `${field}Path`]);
  }
}

function checkLabel(node: Node): void {
  const label = node.obj.Label;
  if (!checkType(node, 'Label', 'String') || typeof label !== 'string') return;
  const at = childPointer(node.at, 'Label');
  const invalid = codePoints(label).find((char) => LABEL_INVALID.test(char));
  if (label.length === 0) node.ctx.report.error(at, 'Label cannot be empty');
  else if (codePoints(label).length > MAX_LABEL)
    node.ctx.report.error(at, `Label cannot exceed ${MAX_LABEL} characters`);
  else if (invalid !== undefined) node.ctx.report.error(at, `Label contains invalid character: ${pythonRepr(invalid)}`);
}

function checkSubObject(node: Node, field: string, allowed: readonly string[]): void {
  const value = node.obj[field];
  if (!checkType(node, field, 'Object') || !isJsonObject(value)) return;
  const sub: Node = { ...node, obj: value, at: childPointer(node.at, field) };
  checkAllowed(sub, new Set(allowed));
  // A ResultWriter with WriterConfig alone reshapes the output without writing it anywhere.
  const writesNothing = field === 'ResultWriter' && value.WriterConfig !== undefined && value.Parameters === undefined;
  if (field !== 'ItemBatcher' && !writesNothing) checkRequired(sub, ['Resource']);
  if (node.language === 'JSONPath' && value.Parameters !== undefined) {
    checkTemplate(node.ctx, value.Parameters, childPointer(sub.at, 'Parameters'));
  }
}
