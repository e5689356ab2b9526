// Spec §13.1: how -R input becomes argument lists.
import { describe, expect, it } from 'vitest';
import { restoreLineRecords, restoreLines } from '../../../src/cli/restore-lines.js';
import { TRY_HELP, parse } from './helpers.js';

const lines = (input: string | Uint8Array) => [...restoreLines(input)];

describe('§13.1 restore line splitting', () => {
  it('splits on space, tab, CR and LF; only LF ends a line', () => {
    expect(lines('-A -t 10.1.1.1:80\t-s rr\n-C\n')).toEqual([['-A', '-t', '10.1.1.1:80', '-s', 'rr'], ['-C']]);
    expect(lines('-A -t A\r\n-C\r\n')).toEqual([['-A', '-t', 'A'], ['-C']]);
    expect(lines('-A -t A\r-A -t B\r')).toEqual([['-A', '-t', 'A', '-A', '-t', 'B']]);
    expect(lines('  -C  \t \n')).toEqual([['-C']]);
  });

  it('has no quoting and no comments', () => {
    expect(lines('-A -t "10.1.1.1:80" -s "rr"\n')).toEqual([['-A', '-t', '"10.1.1.1:80"', '-s', '"rr"']]);
    expect(lines('# a comment\n  # indented\n-C # trailing\n')).toEqual([['#', 'a', 'comment'], ['#', 'indented'], ['-C', '#', 'trailing']]);
    expect(lines("-s 'r r'\n")).toEqual([['-s', "'r", "r'"]]);
  });

  it('drops every token equal to ipvsadm', () => {
    expect(lines('ipvsadm -a -t X ipvsadm -r Y -m\nipvsadm\nipvsadmx -C\n')).toEqual([['-a', '-t', 'X', '-r', 'Y', '-m'], ['ipvsadmx', '-C']]);
  });

  it('skips lines without tokens', () => {
    expect(lines('\n\n  \n\t\r\n-C\n\n')).toEqual([['-C']]);
    expect(lines('')).toEqual([]);
    expect(lines('\n')).toEqual([]);
  });

  it('runs a last line without newline, unless it ends in two or more white-space bytes', () => {
    expect(lines('-C\n-L -n')).toEqual([['-C'], ['-L', '-n']]);
    expect(lines('-C\n-L -n ')).toEqual([['-C'], ['-L', '-n']]);
    expect(lines('-C\n-L -n  ')).toEqual([['-C']]);
    expect(lines('-C\n-L -n \t')).toEqual([['-C']]);
    expect(lines('-C\n-L -n\r\r')).toEqual([['-C']]);
    expect(lines('-C\n   ')).toEqual([['-C']]);
    expect(lines('-C\n  -L')).toEqual([['-C'], ['-L']]);
  });

  it('splits tokens longer than 4096 bytes', () => {
    const long = 'x'.repeat(4096 + 10);
    expect(lines(`-s ${long}\n`)).toEqual([['-s', 'x'.repeat(4096), 'x'.repeat(10)]]);
    expect(lines(`-s ${'y'.repeat(4096)} z\n`)).toEqual([['-s', 'y'.repeat(4096), 'z']]);
  });

  it('reads bytes (Buffer input) and decodes tokens as UTF-8', () => {
    expect(lines(Buffer.from('-s caf\u00e9\n', 'utf8'))).toEqual([['-s', 'caf\u00e9']]);
    const view = new Uint8Array(Buffer.from('xx-C\n')).subarray(2);
    expect(lines(view)).toEqual([['-C']]);
  });

  it('is lazy: a generator', () => {
    const it = restoreLines('-C\n-L\n');
    expect(it.next().value).toEqual(['-C']);
    expect(it.next().value).toEqual(['-L']);
    expect(it.next().done).toBe(true);
  });
});

describe('§13.2 lines through the parser', () => {
  const outcomes = (input: string) => [...restoreLines(input)].map((tokens) => parse(tokens));

  it('a CR-only file is one line: invalid option `-A\'', () => {
    expect(outcomes('-A -t 10.0.0.1:80\r-A -t 10.0.0.2:80\r')).toEqual([{ type: 'error', message: "invalid option `-A'\n", exitCode: 2, exits: true }]);
  });

  it('comment lines and bare words are not commands', () => {
    for (const line of ['# saved rules\n', '   # indented\n', 'foo\n']) {
      expect(outcomes(line)).toEqual([{ type: 'error', message: `${TRY_HELP}\n`, exitCode: 255, exits: true }]);
    }
  });

  it('quotes stay in the values', () => {
    expect(outcomes('-A -t "10.1.1.1:80"\n')).toEqual([{ type: 'error', message: 'illegal virtual server address[:port] specified\n', exitCode: 2, exits: true }]);
    const [rr] = outcomes('-A -t 10.1.1.1:80 -s "rr"\n');
    expect(rr?.type === 'command' && rr.command.service?.scheduler).toBe('"rr"');
  });

  it('a stray # is an unexpected argument', () => {
    expect(outcomes('-A -t 10.1.1.1:80 # web\n')).toEqual([{ type: 'error', message: 'unexpected argument #\n', exitCode: 2, exits: true }]);
  });
});


describe('line positions (for ipvsadm-apply messages)', () => {
  const at = (input: string) => [...restoreLineRecords(input)].map(({ line, column, tokens }) => [line, column, tokens[0]]);

  it('counts lines by LF and columns from the first token, skipping blank lines and a leading ipvsadm', () => {
    expect(at('-C\n\n  \t-A -t A\n ipvsadm  -a -t A -r B\n\r\n-D -t A')).toEqual([
      [1, 1, '-C'],
      [3, 4, '-A'],
      [4, 11, '-a'],
      [6, 1, '-D'],
    ]);
  });

  it('a line that ends without LF keeps its own position', () => {
    expect(at('-C\n   -Z')).toEqual([[1, 1, '-C'], [2, 4, '-Z']]);
  });
});
