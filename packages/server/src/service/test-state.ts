// TestState: runs one state (or a whole machine's start state) without creating anything. The pure engine
// function is injected, because it lives in core and arrives with issue 3.

import type { Handler } from './api.ts';
import { validationError } from './errors.ts';

/** The TestState semantics: given a validated request, the TestState response or an ApiError. */
export type TestStateFunction = (request: Record<string, unknown>) => Promise<object>;

export function testStateHandler(testState: TestStateFunction | undefined): Handler {
  return async (request) => {
    if (testState === undefined) {
      throw validationError('TestState is not available on this server yet: the engine does not provide it.');
    }
    return testState(request);
  };
}
