// What PutEvents matches against, kept in memory: each bus's enabled rules with their targets (read again after
// a second, or at once after a change made through this node: AWS also applies rule changes eventually), and
// each pattern compiled once.

import type { RuleRecord, TargetRecord, TriggerStore } from '../../store/trigger-store.ts';
import { compilePatternText, type CompiledPattern } from './event-pattern.ts';

export interface ActiveRule {
  rule: RuleRecord;
  targets: TargetRecord[];
  pattern: CompiledPattern;
}

export class RuleCache {
  private readonly compiled = new Map<string, CompiledPattern>();
  private readonly buses = new Map<string, { loadedAt: number; rules: Promise<ActiveRule[]> }>();

  constructor(
    private readonly triggers: TriggerStore,
    private readonly now: () => number = Date.now,
    private readonly maxAgeMillis = 1000,
  ) {}

  pattern(text: string): CompiledPattern {
    let pattern = this.compiled.get(text);
    if (pattern === undefined) {
      pattern = compilePatternText(text);
      if (this.compiled.size > 10000) this.compiled.clear();
      this.compiled.set(text, pattern);
    }
    return pattern;
  }

  activeRules(bus: string): Promise<ActiveRule[]> {
    const cached = this.buses.get(bus);
    if (cached !== undefined && this.now() - cached.loadedAt < this.maxAgeMillis) return cached.rules;
    const rules = this.load(bus);
    this.buses.set(bus, { loadedAt: this.now(), rules });
    rules.catch(() => this.buses.delete(bus));
    return rules;
  }

  private async load(bus: string): Promise<ActiveRule[]> {
    const rows = await this.triggers.activeRules(bus);
    return rows.map(({ rule, targets }) => ({ rule, targets, pattern: this.pattern(rule.eventPattern ?? '{}') }));
  }

  /** A rule, target or bus changed: read them again on the next event. */
  changed(): void {
    this.buses.clear();
  }
}
