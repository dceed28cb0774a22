// AWS's renderings of diagnostics: the CreateStateMachine InvalidDefinition message and the
// ValidateStateMachineDefinition response.

import { INVALID_JSON_DESCRIPTION, type Diagnostic, type Severity } from './diagnostics.ts';
import { jacksonParseError } from '../json/jackson-parse-error.ts';
import { pythonRepr } from './python-repr.ts';

export interface ValidateDiagnostic {
  severity: Severity;
  code: string;
  message: string;
  location?: string;
}

export interface ValidateResponse {
  result: 'OK' | 'FAIL';
  diagnostics: ValidateDiagnostic[];
  truncated: false;
}

/**
 * The InvalidDefinition message: `Invalid State Machine Definition: 'CODE: message at /location, CODE: ...'`,
 * errors joined by ", " in the order found.
 *
 * Map `Label` errors are recorded in a different, Python-flavoured format that embeds the definition
 * text: `Error=ValueError Args=['Label cannot be empty'] in definition '<text>'.`; pass `definitionText`
 * to reproduce it.
 */
export function formatInvalidDefinitionMessage(diagnostics: readonly Diagnostic[], definitionText?: string): string {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'ERROR');
  const first = errors[0];
  if (first !== undefined && definitionText !== undefined && isLabelError(first)) {
    return `Error=ValueError Args=[${pythonRepr(first.message)}] in definition '${definitionText}'.`;
  }
  const parts = errors.map(({ code, message, location }) => {
    // A syntax error carries Jackson's location, as AWS's message does, instead of a JSON pointer.
    const jackson = code === INVALID_JSON_DESCRIPTION && definitionText !== undefined;
    const full = jackson ? (jacksonParseError(definitionText) ?? message) : message;
    return `${code}: ${full}${location === '' ? '' : ` at ${location}`}`;
  });
  return `Invalid State Machine Definition: '${parts.join(', ')}'`;
}

function isLabelError(diagnostic: Diagnostic): boolean {
  return diagnostic.location.endsWith('/Label') && diagnostic.message.startsWith('Label ');
}

/** The ValidateStateMachineDefinition response for these diagnostics. */
export function toValidateResponse(diagnostics: readonly Diagnostic[]): ValidateResponse {
  return {
    result: diagnostics.some((diagnostic) => diagnostic.severity === 'ERROR') ? 'FAIL' : 'OK',
    diagnostics: diagnostics.map(({ severity, code, message, location }) =>
      location === '' ? { severity, code, message } : { severity, code, message, location },
    ),
    truncated: false,
  };
}
