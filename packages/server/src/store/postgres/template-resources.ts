// The template records on PostgreSQL: one row per account, kind, key and template, shared by every node.

import type { TemplateRecords, TemplateResource } from '../template-records.ts';
import { text, type Row } from '../sqlite/db.ts';
import type { Run } from './postgres-trigger-store.ts';

function fromRow(row: Row): TemplateResource {
  return {
    account: text(row, 'account'),
    template: text(row, 'template'),
    logicalId: text(row, 'logical_id'),
    kind: text(row, 'kind') as TemplateResource['kind'],
    key: text(row, 'key'),
  };
}

/** `tx` runs a transaction; `one` an operation of one statement. */
export function createPostgresTemplateRecords(tx: Run, one: Run): TemplateRecords {
  return {
    listTemplateResources: (account) =>
      one(async (t) =>
        (
          await t.rows('SELECT * FROM template_resources WHERE account = $1 ORDER BY kind, key, template', [account])
        ).map(fromRow),
      ),
    putTemplateResources: (resources) =>
      tx(async (t) => {
        for (const r of resources) {
          await t.rows(
            `INSERT INTO template_resources (account, kind, key, template, logical_id) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (account, kind, key, template) DO UPDATE SET logical_id = excluded.logical_id`,
            [r.account, r.kind, r.key, r.template, r.logicalId],
          );
        }
      }),
    deleteTemplateResources: (resources) =>
      tx(async (t) => {
        for (const r of resources) {
          await t.rows(
            'DELETE FROM template_resources WHERE account = $1 AND kind = $2 AND key = $3 AND template = $4',
            [r.account, r.kind, r.key, r.template],
          );
        }
      }),
  };
}
