// A wait that ends early when its signal aborts: the pause of the polling loops (queue sources, pipes).

export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Read through a call: a loop's condition narrowed `signal.aborted`, but an await may have changed it. */
export function stopped(signal: AbortSignal): boolean {
  return signal.aborted;
}
