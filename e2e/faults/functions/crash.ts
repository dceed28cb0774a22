// A local function that kills the server running it (its parent process) with SIGKILL, as a crash or an
// out-of-memory kill of the server during this step would: the crash-loop probe's guilty step.
export function handler(): Promise<never> {
  process.kill(process.ppid, 'SIGKILL');
  return new Promise(() => undefined);
}
