// The IPVS part of keepalived.conf as the desired table of ipvsadm-apply: the services and
// real servers keepalived programs at start-up once every health checker has succeeded.
// docs/keepalived.md says which keywords count and how each maps to IPVS.
import fs from 'node:fs';
import path from 'node:path';
import { escapePath, globSync } from 'tinyglobby';
import type { RulesReadResult } from '../model.js';
import { readStatements, type Statement } from './keepalived-blocks.js';
import { ConfigError } from './keepalived-error.js';
import { readGroup, readVirtualServer, type Group, type VirtualServer } from './keepalived-servers.js';
import { buildTable } from './keepalived-table.js';

export interface KeepalivedReadOptions {
  /** Reads a file as text; default fs.readFileSync(path, 'utf8'). Throws when missing. */
  readFile?: (path: string) => string;
  /** Expands an include pattern (absolute, or relative to the including file's directory) into sorted file paths; default uses tinyglobby. */
  glob?: (pattern: string, cwd: string) => string[];
}

/** tinyglobby over an absolute pattern (it does not climb out of cwd on its own), sorted as glob(3) would. */
function defaultGlob(pattern: string, cwd: string): string[] {
  const absolute = path.isAbsolute(pattern) ? pattern : `${escapePath(cwd)}/${pattern}`;
  return globSync(absolute, { absolute: true, onlyFiles: true, expandDirectories: false }).sort();
}

/** Top-level keywords read here; every other top-level statement (and its block) is skipped. */
function collect(statements: Statement[]): { servers: VirtualServer[]; groups: Map<string, Group> } {
  const servers: VirtualServer[] = [];
  const groups = new Map<string, Group>();
  for (const st of statements) {
    const kw = st.words[0]!.text;
    if (kw === 'virtual_server') servers.push(readVirtualServer(st));
    else if (kw === 'virtual_server_group') {
      const g = readGroup(st);
      if (groups.has(g.name.text)) throw new ConfigError(g.name.pos, `virtual_server_group "${g.name.text}" is defined twice`);
      groups.set(g.name.text, g);
    }
  }
  return { servers, groups };
}

export function readKeepalived(file: string, text: string, opts: KeepalivedReadOptions = {}): RulesReadResult {
  const reader = {
    readFile: opts.readFile ?? ((p: string) => fs.readFileSync(p, 'utf8')),
    glob: opts.glob ?? defaultGlob,
  };
  try {
    const { servers, groups } = collect(readStatements(file, text, reader));
    return { ok: true, services: buildTable(servers, groups) };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, problem: e.problem };
    throw e;
  }
}
