// Listings from recorded kernel replies, without a kernel: the raw netlink datagrams of a rich
// state with live traffic (test/fixtures/rich-listings.json, made by `npm run record-fixtures`
// in the VM) are decoded by our codec and printed by our list/save commands and formatters;
// the result must equal what the real ipvsadm printed at the same moment.
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/parse.js';
import { runOutcome } from '../../../src/commands/dispatch.js';
import { capturedIo } from '../commands/harness.js';
import { fixture, replayContext, resolver } from './replay.js';

describe(`listings from replies recorded on ${fixture.kernel} with ${fixture.ipvsadm}`, () => {
  it('covers the listing variants with traffic', () => {
    expect(fixture.records.length).toBeGreaterThanOrEqual(30);
    expect(fixture.records.some((r) => /ESTABLISHED/.test(r.real.stdout))).toBe(true);
  });

  for (const rec of fixture.records) {
    it(`ipvsadm ${rec.args}`, async () => {
      const outcome = parseCommandLine(rec.args.split(' '), { argv0: 'ipvsadm', env: {}, resolver });
      const { io, stdout, stderr } = capturedIo();
      // -c reads the recorded copy of /proc/net/ip_vs_conn.
      const { code } = await runOutcome(outcome, replayContext(rec, io));
      expect({ stdout: stdout(), stderr: stderr(), code }).toEqual(rec.real);
    });
  }
});
