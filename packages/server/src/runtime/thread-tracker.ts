// Notes which threads one engine step touches: the step runs with its state's thread table behind a proxy
// that records every id read, written or deleted, so that the commit writes those threads' rows and no
// other (a superset of the threads changed, found without the engine telling each of its changes).

import type { ExecutionState, ThreadState } from '@stepwise/core';

export interface ThreadTracker {
  /** Puts the plain thread table back; the ids touched, or 'all' when the step replaced the table. */
  finish(): ReadonlySet<string> | 'all';
}

export function trackThreads(state: ExecutionState): ThreadTracker {
  const table = state.threads;
  const touched = new Set<string>();
  const proxy = new Proxy(table, {
    get(target, key) {
      if (typeof key === 'string') touched.add(key);
      return Reflect.get(target, key) as unknown;
    },
    set(target, key, value: ThreadState) {
      if (typeof key === 'string') touched.add(key);
      return Reflect.set(target, key, value);
    },
    has(target, key) {
      if (typeof key === 'string') touched.add(key);
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'string') touched.add(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    deleteProperty(target, key) {
      if (typeof key === 'string') touched.add(key);
      return Reflect.deleteProperty(target, key);
    },
  });
  state.threads = proxy;
  return {
    finish() {
      if (state.threads !== proxy) return 'all';
      state.threads = table;
      return touched;
    },
  };
}
