// Storage faults named from the codes SQLite, the system and PostgreSQL give.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { storageFaultOf } from './storage-fault.ts';

const coded = (code: string): Error => Object.assign(new Error(code), { code });

it('names the condition from SQLite extended codes, errno and SQLSTATE; other errors are not faults', () => {
  const conditionOf = (code: string) => storageFaultOf(coded(code), '/data/stepwise.db')?.condition;
  assert.equal(conditionOf('SQLITE_FULL'), 'the disk is full');
  assert.equal(conditionOf('ENOSPC'), 'the disk is full');
  assert.equal(conditionOf('53100'), 'the disk is full');
  assert.equal(conditionOf('SQLITE_READONLY_DBMOVED'), 'the database file was moved or deleted');
  assert.equal(conditionOf('SQLITE_READONLY'), 'the data directory is read-only');
  assert.equal(conditionOf('EROFS'), 'the data directory is read-only');
  assert.equal(conditionOf('SQLITE_IOERR_WRITE'), 'the disk reports an I/O error');
  assert.equal(conditionOf('SQLITE_CONSTRAINT_UNIQUE'), undefined);
  assert.equal(storageFaultOf(new Error('no code'), 'x'), undefined);
});
