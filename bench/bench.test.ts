// Smoke test of the benchmark harness: every workload at a tiny size, one repetition. It checks that each
// engine produced correct executions (the workloads throw otherwise) and that every figure is there;
// it never looks at how long anything took.
// test-group: serial (the benchmarks want the CPU; see scripts/run-tests.ts)

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTable } from './src/table.ts';
import { workloads } from './src/workloads/index.ts';

describe('npm run bench, at smoke size', () => {
  for (const workload of workloads) {
    it(`${workload.name} runs correct executions and reports its figures`, async () => {
      const figures = await workload.run({ size: 'smoke', repeats: 1, log: () => undefined });
      assert.ok(figures.length > 0);
      for (const figure of figures) {
        assert.equal(figure.workload, workload.name);
        if (figure.stepwise === undefined) assert.match(figure.note ?? '', /not available yet/);
        else assert.ok(Number.isFinite(figure.stepwise) && figure.stepwise > 0, `${figure.metric}: ${figure.stepwise}`);
        if (figure.peer !== undefined) assert.ok(Number.isFinite(figure.peer) && figure.peer > 0);
      }
      assert.match(renderTable(figures), new RegExp(`\\| ${workload.name} `));
      // PostgreSQL's figure is compared with SQLite's under the same guarantee, and says which (issue 16).
      if (workload.name === 'postgres-durable' && figures[0]?.stepwise !== undefined) {
        assert.match(figures[0].note ?? '', /fsync=on, synchronous_commit=off/);
      }
    });
  }
});
