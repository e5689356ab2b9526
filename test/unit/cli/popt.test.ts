// The popt tokenizer on its own: what it returns per call, leftovers, and the element it
// blames in errors.
import { describe, expect, it } from 'vitest';
import { IPVSADM_OPTIONS } from '../../../src/cli/options.js';
import type { IpvsadmOption } from '../../../src/cli/options.js';
import { PoptContext } from '../../../src/cli/popt.js';

/** All calls until the end or an error: `spelling=value` per option, then `end` or `error:TEXT@BAD`. */
function run(args: string[], posix = false): { events: string[]; leftovers: string[] } {
  const popt = new PoptContext<IpvsadmOption>(args, IPVSADM_OPTIONS, posix);
  const events: string[] = [];
  for (;;) {
    const r = popt.nextOption();
    if (r.kind === 'end') {
      events.push('end');
      break;
    }
    if (r.kind === 'error') {
      events.push(`error:${r.error}@${popt.badOption()}`);
      break;
    }
    const name = r.option.short ?? r.option.long;
    events.push(r.value === null ? name : `${name}=${r.value}`);
  }
  const leftovers: string[] = [];
  for (let w = popt.nextLeftover(); w !== undefined; w = popt.nextLeftover()) leftovers.push(w);
  return { events, leftovers };
}

describe('popt: long options', () => {
  it('takes exact names only', () => {
    expect(run(['--add']).events).toEqual(['error:unknown option@--add']);
    expect(run(['--add-service']).events).toEqual(['A', 'end']);
  });

  it('takes a value from =value or from the next element', () => {
    expect(run(['--tcp-service=1.2.3.4:80']).events).toEqual(['t=1.2.3.4:80', 'end']);
    expect(run(['--tcp-service', '1.2.3.4:80']).events).toEqual(['t=1.2.3.4:80', 'end']);
    expect(run(['--scheduler=']).events).toEqual(['s=', 'end']);
  });

  it('--list belongs to -L (the first entry)', () => {
    expect(run(['--list']).events).toEqual(['L', 'end']);
  });

  it('refuses a value for a flag', () => {
    expect(run(['--numeric=1']).events).toEqual(['error:option does not take an argument@--numeric=1']);
    expect(run(['--stats=']).events).toEqual(['error:option does not take an argument@--stats=']);
  });

  it('reports a missing value at the end of argv', () => {
    expect(run(['-L', '--tcp-service']).events).toEqual(['L', 'error:missing argument@--tcp-service']);
  });
});

describe('popt: short clusters', () => {
  it('splits flag clusters', () => {
    expect(run(['-Lnc']).events).toEqual(['L', 'n', 'c', 'end']);
    expect(run(['-lnc']).events).toEqual(['l', 'n', 'c', 'end']);
  });

  it('lets the first value-taking letter eat the rest of the cluster', () => {
    expect(run(['-At10.1.1.1:80']).events).toEqual(['A', 't=10.1.1.1:80', 'end']);
    expect(run(['-srr']).events).toEqual(['s=rr', 'end']);
    expect(run(['-Ap60']).events).toEqual(['A', 'p=60', 'end']);
  });

  it('skips one leading = of a cluster value', () => {
    expect(run(['-At=10.1.1.1:80']).events).toEqual(['A', 't=10.1.1.1:80', 'end']);
    expect(run(['-p=']).events).toEqual(['p=', 'end']);
    expect(run(['-p==5']).events).toEqual(['p==5', 'end']);
  });

  it('takes the next element when the cluster ends', () => {
    expect(run(['-Lnt', '10.1.1.9:80']).events).toEqual(['L', 'n', 't=10.1.1.9:80', 'end']);
  });

  it('reads a one-dash long name as letters', () => {
    expect(run(['-list']).events).toEqual(['l', 'i', 's=t', 'end']);
  });

  it('blames the whole cluster', () => {
    expect(run(['-LQ']).events).toEqual(['L', 'error:unknown option@-LQ']);
    expect(run(['-Lx']).events).toEqual(['L', 'error:missing argument@-Lx']);
    expect(run(['-Ln=1']).events).toEqual(['L', 'error:option does not take an argument@-Ln=1']);
    expect(run(['-C=1']).events).toEqual(['error:option does not take an argument@-C=1']);
  });
});

describe('popt: values', () => {
  it('takes required values verbatim, even when they look like options', () => {
    expect(run(['-s', '-p']).events).toEqual(['s=-p', 'end']);
    expect(run(['-w', '-1']).events).toEqual(['w=-1', 'end']);
    expect(run(['-s', '']).events).toEqual(['s=', 'end']);
  });

  it('takes an optional -p value only from a following word not starting with -', () => {
    expect(run(['-p', '600']).events).toEqual(['p=600', 'end']);
    expect(run(['-p', '-n']).events).toEqual(['p', 'n', 'end']);
    expect(run(['-p']).events).toEqual(['p', 'end']);
    expect(run(['-p', '10.1.1.2:80']).events).toEqual(['p=10.1.1.2:80', 'end']);
    expect(run(['-p', '']).events).toEqual(['p=', 'end']);
    expect(run(['--persistent=600']).events).toEqual(['p=600', 'end']);
  });
});

describe('popt: leftovers', () => {
  it('collects words, the lone -, and the empty string, and goes on', () => {
    const r = run(['a', '-L', '-', '', 'b', '-n']);
    expect(r.events).toEqual(['L', 'n', 'end']);
    expect(r.leftovers).toEqual(['a', '-', '', 'b']);
  });

  it('treats everything after -- as leftovers', () => {
    const r = run(['--set', '1', '--', '-2', '--', '3']);
    expect(r.events).toEqual(['set', 'end']);
    expect(r.leftovers).toEqual(['1', '-2', '--', '3']);
  });

  it('with POSIXLY_CORRECT, the first leftover ends option parsing', () => {
    const r = run(['--set', '1', '2', '3', '-n'], true);
    expect(r.events).toEqual(['set', 'end']);
    expect(r.leftovers).toEqual(['1', '2', '3', '-n']);
  });

  it('blames the element most recently consumed', () => {
    const popt = new PoptContext<IpvsadmOption>(['-A', '-t', 'X', '--start-daemon', 'master'], IPVSADM_OPTIONS);
    popt.nextOption();
    popt.nextOption();
    expect(popt.badOption()).toBe('X');
    popt.nextOption();
    expect(popt.badOption()).toBe('master');
  });
});

describe('popt: the !#:+ macro', () => {
  it('is replaced by the next leftover word, which is then no leftover', () => {
    const r = run(['-A', '-t', '!#:+', '10.1.1.9:80']);
    expect(r.events).toEqual(['A', 't=10.1.1.9:80', 'end']);
    expect(r.leftovers).toEqual([]);
  });

  it('uses one word for every occurrence in a value', () => {
    expect(run(['-s', 'a!#:+b!#:+', 'X', 'Y']).events).toEqual(['s=aXbX', 'end']);
  });

  it('skips words starting with - and stays as it is when no word is left', () => {
    expect(run(['-s', '!#:+', '-n', 'rr']).events).toEqual(['s=rr', 'n', 'end']);
    expect(run(['-L', '-s', '!#:+']).events).toEqual(['L', 's=!#:+', 'end']);
    expect(run(['-s', '!#:+', '-n']).events).toEqual(['s=!#:+', 'n', 'end']);
  });
});
