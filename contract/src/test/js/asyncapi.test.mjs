// The AsyncAPI document checked by AsyncAPI's own parser (@asyncapi/parser: the AsyncAPI 3.0 JSON
// Schema and its rule set), with the schema files it refers to resolved from the disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Parser, fromFile } from '@asyncapi/parser';

const here = path.dirname(fileURLToPath(import.meta.url));
const doc = path.resolve(here, '../../../asyncapi.yaml');

test('the AsyncAPI document parses with no error and no warning', async () => {
  const parser = new Parser();
  const { document, diagnostics } = await fromFile(parser, doc).parse();
  const problems = diagnostics.filter(d => d.severity <= 1).map(d => `${d.path.join('.')}: ${d.message}`);
  assert.deepEqual(problems, [], problems.join('\n'));
  assert.ok(document, 'no document');
  assert.equal(document.version(), '3.0.0');
  const version = (await readFile(path.resolve(here, '../../../openapi.yaml'), 'utf8')).match(/^  version: (\S+)$/m)[1];
  assert.equal(document.info().version(), version);
  // every channel of the agent's topics is under dapur/{outletId} but the broker's own count and the vendors'
  // (Star CloudPRNT's topics are Star's, as its printers expect them)
  for (const c of document.channels()) {
    const a = c.address();
    if (a !== null && !a.startsWith('$SYS/') && !a.startsWith('star/cloudprnt/')) {
      assert.match(a, /^dapur\/\{outletId\}\//, c.id());
    }
  }
});
