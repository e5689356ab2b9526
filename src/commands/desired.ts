// The desired table of ipvsadm-apply from its input, in one of three formats, or the input's
// first problem with its position. Nothing here touches the kernel: bad input is found before
// the first change.
import type { CommandKind } from '../cli/command.js';
import type { ParseContext } from '../cli/parse.js';
import { readRulesFile } from '../cli/rules-file.js';
import type { KeepalivedReadOptions } from '../config/keepalived.js';
import type { DestConfig, RulesReadResult, ServiceConfig, SourcePosition } from '../model.js';
import { findDuplicate } from '../plan/diff.js';
import { RuleTable } from '../plan/rule-table.js';
import { kernelErrorMessage } from './errors.js';

export type InputFormat = 'rules' | 'json' | 'keepalived';

export interface DesiredInput {
  format: InputFormat;
  /** The file's name in messages ('-' for standard input). */
  file: string;
  text: Buffer;
  parse: ParseContext;
  /** File reading and globbing of keepalived's include (tests inject them). */
  keepalived?: KeepalivedReadOptions;
}

/** Reads the input as its format says, and checks that no service or real server is there twice. */
export async function readDesired(input: DesiredInput): Promise<RulesReadResult> {
  const result = await readByFormat(input);
  if (!result.ok) return result;
  const dup = findDuplicate(result.services);
  if (dup) {
    const position = dup.entry.origin ?? { file: input.file, line: 1, column: 1 };
    return { ok: false, problem: { position, message: dup.dest ? 'Destination already exists' : 'Service already exists' } };
  }
  return result;
}

/** The JSON reader (ajv, the schema) and the keepalived reader are loaded only when used. */
async function readByFormat(input: DesiredInput): Promise<RulesReadResult> {
  switch (input.format) {
    case 'rules':
      return readRules(input);
    case 'json':
      return (await import('../config/json-rules.js')).readJsonRules(input.file, input.text.toString('utf8'));
    case 'keepalived':
      return (await import('../config/keepalived.js')).readKeepalived(input.file, input.text.toString('utf8'), input.keepalived);
  }
}

/**
 * A rules file: its lines run, in order, against a table in memory that answers as the kernel
 * would, so the desired table is what `-C` then `-R` of the file leaves; a line the kernel
 * would refuse is the file's problem, in ipvsadm's words for it.
 */
function readRules(input: DesiredInput): RulesReadResult {
  const read = readRulesFile(input.file, input.text, input.parse);
  if (!read.ok) return read;
  const table = new RuleTable();
  for (const { command: cmd, position } of read.lines) {
    const errno = runOnTable(table, cmd.kind, cmd.service!, cmd.dest, position);
    if (errno !== 0) return { ok: false, problem: { position, message: kernelErrorMessage(cmd.kind, errno) } };
  }
  return { ok: true, services: table.rules() };
}

function runOnTable(table: RuleTable, kind: CommandKind, service: ServiceConfig, dest: DestConfig | undefined, position: SourcePosition): number {
  switch (kind) {
    case 'add-service':
      return table.addService(service, position);
    case 'edit-service':
      return table.editService(service);
    case 'delete-service':
      return table.delService(service);
    case 'add-server':
      return table.addDest(service, dest!);
    case 'edit-server':
      return table.editDest(service, dest!);
    case 'delete-server':
      return table.delDest(service, dest!);
    case 'flush':
      return table.flush();
    default:
      return 0; // readRulesFile lets no other command through
  }
}
