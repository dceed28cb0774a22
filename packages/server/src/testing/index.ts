// stepwise/testing: helpers for tests of Stepwise and of applications on it (a moto_server for AWS
// services, a `stepwise serve` child process), kept out of the server's public entry point.

export { startMotoServer, MotoUnavailableError, type MotoServer } from './moto-server.ts';
export { spawnServe, type ServeProcess } from './serve-process.ts';
export { Sha256Checksum } from './sha256-checksum.ts';
export {
  startPostgresCluster,
  durabilitySettings,
  PostgresUnavailableError,
  type PostgresCluster,
  type PostgresClusterOptions,
} from './postgres-cluster.ts';
export { postgresPerFile, type PostgresPerFile } from './postgres-per-file.ts';
export {
  Workflow,
  WorkflowRun,
  TestedState,
  type FunctionLog,
  type InlineMocks,
  type MockConfigSource,
  type MockResponse,
  type RunOptions,
  type StateVisit,
  type TestStateOptions,
  type WorkflowOptions,
} from './workflow/index.ts';
export { runLoad, type LoadOptions, type LoadResult } from './load-clients.ts';
