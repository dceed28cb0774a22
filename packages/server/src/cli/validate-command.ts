// `stepwise validate DEFINITION.json`: prints `file:line:col code message` per diagnostic; exit 0 or 2.

import { readFileSync } from 'node:fs';
import { decodeDefinition, type Diagnostic } from '@stepwise/core';
import { parseArgs, UsageError } from './args.ts';
import type { Io } from './io.ts';

export function validateCommand(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, [], []);
  const file = args.positional[0];
  if (file === undefined) throw new UsageError('validate needs a definition file: stepwise validate DEFINITION.json');
  const { diagnostics } = decodeDefinition(readFileSync(file, 'utf8'));
  printDiagnostics(file, diagnostics, io);
  const errors = diagnostics.filter((d) => d.severity === 'ERROR').length;
  if (errors === 0) io.err(`${file}: valid`);
  return errors === 0 ? 0 : 2;
}

export function printDiagnostics(file: string, diagnostics: readonly Diagnostic[], io: Io): void {
  for (const d of diagnostics) {
    const where = d.location === '' ? '' : ` (at ${d.location})`;
    io.out(`${file}:${d.line}:${d.column} ${d.code} ${d.message}${where}`);
  }
}
