// Replays command lines recorded through the real ipvsadm 1.31 (see record-real-ipvsadm.mjs):
// where ipvsadm stopped while parsing, we must print the same bytes with the same status;
// where it went on to the kernel, we must produce a command, and where the table was saved
// afterwards, the rule we built must be in it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpText, versionText } from '../../../src/cli/help.js';
import type { Command } from '../../../src/cli/command.js';
import { inetNtop6 } from '../../../src/libc/inet.js';
import {
  AF_INET6, FWD_MASQ, FWD_TUNNEL, IPPROTO_TCP, IPPROTO_UDP, SVC_F_ONEPACKET, SVC_F_PERSISTENT,
  TUN_FLAG_CSUM, TUN_FLAG_REMCSUM, TUN_TYPE_GRE, TUN_TYPE_GUE,
} from '../../../src/model.js';
import type { DestConfig, ServiceConfig } from '../../../src/model.js';
import { parse } from './helpers.js';

interface Recording {
  args: string[];
  env?: Record<string, string>;
  state?: boolean;
  exitCode: number;
  stdout: string;
  stderr: string;
  saved?: string;
}

const RECORDINGS: Recording[] = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'real-ipvsadm-parse.json'), 'utf8'),
);

/** What ipvsadm prints when it stops before any kernel call. */
function isParseStop(r: Recording): boolean {
  return r.exitCode === 2 || r.stderr.startsWith('Try `') || /: (unknown option|missing argument|option does not take an argument)\n$/.test(r.stderr);
}

// A minimal `-S -n` renderer, enough to find the rule a parsed command made.
function addrPort(af: number, addr: Uint8Array, port: number): string {
  return af === AF_INET6 ? `[${inetNtop6(addr)}]:${port}` : `${Array.from(addr.subarray(0, 4)).join('.')}:${port}`;
}

function serviceSwitch(s: ServiceConfig): string {
  if (s.fwmark) return `-f ${s.fwmark | 0}${s.af === AF_INET6 ? ' -6' : ''}`;
  const sw = s.protocol === IPPROTO_TCP ? '-t' : s.protocol === IPPROTO_UDP ? '-u' : '--sctp-service';
  return `${sw} ${addrPort(s.af, s.addr, s.port)}`;
}

function flagWords(s: ServiceConfig): string {
  const words = s.scheduler === 'sh' || s.scheduler === 'mh'
    ? [`${s.scheduler}-fallback`, `${s.scheduler}-port`]
    : ['flag-1', 'flag-2', 'flag-3'];
  return words.filter((_, i) => s.flags & (0x08 << i)).join(',');
}

function serviceRule(s: ServiceConfig): string {
  let line = `-A ${serviceSwitch(s)} -s ${s.scheduler}`;
  if (s.flags & SVC_F_PERSISTENT) {
    line += ` -p ${s.timeout}`;
    const defaultMask = s.af === AF_INET6 ? 128 : 0xffffffff;
    if (s.netmask !== defaultMask) {
      const m = s.netmask;
      line += ` -M ${s.af === AF_INET6 ? m : [m >>> 24, (m >>> 16) & 255, (m >>> 8) & 255, m & 255].join('.')}`;
    }
  }
  if (s.pe) line += ` --pe ${s.pe}`;
  if (s.flags & SVC_F_ONEPACKET) line += ' -o';
  if (s.flags & 0x38) line += ` -b ${flagWords(s)}`;
  return `${line}\n`;
}

function destRule(s: ServiceConfig, d: DestConfig): string {
  const fwd = d.fwdMethod === FWD_MASQ ? '-m' : d.fwdMethod === FWD_TUNNEL ? '-i' : '-g';
  let line = `-a ${serviceSwitch(s)} -r ${addrPort(d.af, d.addr, d.port)} ${fwd} -w ${d.weight}`;
  if (d.fwdMethod === FWD_TUNNEL) {
    const csum = d.tunFlags === TUN_FLAG_CSUM ? '--tun-csum' : d.tunFlags === TUN_FLAG_REMCSUM ? '--tun-remcsum' : '--tun-nocsum';
    if (d.tunType === TUN_TYPE_GUE) line += ` --tun-type gue --tun-port ${d.tunPort} ${csum}`;
    else if (d.tunType === TUN_TYPE_GRE) line += ` --tun-type gre ${csum}`;
    else line += ' --tun-type ipip';
  }
  return `${line}\n`;
}

function ruleOf(c: Command): string | null {
  switch (c.kind) {
    case 'add-service':
    case 'edit-service':
      return serviceRule(c.service!);
    case 'add-server':
    case 'edit-server':
      return destRule(c.service!, c.dest!);
    default:
      return null;
  }
}

const label = (r: Recording) => `${r.env ? `${Object.keys(r.env).join(' ')} ` : ''}ipvsadm ${r.args.map((a) => JSON.stringify(a)).join(' ')}`;

describe('replaying the real ipvsadm 1.31', () => {
  it('has recordings', () => {
    expect(RECORDINGS.length).toBeGreaterThan(300);
  });

  for (const r of RECORDINGS) {
    it(label(r), () => {
      const outcome = parse(r.args, { env: r.env ?? {} });
      if (r.exitCode === 139) {
        // `-b` made only of commas crashes ipvsadm; we take it as an empty -b (deliberate).
        expect(outcome.type).toBe('command');
        return;
      }
      if (r.exitCode === 0 && r.stdout === helpText('ipvsadm')) {
        expect(outcome).toEqual({ type: 'help' });
        return;
      }
      if (r.exitCode === 0 && r.stdout === versionText()) {
        expect(outcome).toEqual({ type: 'version' });
        return;
      }
      if (isParseStop(r)) {
        // Whether ipvsadm exit()s here is not in the recording: -R's stop rules are compared live.
        expect(outcome).toMatchObject({ type: 'error', message: r.stderr, exitCode: r.exitCode });
        return;
      }
      expect(outcome.type).toBe('command');
      if (outcome.type !== 'command' || r.exitCode !== 0 || r.saved === undefined) return;
      const rule = ruleOf(outcome.command);
      if (rule !== null) expect(r.saved).toContain(rule);
    });
  }
});
