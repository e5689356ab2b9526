// -R against the real ipvsadm 1.31: files saved by the real -S and -S -n, comments, blank
// lines, CRLF, garbage, kernel errors midway; same output, exit status and final state.
import { describe, expect, it } from 'vitest';
import { createNetns, deleteNetns } from './netns.js';
import { RICH_RULES } from './rich-state.js';
import { expectSameAsReal } from './same.js';
import { runRealBatch, type Step } from './transcript.js';

const restore = (stdin: string, args = '-R', env?: Record<string, string>): Step => ({ args: args.split(' '), stdin, env });

const BASE = [
  '-A -t 10.1.1.1:80 -s wlc',
  '-a -t 10.1.1.1:80 -r 192.168.1.2:80 -g -w 1',
  '-a -t 10.1.1.1:80 -r 192.168.1.3:8080 -m -w 5',
  '-A -u 10.1.1.1:53 -s rr -o',
  '-A -t [2001:db8::10]:443 -s wlc -p 30 -M 48 --pe sip',
  '-a -t [2001:db8::10]:443 -r [2001:db8::2]:443 -m -w 2',
  '-A -f 7 -6 -s wlc -p 60 -M 64',
  '-A -f 100 -s rr',
  '-a -f 100 -r 192.168.1.2:0 -m -w 1',
].join('\n') + '\n';

const FILES: Record<string, string> = {
  'a plain rules file': BASE,
  'CRLF line ends': BASE.replace(/\n/g, '\r\n'),
  'blank and whitespace-only lines': `\n   \n\t\n${BASE}\n\n`,
  'a comment line stops it (1.31 has no comments)': `-A -t 10.1.1.1:80 -s rr\n# a comment\n-A -t 10.1.1.2:80 -s rr\n`,
  'an indented comment also stops it': `-A -t 10.1.1.1:80 -s rr\n   # indented\n-A -t 10.1.1.2:80 -s rr\n`,
  'kernel errors midway continue': `-A -t 10.1.1.1:80 -s rr\n-A -t 10.1.1.1:80 -s rr\n-a -t 10.9.9.9:80 -r 192.168.1.2\n-A -t 10.1.1.2:80 -s nosuch\n-A -t 10.1.1.3:80 -s rr\n`,
  'the last kernel error decides the exit status': `-A -t 10.1.1.1:80 -s rr\n-A -t 10.1.1.1:80 -s rr\n`,
  'a popt error after the command continues': `-A -t 10.1.1.1:80 --bogus\n-A -t 10.1.1.2:80 -s rr\n-A -t 10.1.1.3:80 -s rr -w\n`,
  'a validation error stops with 2': `-A -t 10.1.1.1:80 -s rr\n-A -t 10.1.1.2:0 -s rr\n-A -t 10.1.1.3:80 -s rr\n`,
  'garbage stops with 255': `-A -t 10.1.1.1:80 -s rr\nhello world\n-A -t 10.1.1.3:80 -s rr\n`,
  'binary garbage': `-A -t 10.1.1.1:80 -s rr\n\u0001\u0002\u00ff\u00fe -t\n-A -t 10.1.1.3:80\n`,
  'ipvsadm tokens are dropped anywhere': `ipvsadm -A -t 10.1.1.1:80 -s rr\n-a -t 10.1.1.1:80 ipvsadm -r 192.168.1.2 -m\n`,
  'quotes are not special': `-A -t 10.1.1.1:80 -s "rr"\n-A -t 10.1.1.2:80 -s rr\n`,
  'a -h line prints help and stops': `-A -t 10.1.1.1:80 -s rr\n-h\n-A -t 10.1.1.2:80 -s rr\n`,
  'a -v line prints the version and stops': `-A -t 10.1.1.1:80 -s rr\n-v\n-A -t 10.1.1.2:80 -s rr\n`,
  'a nested -R stops': `-A -t 10.1.1.1:80 -s rr\n-R\n-A -t 10.1.1.2:80 -s rr\n`,
  'listings and flushes run in sequence': `-A -t 10.1.1.1:80 -s rr\n-L -n\n-S -n\n-C\n-A -t 10.1.1.2:80 -s rr\n-L -n --timeout\n-Z\n`,
  'a failed listing stops with 1': `-A -t 10.1.1.1:80 -s rr\n-L -n -t 10.9.9.9:80\n-A -t 10.1.1.2:80 -s rr\n`,
  'no final newline': `-A -t 10.1.1.1:80 -s rr\n-A -t 10.1.1.2:80 -s rr`,
  'no final newline, one trailing blank': `-A -t 10.1.1.1:80 -s rr\n-A -t 10.1.1.2:80 -s rr `,
  'no final newline, two trailing blanks: the line is dropped': `-A -t 10.1.1.1:80 -s rr\n-A -t 10.1.1.2:80 -s rr  `,
  'CR-only line ends make one long line': `-A -t 10.1.1.1:80 -s rr\r-A -t 10.1.1.2:80 -s rr\r`,
  'empty input': '',
  'a very long token': `-A -t 10.1.1.1:80 -s ${'x'.repeat(5000)}\n-A -t 10.1.1.2:80 -s rr\n`,
  'the rich rule set': RICH_RULES.join('\n') + '\n',
};

describe('-R against the real ipvsadm', () => {
  for (const [name, text] of Object.entries(FILES)) {
    it(name, async () => {
      await expectSameAsReal([restore(text), '-L -n', '-S -n']);
    });
  }

  // Ours with its parsing worker thread (src/commands/restore-thread.ts), the input shared in
  // chunks of one line each or of 64 bytes, whatever its size.
  Object.entries(FILES).forEach(([name, text], i) => {
    const chunk = i % 2 === 0 ? '1' : '64';
    it(`${name}, shared with a parsing worker in chunks of ${chunk} bytes`, async () => {
      await expectSameAsReal([restore(text, '-R', { IPVSADM_RESTORE_THREAD: chunk }), '-L -n', '-S -n']);
    });
  });

  it('--restore and -R after -C, twice (errors on the second pass)', async () => {
    await expectSameAsReal(['-C', restore(BASE, '--restore'), restore(BASE), '-L -n']);
  });

  it('round trip: what the real -S and -S -n printed restores the same way', async () => {
    const ns = createNetns('ipvs-save');
    let saved: string;
    let savedNames: string;
    try {
      const out = await runRealBatch(ns, [...RICH_RULES, ...BASE.trim().split('\n').slice(3, 9), '-S -n', '-S']);
      saved = out[out.length - 2]!.stdout;
      savedNames = out[out.length - 1]!.stdout;
    } finally {
      deleteNetns(ns);
    }
    expect(saved).toContain('-A -t 10.1.1.1:80 -s wrr\n');
    expect(savedNames).toContain('vip.example.com:http');
    await expectSameAsReal([restore(saved), '-S -n', restore(savedNames), '-L -n', '-C', restore(savedNames), '-S -n']);
  });
});
