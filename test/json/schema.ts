// docs/ipvsadm.schema.json through ajv: validators for the whole schema and for each document
// kind, shared by the unit and kernel tests.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';

const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/ipvsadm.schema.json');
export const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
ajv.addSchema(schema);

export type DocumentKind = 'listing' | 'rules' | 'connections' | 'timeouts' | 'daemons';

const whole = ajv.getSchema(schema.$id)!;
const byKind = new Map<DocumentKind, ReturnType<typeof ajv.compile>>();
for (const kind of ['listing', 'rules', 'connections', 'timeouts', 'daemons'] as const) {
  byKind.set(kind, ajv.compile({ $ref: `${schema.$id}#/$defs/${kind}` }));
}

/** null when `doc` is valid against the whole schema and its kind's part; else ajv's errors. */
export function schemaErrors(doc: unknown, kind: DocumentKind): string | null {
  const problems: string[] = [];
  if (!whole(doc)) problems.push(ajv.errorsText(whole.errors));
  const one = byKind.get(kind)!;
  if (!one(doc)) problems.push(ajv.errorsText(one.errors));
  return problems.length ? problems.join('\n') : null;
}

/** Which document a command line's --json output is. */
export function documentKind(args: string): DocumentKind {
  const words = args.split(/\s+/);
  if (words.includes('-S') || words.includes('--save')) return 'rules';
  if (words.some((w) => w === '-c' || w === '--connection' || /^-[A-Za-z]*c[A-Za-z]*$/.test(w) && !w.startsWith('--'))) return 'connections';
  if (words.includes('--timeout')) return 'timeouts';
  if (words.includes('--daemon')) return 'daemons';
  return 'listing';
}
