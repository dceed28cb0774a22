// The TriggerStore on a real PostgreSQL: the contract every TriggerStore passes (service/schedules/ has two
// nodes racing to fire the same schedules).

import { postgresPerFile } from '../../testing/postgres-per-file.ts';
import { triggerStoreContract } from '../trigger-store-contract.ts';
import { openPostgresStore } from './postgres-store.ts';

const postgres = postgresPerFile('triggers');

triggerStoreContract('postgres', {
  open: async () => {
    const store = await openPostgresStore({ url: await postgres.fresh() });
    return { triggers: store.triggers(), close: () => store.close() };
  },
});
