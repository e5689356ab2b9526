// docs/json.md: every JSON example is a valid document of the schema it documents.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaErrors } from '../../json/schema.js';

const text = fs.readFileSync(path.resolve(__dirname, '../../../docs/json.md'), 'utf8');
const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('docs/json.md examples', () => {
  it('has an example per document kind', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(14);
  });
  blocks.forEach((block, i) => {
    it(`example ${i + 1} is valid`, () => {
      const doc = JSON.parse(block);
      const kind = doc.connections ? 'connections' : doc.timeouts ? 'timeouts' : doc.daemons ? 'daemons' : doc.services?.[0]?.realServers?.[0]?.activeConns !== undefined || doc.version ? 'listing' : 'rules';
      expect(schemaErrors(doc, kind)).toBeNull();
    });
  });
});
