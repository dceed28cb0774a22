// The registry of conformance targets, looked up by name from the command line.
import type { Target } from '../target.ts';
import { memoryTarget } from './memory.ts';
import { replayTarget } from './replay.ts';
import { httpTarget } from './http.ts';
import { httpPostgresTarget } from './http-postgres.ts';
import { postgresTarget } from './postgres.ts';
import { sqliteTarget } from './sqlite.ts';

const targets: readonly Target[] = [
  memoryTarget,
  sqliteTarget,
  postgresTarget,
  httpTarget,
  httpPostgresTarget,
  replayTarget,
];

export function targetNames(): string[] {
  return targets.map((t) => t.name);
}

export function findTarget(name: string): Target | undefined {
  return targets.find((t) => t.name === name);
}
