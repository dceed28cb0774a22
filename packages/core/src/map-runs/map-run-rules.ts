// What decides a Distributed Map's run, the same wherever its children run (the local runner or the
// server's map-run driver): when the failures exceed the tolerance, and the ARNs the children get.

import type { MapRunSpec } from '../engine/types.ts';

export type MapRunTolerance = Pick<MapRunSpec, 'toleratedFailureCount' | 'toleratedFailurePercentage'>;

/**
 * Whether `failed` children of `total` exceed the tolerance. Without ToleratedFailureCount or
 * ToleratedFailurePercentage, one failure fails the run; the percentage is of all the run's items.
 */
export function mapRunToleranceExceeded(tolerance: MapRunTolerance, failed: number, total: number): boolean {
  if (failed === 0) return false;
  const { toleratedFailureCount: count, toleratedFailurePercentage: percentage } = tolerance;
  if (count === undefined && percentage === undefined) return true;
  const overCount = count !== undefined && failed > count;
  const overPercentage = percentage !== undefined && total > 0 && (failed * 100) / total > percentage;
  return overCount || overPercentage;
}

/** `…:mapRun:MACHINE/LABEL:UUID` → `…:stateMachine:MACHINE/LABEL`, the children's state machine. */
export function mapRunChildMachineArn(mapRunArn: string): string {
  return withoutRunId(mapRunArn).replace(':mapRun:', ':stateMachine:');
}

/** `…:mapRun:MACHINE/LABEL:UUID` → `…:execution:MACHINE/LABEL:NAME`, a child execution's ARN. */
export function mapRunChildExecutionArn(mapRunArn: string, name: string): string {
  return `${withoutRunId(mapRunArn).replace(':mapRun:', ':execution:')}:${name}`;
}

/** `MACHINE/LABEL`, the children's state machine name. */
export function mapRunChildMachineName(mapRunArn: string): string {
  const machineArn = mapRunChildMachineArn(mapRunArn);
  return machineArn.slice(machineArn.indexOf(':stateMachine:') + ':stateMachine:'.length);
}

function withoutRunId(mapRunArn: string): string {
  return mapRunArn.slice(0, mapRunArn.lastIndexOf(':'));
}
