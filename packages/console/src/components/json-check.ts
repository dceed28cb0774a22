// Checks JSON text as the user types it, with the line and column of the first problem.

import type { TextDiagnostic } from './code-editor.tsx';

export function checkJson(text: string): TextDiagnostic[] {
  if (text.trim() === '')
    return [{ severity: 'error', message: 'Input must be JSON (use {} for none)', line: 1, column: 1 }];
  try {
    JSON.parse(text);
    return [];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { line, column } = positionOf(text, message);
    return [{ severity: 'error', message: message.replace(/^JSON\.parse: /, ''), line, column }];
  }
}

/** V8 says "at position N" or "(line L column C)"; without either, the end of the text. */
function positionOf(text: string, message: string): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc !== null) return { line: Number(lc[1]), column: Number(lc[2]) };
  const at = /position (\d+)/.exec(message);
  const offset = at === null ? text.length : Number(at[1]);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}
