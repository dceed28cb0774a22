// The template records on SQLite: the shared contract, and records kept across a reopen of the file.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { templateRecordsContract } from '../template-records-contract.ts';
import { openSqliteStore, sqliteTemplateRecords } from './sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-template-records-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
let files = 0;

templateRecordsContract('sqlite file', {
  open: () => {
    const store = openSqliteStore({ file: join(dir, `db${String(++files)}.sqlite`) });
    return Promise.resolve({ records: sqliteTemplateRecords(store), close: () => store.close() });
  },
});

it('keeps the records across a restart', async () => {
  const file = join(dir, 'kept.sqlite');
  const record = { account: '123456789012', template: '/t.yaml', logicalId: 'A', kind: 'pipe', key: 'p' } as const;
  const first = openSqliteStore({ file });
  await sqliteTemplateRecords(first).putTemplateResources([record]);
  await first.close();
  const second = openSqliteStore({ file });
  try {
    assert.deepEqual(await sqliteTemplateRecords(second).listTemplateResources('123456789012'), [record]);
  } finally {
    await second.close();
  }
});
