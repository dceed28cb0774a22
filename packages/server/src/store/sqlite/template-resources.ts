// The SQLite statements of the template records: one row per account, kind, key and template.

import type { TemplateRecords, TemplateResource } from '../template-records.ts';
import { text, type Db, type Row } from './db.ts';
import type { Transact } from './sqlite-trigger-store.ts';

function fromRow(row: Row): TemplateResource {
  return {
    account: text(row, 'account'),
    template: text(row, 'template'),
    logicalId: text(row, 'logical_id'),
    kind: text(row, 'kind') as TemplateResource['kind'],
    key: text(row, 'key'),
  };
}

function put(db: Db, resources: readonly TemplateResource[]): void {
  for (const r of resources) {
    db.run(
      `INSERT INTO template_resources (account, kind, key, template, logical_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account, kind, key, template) DO UPDATE SET logical_id = excluded.logical_id`,
      ...[r.account, r.kind, r.key, r.template, r.logicalId],
    );
  }
}

function remove(db: Db, resources: readonly TemplateResource[]): void {
  for (const r of resources) {
    db.run(
      'DELETE FROM template_resources WHERE account = ? AND kind = ? AND key = ? AND template = ?',
      ...[r.account, r.kind, r.key, r.template],
    );
  }
}

export function createSqliteTemplateRecords(tx: Transact): TemplateRecords {
  return {
    listTemplateResources: (account) =>
      tx((db) =>
        db.all('SELECT * FROM template_resources WHERE account = ? ORDER BY kind, key, template', account).map(fromRow),
      ),
    putTemplateResources: (resources) =>
      tx((db) => {
        put(db, resources);
      }),
    deleteTemplateResources: (resources) =>
      tx((db) => {
        remove(db, resources);
      }),
  };
}
