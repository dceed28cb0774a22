// Definition diagnostics: the shape of AWS ValidateStateMachineDefinition's, plus line and column.

import type { StateMachineDefinition } from '../asl/types.ts';

export type Severity = 'ERROR' | 'WARNING';

export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  /** AWS's location: `/States/A/Next`, arrays as `/Branches[0]`; `/` is the root, '' means "no location". */
  location: string;
  /** 1-based line and column of the node at `location` (1:1 when unknown), or of the key a message names. */
  line: number;
  column: number;
}

export interface DecodeResult {
  /** Present only when there is no ERROR diagnostic. */
  definition: StateMachineDefinition | undefined;
  diagnostics: Diagnostic[];
}

export interface Position {
  line: number;
  column: number;
}

export const SCHEMA_VALIDATION_FAILED = 'SCHEMA_VALIDATION_FAILED';
export const MISSING_TRANSITION_TARGET = 'MISSING_TRANSITION_TARGET';
export const INVALID_JSON_DESCRIPTION = 'INVALID_JSON_DESCRIPTION';
export const DUPLICATE_STATE_NAME = 'DUPLICATE_STATE_NAME';
export const INVALID_STATE_NAME = 'INVALID_STATE_NAME';
export const INVALID_RESOURCE = 'INVALID_RESOURCE';

/** The location of a member of the object at `parent`. */
export function childPointer(parent: string, key: string): string {
  return parent === '/' || parent === '' ? `/${key}` : `${parent}/${key}`;
}

/** The location of an element of the array at `parent`. */
export function itemPointer(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** The enclosing location (`/A/B[2]` → `/A/B` → `/A` → `/`). */
function parentPointer(pointer: string): string {
  const cut = Math.max(pointer.lastIndexOf('/'), pointer.lastIndexOf('['));
  return cut <= 0 ? '/' : pointer.slice(0, cut);
}

/** Collects diagnostics and gives each the source position of its location. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  readonly #positions: ReadonlyMap<string, Position>;
  readonly #keyPositions: ReadonlyMap<string, Position>;

  constructor(positions: ReadonlyMap<string, Position>, keyPositions: ReadonlyMap<string, Position> = new Map()) {
    this.#positions = positions;
    this.#keyPositions = keyPositions;
  }

  error(location: string, message: string, code: string = SCHEMA_VALIDATION_FAILED): void {
    this.#add('ERROR', code, message, location);
  }

  /** An error AWS locates at an object, about its member `field`: line and column are the member's key. */
  fieldError(location: string, field: string, message: string): void {
    const { line, column } = this.#keyPositions.get(childPointer(location, field)) ?? this.#position(location);
    this.diagnostics.push({ severity: 'ERROR', code: SCHEMA_VALIDATION_FAILED, message, location, line, column });
  }

  warning(location: string, message: string, code: string): void {
    this.#add('WARNING', code, message, location);
  }

  hasErrors(): boolean {
    return this.diagnostics.some((diagnostic) => diagnostic.severity === 'ERROR');
  }

  #add(severity: Severity, code: string, message: string, location: string): void {
    const { line, column } = this.#position(location);
    this.diagnostics.push({ severity, code, message, location, line, column });
  }

  #position(location: string): Position {
    let pointer = location === '' ? '/' : location;
    for (;;) {
      const found = this.#positions.get(pointer);
      if (found !== undefined) return found;
      if (pointer === '/') return { line: 1, column: 1 };
      pointer = parentPointer(pointer);
    }
  }
}
