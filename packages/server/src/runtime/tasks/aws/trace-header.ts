// A traced task's AWS call carries its span as `X-Amzn-Trace-Id`, the header AWS services read for X-Ray.

import { xrayTraceHeader, type TraceContext } from '../../tracing/trace-context.ts';

interface BuildArgs {
  request: unknown;
}

/** What of an SDK v3 command the header needs: its middleware stack. */
interface WithMiddleware {
  middlewareStack?: {
    add(middleware: (next: (args: BuildArgs) => unknown) => (args: BuildArgs) => unknown, options: object): void;
  };
}

/** Adds the header to the command's HTTP request (the `build` step, before signing), when traced. */
export function withTraceHeader<T>(command: T, trace: TraceContext | undefined): T {
  const stack = (command as WithMiddleware).middlewareStack;
  if (trace === undefined || stack === undefined) return command;
  const header = xrayTraceHeader(trace);
  stack.add(
    (next) => (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers !== undefined) request.headers['X-Amzn-Trace-Id'] = header;
      return next(args);
    },
    { step: 'build', name: 'stepwiseTraceHeader' },
  );
  return command;
}
