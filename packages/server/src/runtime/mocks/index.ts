// Mocked Task responses from a Step Functions Local MockConfigFile: parse once, resolve per invocation.

export {
  loadMockConfig,
  parseMockConfig,
  MockConfigError,
  type MockConfig,
  type MockConfigProblem,
  type MockedResponse,
  type MockedResponseRange,
} from './mock-config.ts';
export { resolveMock, testCaseStates, MockedExecution, type MockLookup, type MockResult } from './mock-resolver.ts';
