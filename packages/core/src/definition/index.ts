// Public API of definition decoding and validation.

export { decodeDefinition } from './decode.ts';
export type { DecodeOptions } from './decode.ts';
export type { MachineType } from './context.ts';
export type { DecodeResult, Diagnostic, Severity } from './diagnostics.ts';
export { formatInvalidDefinitionMessage, toValidateResponse } from './messages.ts';
export type { ValidateDiagnostic, ValidateResponse } from './messages.ts';
export { variableReferences } from './variable-references.ts';
