// Colour per field: when it is used (--color, terminal, FORCE_COLOR, NO_COLOR, TERM=dumb),
// what stands out, and that without escapes the bytes are exactly the plain listing.
import { describe, expect, it } from 'vitest';
import { colourLevel, fieldPainter } from '../../../src/format/colour.js';
import { emitServiceEntry, emitVersion } from '../../../src/format/list-fields.js';
import { renderText } from '../../../src/format/render-text.js';
import { FWD_MASQ } from '../../../src/model.js';
import { fixture, replay } from '../recorded/replay.js';
import { dest, fakeResolver, svc } from './helpers.js';

const ESC = '\u001b[';
const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

describe('whether to colour', () => {
  it('auto: a terminal only; FORCE_COLOR decides when set; NO_COLOR and TERM=dumb turn it off', () => {
    expect(colourLevel('auto', true, {})).toBe(1);
    expect(colourLevel('auto', false, {})).toBe(0);
    expect(colourLevel('auto', true, { NO_COLOR: '' })).toBe(0);
    expect(colourLevel('auto', true, { NO_COLOR: '1' })).toBe(0);
    expect(colourLevel('auto', true, { TERM: 'dumb' })).toBe(0);
    expect(colourLevel('auto', false, { FORCE_COLOR: '1' })).toBe(1);
    expect(colourLevel('auto', false, { FORCE_COLOR: '' })).toBe(1);
    expect(colourLevel('auto', false, { FORCE_COLOR: '3' })).toBe(3);
    expect(colourLevel('auto', true, { FORCE_COLOR: '0' })).toBe(0);
    expect(colourLevel('auto', true, { FORCE_COLOR: 'false' })).toBe(0);
  });

  it('always and never override the environment', () => {
    expect(colourLevel('always', false, { NO_COLOR: '1', TERM: 'dumb' })).toBe(1);
    expect(colourLevel('always', false, { FORCE_COLOR: '2' })).toBe(2);
    expect(colourLevel('never', true, { FORCE_COLOR: '3' })).toBe(0);
  });
});

describe('what stands out', () => {
  const entry = {
    service: svc({ ip: '10.1.1.1', port: 80, scheduler: 'wrr' }),
    dests: [dest('192.168.1.2', 80, { fwdMethod: FWD_MASQ, weight: 0 }), dest('2001:db8::2', 80, { uThreshold: 5, activeConns: 3, inactConns: 2 })],
  };
  const opts = { numeric: true, exact: false, stats: false, rate: false, thresholds: false, persistentConn: false, tunInfo: false };
  const naming = { numeric: true, resolver: fakeResolver() };

  it('addresses, scheduler, forwarding, a quiesced server, a reached threshold; padding and newlines outside', () => {
    const painted = renderText((p) => emitServiceEntry(p, entry, opts, naming), fieldPainter(1));
    const plain = renderText((p) => emitServiceEntry(p, entry, opts, naming));
    expect(strip(painted)).toBe(plain);
    const lines = painted.split('\n');
    expect(lines[0]).toBe(`${ESC}35mTCP  10.1.1.1:80${ESC}39m ${ESC}32mwrr${ESC}39m`);
    expect(lines[1]).toContain(`${ESC}35m192.168.1.2:80${ESC}39m`); // inet: magenta
    expect(lines[1]).toContain(`${ESC}33mMasq${ESC}39m`); // forwarding: yellow
    expect(lines[1]).toContain(`${ESC}31m0${ESC}39m`); // weight 0: red
    expect(lines[2]).toContain(`${ESC}34m[2001:db8::2]:80${ESC}39m`); // inet6: blue
    expect(lines[2]).toMatch(/\u001b\[31m\u001b\[1m3\u001b\[22m\u001b\[39m/); // 3+2 >= 5: red bold
    expect(painted).not.toMatch(/\n\u001b\[(39|22)m/); // every style closed before its newline
    expect(painted.split('\n').every((l) => !/\s\u001b\[39m/.test(l))).toBe(true);
  });

  it('the version line has nothing to colour', () => {
    const info = { version: 0x010201, connTabSize: 4096 };
    expect(renderText((p) => emitVersion(p, info), fieldPainter(1))).toBe('IP Virtual Server version 1.2.1 (size=4096)\n');
  });
});

describe('through the command', () => {
  const rec = fixture.records.find((r) => r.args === '-L -n --stats')!;
  it('piped: the plain bytes, also with --color=auto; coloured with --color=always or FORCE_COLOR', async () => {
    expect((await replay(rec, '-L -n --stats')).stdout).toBe(rec.real.stdout);
    expect((await replay(rec, '-L -n --stats --color=auto')).stdout).toBe(rec.real.stdout);
    const always = (await replay(rec, '-L -n --stats --color=always')).stdout;
    expect(always).toContain(ESC);
    expect(strip(always)).toBe(rec.real.stdout);
    expect((await replay(rec, '-L -n --stats', { env: { FORCE_COLOR: '1' } })).stdout).toBe(always);
  });

  it('on a terminal: coloured unless NO_COLOR, TERM=dumb or --color=never', async () => {
    expect((await replay(rec, '-L -n --stats', { isTTY: true })).stdout).toContain(ESC);
    for (const env of [{ NO_COLOR: '' }, { TERM: 'dumb' }]) expect((await replay(rec, '-L -n --stats', { isTTY: true, env })).stdout).toBe(rec.real.stdout);
    expect((await replay(rec, '-L -n --stats --color=never', { isTTY: true })).stdout).toBe(rec.real.stdout);
  });

  it('-S and --json are never coloured', async () => {
    const s = fixture.records.find((r) => r.args === '-S -n')!;
    expect((await replay(s, '-S -n', { isTTY: true })).stdout).toBe(s.real.stdout);
    expect((await replay(rec, '-L -n --stats --json --color=always', { isTTY: true })).stdout).not.toContain(ESC);
  });
});
