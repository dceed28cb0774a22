// The small validate entry answers `stepwise validate FILE` as the full CLI does, and leaves every other
// command line to the full CLI.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { main } from './main.ts';
import { validateEntry } from './validate-entry.ts';

const dir = mkdtempSync(join(tmpdir(), 'stepwise-validate-entry-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function captured() {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += `${t}\n`),
    err: (t: string) => void (io.stderr += `${t}\n`),
  };
  return io;
}

const definitions: Record<string, object> = {
  valid: { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
  jsonata: {
    QueryLanguage: 'JSONata',
    StartAt: 'A',
    States: {
      A: { Type: 'Pass', Output: '{% $match($states.input.s, /a+/) %}', Next: 'B' },
      B: { Type: 'Pass', Output: '{% ( %}', End: true },
    },
  },
  regex: {
    StartAt: 'A',
    States: { A: { Type: 'Pass', Parameters: { 'x.$': '$.items[?(@.n =~ /a(b/)]' }, End: true } },
  },
};

for (const [name, definition] of Object.entries(definitions)) {
  it(`answers ${name} as the full CLI does`, async () => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(definition));
    const quick = captured();
    const full = captured();
    const code = validateEntry(['validate', file], quick);
    assert.equal(code, await main(['validate', file], full));
    assert.deepEqual([quick.stdout, quick.stderr], [full.stdout, full.stderr]);
  });
}

it('reports a missing file as the full CLI does', async () => {
  const quick = captured();
  const full = captured();
  const file = join(dir, 'absent.json');
  assert.equal(validateEntry(['validate', file], quick), 2);
  assert.equal(await main(['validate', file], full), 2);
  assert.equal(quick.stderr, full.stderr);
});

it('leaves other command lines to the full CLI', () => {
  for (const argv of [['validate'], ['validate', '--help'], ['validate', 'a.json', 'b.json'], ['run', 'a.json'], []]) {
    assert.equal(validateEntry(argv, captured()), undefined, argv.join(' '));
  }
});
