// The template records on a real PostgreSQL: the contract every TemplateRecords passes.

import { postgresPerFile } from '../../testing/postgres-per-file.ts';
import { templateRecordsContract } from '../template-records-contract.ts';
import { openPostgresStore } from './postgres-store.ts';

const postgres = postgresPerFile('templates');

templateRecordsContract('postgres', {
  open: async () => {
    const store = await openPostgresStore({ url: await postgres.fresh() });
    return { records: store.templateRecords(), close: () => store.close() };
  },
});
