// The graph model of a definition: nodes, nested containers, labelled edges, retry badges.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRule } from './conditions.ts';
import { buildGraph, type GraphNode } from './model.ts';

const definition = {
  StartAt: 'Route',
  States: {
    Route: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.n', NumericGreaterThan: 1, Next: 'Fan' },
        { Condition: '{% $states.input.vip %}', Next: 'Par' },
      ],
      Default: 'Done',
    },
    Fan: {
      Type: 'Map',
      ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Pass', End: true } } },
      Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Done' }],
      Next: 'Done',
    },
    Par: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
        { StartAt: 'B', States: { B: { Type: 'Pass', Next: 'Missing' } } },
      ],
      End: true,
    },
    Done: { Type: 'Succeed' },
  },
};

function find(node: GraphNode, name: string): GraphNode | undefined {
  if (node.name === name && node.kind === 'state') return node;
  for (const child of node.children) {
    const found = find(child, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

describe('buildGraph', () => {
  const graph = buildGraph(definition);

  it('has a node per state, Map and Parallel contents nested, Start and End markers', () => {
    assert.equal(graph.stateCount, 7);
    assert.deepEqual(
      graph.root.children.map((n) => n.name),
      ['Start', 'Route', 'Fan', 'Par', 'Done', 'End'],
    );
    assert.deepEqual(
      find(graph.root, 'Fan')?.children.map((n) => n.id),
      ['/States/Fan/ItemProcessor/States/Work'],
    );
    assert.deepEqual(
      find(graph.root, 'Par')?.children.map((n) => [n.kind, n.name, n.children.map((c) => c.name)]),
      [
        ['branch', 'Branch 1', ['A']],
        ['branch', 'Branch 2', ['B']],
      ],
    );
  });

  it('labels Choice edges with their conditions, Default, and Catch edges with their errors', () => {
    const edges = graph.root.edges.map((e) => [e.kind, e.source.split('/').pop(), e.target.split('/').pop(), e.label]);
    assert.deepEqual(edges, [
      ['choice', 'Route', 'Fan', '$.n > 1'],
      ['choice', 'Route', 'Par', '$states.input.vip'],
      ['default', 'Route', 'Done', 'Default'],
      ['next', 'Fan', 'Done', undefined],
      ['catch', 'Fan', 'Done', 'Catch States.TaskFailed'],
      ['next', 'Par', '__end', undefined],
      ['next', 'Done', '__end', undefined],
      ['next', '__start', 'Route', undefined],
    ]);
  });

  it('summarises Retry on the state, and skips edges to missing states (the editor draws invalid drafts)', () => {
    assert.equal(find(graph.root, 'Fan')?.retry, 'Retry up to 2× on States.ALL');
    assert.deepEqual(find(graph.root, 'Par')?.children[1]?.edges, []);
    assert.equal(buildGraph('not an object').stateCount, 0);
  });
});

describe('describeRule', () => {
  const cases: [unknown, string][] = [
    [{ Variable: '$.a', StringEquals: 'x' }, '$.a == "x"'],
    [{ Variable: '$.a', NumericLessThanEqualsPath: '$.b' }, '$.a <= $.b'],
    [{ Variable: '$.a', IsPresent: false }, '$.a is not present'],
    [{ Variable: '$.a', StringMatches: 'log-*' }, '$.a matches "log-*"'],
    [{ Not: { Variable: '$.a', BooleanEquals: true } }, 'not $.a == true'],
    [
      {
        And: [
          { Variable: '$.a', IsNull: false },
          {
            Or: [
              { Variable: '$.b', NumericGreaterThan: 1 },
              { Variable: '$.c', IsString: true },
            ],
          },
        ],
      },
      '$.a is not null and ($.b > 1 or $.c is string)',
    ],
    [{ Condition: '{% $x > 1 %}' }, '$x > 1'],
  ];
  for (const [rule, text] of cases) {
    it(text, () => {
      assert.equal(describeRule(rule), text);
    });
  }
});
