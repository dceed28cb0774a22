// The ExecutionMinutesStore contract on a real PostgreSQL (migration 0018): two handles, as two nodes have, on
// one fresh database each test.

import { postgresPerFile } from '../../testing/postgres-per-file.ts';
import { executionMinutesContract } from '../execution-minutes-contract.ts';
import { openPostgresExecutionMinutes } from './postgres-execution-minutes.ts';

const postgres = postgresPerFile('minutes');

executionMinutesContract('postgres', {
  open: async () => {
    const url = await postgres.migrated();
    const [a, b] = [openPostgresExecutionMinutes({ url }), openPostgresExecutionMinutes({ url })];
    return {
      a,
      b,
      close: async () => {
        await a.close();
        await b.close();
      },
    };
  },
});
