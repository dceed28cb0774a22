// Compiled machines by definition text: an execution carries its definition, and compiling once per
// text (not per step) keeps steps cheap. Bounded, oldest dropped first.

import { compileMachine, decodeDefinition, type Machine } from '@stepwise/core';
import type { StateMachineType } from '../store/store.ts';

export class MachineCache {
  private readonly machines = new Map<string, Machine>();

  constructor(
    private readonly type: StateMachineType,
    private readonly capacity = 256,
  ) {}

  get(definition: string): Machine {
    const cached = this.machines.get(definition);
    if (cached !== undefined) return cached;
    const decoded = decodeDefinition(definition, { type: this.type });
    // The service validated the definition when it was stored: failing here is a bug, not a user error.
    if (decoded.definition === undefined) {
      throw new Error(`stored definition does not decode: ${decoded.diagnostics[0]?.message ?? 'unknown'}`);
    }
    const machine = compileMachine(decoded.definition);
    if (this.machines.size >= this.capacity) {
      const oldest = this.machines.keys().next().value;
      if (oldest !== undefined) this.machines.delete(oldest);
    }
    this.machines.set(definition, machine);
    return machine;
  }
}
