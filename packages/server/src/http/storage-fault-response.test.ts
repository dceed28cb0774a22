// A storage fault at the HTTP edge: AWS's 503 ServiceUnavailable (which SDKs retry), its message naming the
// condition, the code and the file (conformance has no case of a full disk; the choice is in docs/choices.md).

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { StorageFault } from '../store/storage-fault.ts';
import { renderError } from './protocol.ts';

it('renders as 503 ServiceUnavailable with the condition, the code and the file in the message', () => {
  const fault = new StorageFault('the disk is full', '/data/stepwise.db', 'SQLITE_FULL');
  const rendered = renderError(fault);
  assert.equal(rendered.status, 503);
  assert.deepEqual(JSON.parse(rendered.body), {
    __type: 'ServiceUnavailable',
    message:
      'Stepwise cannot write its data: the disk is full (SQLITE_FULL, /data/stepwise.db); it serves again once that is fixed',
  });
  assert.equal(renderError(new Error('bug')).status, 500);
});
