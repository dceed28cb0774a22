// The executions of the durability workload whose history does not depend on timing: on the system
// clock, nodes interleave a Parallel's branches and a Map's iterations in any order, and the workload's
// task answers depend on the engine's task counter, so those would differ from an uninterrupted run
// without anything being wrong. The sequential ones (Wait then Retry; Retry then Catch) must match.

import type { ExecutionStart } from '../../packages/server/src/runtime/execution-start.ts';
import { workload } from './workload.ts';

export function sequentialWorkload(count: number): ExecutionStart[] {
  return workload(count).filter((start) => !start.name.startsWith('parallelMap-'));
}
