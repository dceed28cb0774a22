// Messages between the server and a function worker process (over Node's IPC channel, as JSON).

import type { ContextFields } from './lambda-context.ts';

/** Parent to worker. The event travels as JSON text so it arrives exactly as Step Functions sent it. */
export type WorkerRequest =
  | { type: 'load'; file: string; handler: string }
  | { type: 'invoke'; requestId: string; event: string; context: ContextFields; deadline: number };

/**
 * Worker to parent. `started`: its runtime is up and reads requests (the init limit counts from here).
 * `fatal` means the worker is no longer usable (it will be killed).
 */
export type WorkerReply =
  | { type: 'started' }
  | { type: 'ready' }
  | { type: 'log'; text: string }
  | { type: 'load-failed'; errorType: string; errorPayload: string }
  | { type: 'result'; requestId: string; payload: string }
  | { type: 'error'; requestId: string; errorType: string; errorPayload: string; fatal?: boolean };
