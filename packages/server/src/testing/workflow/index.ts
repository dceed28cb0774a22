// The test kit: run a workflow in process on a virtual clock and assert on what it did.

export { Workflow, type RunOptions, type WorkflowOptions } from './workflow.ts';
export { WorkflowRun, type FunctionLog, type StateVisit } from './workflow-run.ts';
export { TestedState, type TestStateOptions } from './tested-state.ts';
export type { InlineMocks, MockConfigSource, MockResponse } from './test-mocks.ts';
