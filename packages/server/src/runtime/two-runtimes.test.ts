// Two runtimes on one store, on both stores: SQLite (two runtimes of one process on one file) and
// PostgreSQL (two nodes, each with its own connections and LISTEN/NOTIFY signals, on one database).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe } from 'node:test';
import { openPostgresStore } from '../store/postgres/postgres-store.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { postgresPerFile } from '../testing/postgres-per-file.ts';
import { expressLeaseContract } from './express-lease-contract.ts';
import { fencingContract } from './fencing-contract.ts';
import { twoRuntimesContract, type SharedStore } from './two-runtimes-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-two-runtimes-'));
const postgres = postgresPerFile('two_runtimes');
let databases = 0;

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function openSqlite(): Promise<SharedStore> {
  databases += 1;
  const store = openSqliteStore({ file: join(dir, `shared-${String(databases)}.sqlite`) });
  return Promise.resolve({ nodes: [{ store }, { store }], close: () => store.close() });
}

describe('two runtimes on one SQLite store', () => {
  twoRuntimesContract(openSqlite);
  fencingContract(openSqlite);
  expressLeaseContract(openSqlite);
});

async function openPostgres(): Promise<SharedStore> {
  const url = await postgres.fresh();
  const [a, b] = [await openPostgresStore({ url }), await openPostgresStore({ url })];
  return {
    nodes: [
      { store: a, signals: a.signals },
      { store: b, signals: b.signals },
    ],
    close: async () => {
      await a.close();
      await b.close();
    },
  };
}

describe('two nodes on one PostgreSQL database', () => {
  twoRuntimesContract(openPostgres);
  fencingContract(openPostgres);
  expressLeaseContract(openPostgres);
});
