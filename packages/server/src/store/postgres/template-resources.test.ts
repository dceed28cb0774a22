// The template records on a real PostgreSQL: the contract every TemplateRecords passes.

import { after, before } from 'node:test';
import { startPostgresCluster, type PostgresCluster } from '../../testing/postgres-cluster.ts';
import { templateRecordsContract } from '../template-records-contract.ts';
import { openPostgresStore } from './postgres-store.ts';

let cluster: PostgresCluster | undefined;
let databases = 0;

before(async () => {
  cluster = await startPostgresCluster();
});

after(async () => {
  await cluster?.stop();
});

templateRecordsContract('postgres', {
  open: async () => {
    if (cluster === undefined) throw new Error('the PostgreSQL cluster did not start');
    databases += 1;
    const store = await openPostgresStore({ url: await cluster.createDatabase(`templates_${String(databases)}`) });
    return { records: store.templateRecords(), close: () => store.close() };
  },
});
