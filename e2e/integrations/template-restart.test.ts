// Black box: `stepwise serve --load` records which template made what, durably. A server loads a template and a
// second one; a rule is made by hand with the AWS SDK, which the template declares too. The server stops, the
// template loses a machine, an activity, a rule, a schedule, a pipe and a route, and the server starts again
// with only that template: what it lost is gone (ListRules, ListSchedules, ListPipes, ListStateMachines,
// ListActivities, the route's path no longer starts anything); what it keeps, what the other template made and
// what the user made stay. Run on SQLite and on PostgreSQL (`serve --database`).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EventBridgeClient, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { startPostgresCluster, type PostgresCluster } from 'stepwise/testing';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import { dropped, listEverything, postRoute, shrinkingTemplate, type Listed } from './shrinking-template.ts';

const region = 'us-east-1';
const credentials = { accessKeyId: 'e2e', secretAccessKey: 'e2e' };

function restartScenario(store: 'sqlite' | 'postgres'): void {
  const dir = mkdtempSync(join(tmpdir(), `stepwise-template-restart-${store}-`));
  const template = join(dir, 'app.yaml');
  const other = join(dir, 'other.yaml');
  let cluster: PostgresCluster | undefined;
  let database: string[] = [];
  let server: ServerProcess | undefined;
  let full: Listed;
  let fullRoute: { status: number; body: string };

  async function serve(...templates: string[]): Promise<ServerProcess> {
    const args = [...database, ...templates.flatMap((path) => ['--load', path])];
    server = await startServer(args, { dataDir: join(dir, 'data') });
    return server;
  }

  before(async () => {
    if (store === 'postgres') {
      cluster = await startPostgresCluster();
      database = ['--database', await cluster.createDatabase('template_restart')];
    }
    // The user's own rule, made by API before any template: the template below declares one of the same name.
    const first = await serve();
    const events = new EventBridgeClient({ endpoint: first.url, region, credentials, maxAttempts: 1 });
    await events.send(new PutRuleCommand({ Name: 'UserRule', EventPattern: '{"source":["user"]}' }));
    events.destroy();
    await first.stop();

    writeFileSync(template, shrinkingTemplate({ full: true, extraRules: ['UserRule', 'SharedRule'] }));
    writeFileSync(other, shrinkingTemplate({ full: false, name: 'Other', extraRules: ['SharedRule'] }));
    const loaded = await serve(template, other);
    full = await listEverything({ endpoint: loaded.url, region, credentials });
    fullRoute = await postRoute(loaded.url, dropped.route);
    await loaded.stop();

    writeFileSync(template, shrinkingTemplate({ full: false }));
    await serve(template);
  });

  after(async () => {
    await server?.stop();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the full template and the other one loaded everything they declare', () => {
    assert.deepEqual(full, {
      machines: ['Dropped', 'Kept', 'Other'],
      activities: ['Queue'],
      rules: ['GoneRule', 'KeptRule', 'OtherRule', 'SharedRule', 'UserRule'],
      schedules: ['GoneSchedule', 'KeptSchedule', 'OtherSchedule'],
      pipes: ['GonePipe', 'KeptPipe', 'OtherPipe'],
    });
    assert.equal(fullRoute.status, 200, fullRoute.body);
    assert.match(fullRoute.body, /"executionArn":"arn:aws:states:us-east-1:123456789012:execution:Kept:/);
  });

  it('after a restart with the smaller template, what it no longer declares is gone and the rest stays', async () => {
    const now = await listEverything({ endpoint: server?.url ?? '', region, credentials });
    assert.deepEqual(now, {
      machines: ['Kept', 'Other'],
      activities: [],
      // UserRule was the user's (made by API, only updated by the template); SharedRule the other template's too.
      rules: ['KeptRule', 'OtherRule', 'SharedRule', 'UserRule'],
      schedules: ['KeptSchedule', 'OtherSchedule'],
      pipes: ['KeptPipe', 'OtherPipe'],
    });
  });

  it('the removed route starts nothing; the kept ones still do', async () => {
    const url = server?.url ?? '';
    const gone = await postRoute(url, dropped.route);
    assert.notEqual(gone.status, 200);
    // No route claims the path any more: the request reaches the Step Functions API, which names no operation in it.
    assert.match(gone.body, /UnknownOperationException/);
    for (const path of ['/kept', '/other']) {
      const kept = await postRoute(url, path);
      assert.equal(kept.status, 200, kept.body);
    }
  });
}

describe('a restart with a smaller template, on SQLite', () => {
  restartScenario('sqlite');
});

describe('a restart with a smaller template, on PostgreSQL', () => {
  restartScenario('postgres');
});
