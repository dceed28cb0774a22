// The ExecutionMinutesStore contract on SQLite (migration 0019), in memory.

import { executionMinutesContract } from '../execution-minutes-contract.ts';
import { openSqliteStore } from './sqlite-store.ts';

executionMinutesContract('sqlite', {
  open: () => {
    const store = openSqliteStore({ file: ':memory:' });
    return Promise.resolve({ a: store, b: store, close: () => store.close() });
  },
});
