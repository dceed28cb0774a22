// Array literals built by array-literal.ts on a real PostgreSQL: every kind of element the store sends comes
// back from the server exactly as pg's own quoting brings it, texts with quotes, backslashes, control
// characters, braces, commas, non-BMP characters and the word NULL included.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import pg from 'pg';
import { postgresPerFile } from '../../testing/postgres-per-file.ts';
import { arrayLiteral, parameterOf } from './array-literal.ts';

const databases = postgresPerFile('array_literal');

const texts = [
  '',
  'plain',
  'NULL',
  'with "quotes" and \\backslashes\\',
  '{"json":"object","list":[1,2,{"nested":"\\"q\\""}]}',
  'line\nbreak\ttab\rreturn\u0001bell',
  'braces {a,b} and, commas',
  'emoji 🙂 and accents éß',
  ' leading and trailing spaces ',
  '\\"',
];

void it('texts, NULLs, numbers and booleans come back as sent', async () => {
  const client = new pg.Client({ connectionString: await databases.fresh() });
  await client.connect();
  try {
    const withNulls = [...texts, null, 'after null'];
    const row = (
      await client.query(
        'SELECT $1::text[] AS texts, $2::bigint[] AS numbers, $3::boolean[] AS flags, $4::text[] AS empty',
        [withNulls, [0, -1, 1_700_000_000_000, null], [true, false, null], []].map(parameterOf),
      )
    ).rows[0] as Record<string, unknown>;
    assert.deepEqual(row.texts, withNulls);
    assert.deepEqual(row.numbers, ['0', '-1', '1700000000000', null]);
    assert.deepEqual(row.flags, [true, false, null]);
    assert.deepEqual(row.empty, []);
  } finally {
    await client.end();
  }
});

void it('each text gives the same array as pg quotes it, alone and in a two-dimensional array', async () => {
  const client = new pg.Client({ connectionString: await databases.fresh() });
  await client.connect();
  try {
    for (const text of texts) {
      const ours = arrayLiteral([text, null]);
      const row = (
        await client.query('SELECT $1::text[] = $2::text[] AS same, $1::text[] AS ours', [ours, [text, null]])
      ).rows[0] as { same: boolean; ours: unknown };
      assert.equal(row.same, true, `${JSON.stringify(text)} as ${ours}`);
      assert.deepEqual(row.ours, [text, null]);
    }
    const rows = [texts.slice(0, 5), texts.slice(5, 10)];
    const grid = (await client.query('SELECT $1::text[] AS grid', [parameterOf(rows)])).rows[0] as { grid: unknown };
    assert.deepEqual(grid.grid, rows);
  } finally {
    await client.end();
  }
});

void it('leaves parameters that are not arrays of plain values to pg', () => {
  const buffers = [Buffer.from('a')];
  assert.equal(parameterOf(buffers), buffers);
  assert.equal(parameterOf('text'), 'text');
  assert.equal(parameterOf(7), 7);
  assert.equal(parameterOf(null), null);
  assert.equal(parameterOf(['a', 1, true, null]), '{"a",1,true,NULL}');
});
