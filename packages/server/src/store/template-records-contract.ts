// The contract every TemplateRecords implementation passes (SQLite and PostgreSQL): records kept per account,
// the same resource recorded by two templates, idempotent puts and deletes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TemplateRecords, TemplateResource } from './template-records.ts';

export interface TemplateRecordsFactory {
  /** A fresh, empty database. */
  open(): Promise<{ records: TemplateRecords; close(): Promise<void> }>;
}

function resource(overrides: Partial<TemplateResource> = {}): TemplateResource {
  return {
    account: '123456789012',
    template: '/work/app/template.yaml',
    logicalId: 'Nightly',
    kind: 'rule',
    key: 'default/nightly',
    ...overrides,
  };
}

const order = (list: TemplateResource[]) =>
  [...list].sort((a, b) => `${a.kind} ${a.key} ${a.template}`.localeCompare(`${b.kind} ${b.key} ${b.template}`));

export function templateRecordsContract(name: string, factory: TemplateRecordsFactory): void {
  const withRecords = async (fn: (records: TemplateRecords) => Promise<void>): Promise<void> => {
    const opened = await factory.open();
    try {
      await fn(opened.records);
    } finally {
      await opened.close();
    }
  };
  void describe(`TemplateRecords contract: ${name}`, () => {
    void it('keeps records per account, one per template and resource, a put again updating the logical id', () =>
      withRecords(async (records) => {
        const other = resource({ template: '/work/other/cdk.out' });
        const machine = resource({ kind: 'state-machine', key: 'orders', logicalId: 'Orders' });
        const elsewhere = resource({ account: '444455556666' });
        await records.putTemplateResources([resource(), other, machine, elsewhere]);
        await records.putTemplateResources([resource({ logicalId: 'Renamed' })]);
        const listed = await records.listTemplateResources('123456789012');
        assert.deepEqual(order(listed), order([resource({ logicalId: 'Renamed' }), other, machine]));
        assert.deepEqual(await records.listTemplateResources('444455556666'), [elsewhere]);
      }));

    void it('deletes only the records named, and a missing one quietly', () =>
      withRecords(async (records) => {
        const other = resource({ template: '/work/other/cdk.out' });
        await records.putTemplateResources([resource(), other]);
        await records.deleteTemplateResources([resource(), resource({ key: 'default/none' })]);
        assert.deepEqual(await records.listTemplateResources('123456789012'), [other]);
        await records.deleteTemplateResources([]);
        assert.deepEqual(await records.listTemplateResources('123456789012'), [other]);
      }));
  });
}
