// The pass-count floor per target: it only ever goes up (conformance/floor.json).
import { readFileSync, writeFileSync } from 'node:fs';

export type Floors = Record<string, { passed: number }>;

export function readFloors(file: string): Floors {
  return JSON.parse(readFileSync(file, 'utf8')) as Floors;
}

export function floorFor(floors: Floors, target: string): number {
  return floors[target]?.passed ?? 0;
}

/** Raises the target's floor to `passed` if that is higher; returns the new floor. Never lowers it. */
export function raiseFloor(file: string, target: string, passed: number): number {
  const floors = readFloors(file);
  const current = floorFor(floors, target);
  if (passed <= current) return current;
  floors[target] = { passed };
  writeFileSync(file, `${JSON.stringify(floors, null, 2)}\n`);
  return passed;
}
