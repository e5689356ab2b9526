// A tokenizer that reads argv the way popt 1.19 does for ipvsadm's option table: one option
// per call, leftovers collected on the side, and "the argv element most recently consumed"
// kept for error messages. Only the popt features ipvsadm's table can reach are here
// (no aliases, execs, callbacks, or one-dash long options).

/** How an option takes its value: popt's POPT_ARG_NONE, POPT_ARG_STRING, POPT_ARG_STRING|OPTIONAL. */
export type ValueKind = 'none' | 'required' | 'optional';

/** What popt needs to know of an option. */
export interface PoptOptionShape {
  short?: string;
  long?: string;
  value: ValueKind;
}

/** popt's error texts (poptStrerror) for the errors ipvsadm's table can produce. */
export type PoptErrorText = 'unknown option' | 'missing argument' | 'option does not take an argument';

export type PoptResult<T> =
  | { kind: 'option'; option: T; value: string | null }
  | { kind: 'end' }
  | { kind: 'error'; error: PoptErrorText };

/** popt's argument macro: inside a value, replaced by the next leftover word. */
const NEXT_ARG_MACRO = '!#:+';

export class PoptContext<T extends PoptOptionShape> {
  /** Index of the next argv element to read. */
  private next = 0;
  /** Rest of a short-option cluster still to be read (popt's nextCharArg). */
  private cluster: string | null = null;
  /** Set by `--`, or by the first leftover under POSIXLY_CORRECT. */
  private restAreLeftovers = false;
  private readonly leftovers: string[] = [];
  private leftoverCursor = 0;
  /** argv elements already spent by the `!#:+` macro: skipped when reached. */
  private readonly spentByMacro = new Set<number>();

  constructor(
    private readonly argv: readonly string[],
    private readonly table: readonly T[],
    /** POSIXLY_CORRECT or POSIX_ME_HARDER is set: the first leftover ends option parsing. */
    private readonly posixlyCorrect = false,
  ) {}

  /** The next option with its value (null: none given), the end, or a popt error. */
  nextOption(): PoptResult<T> {
    for (;;) {
      let option: T | undefined;
      let longValue: string | null = null;

      if (this.cluster === null) {
        if (this.next >= this.argv.length) return { kind: 'end' };
        if (this.spentByMacro.has(this.next)) {
          this.next++;
          continue;
        }
        const arg = this.argv[this.next++]!;
        if (this.restAreLeftovers || !arg.startsWith('-') || arg === '-') {
          if (this.posixlyCorrect) this.restAreLeftovers = true;
          this.leftovers.push(arg);
          continue;
        }
        if (arg === '--') {
          this.restAreLeftovers = true;
          continue;
        }
        if (arg.startsWith('--')) {
          const body = arg.slice(2);
          const eq = body.indexOf('=');
          const name = eq < 0 ? body : body.slice(0, eq);
          option = this.table.find((o) => o.long === name); // exact names only, first match
          if (!option) return { kind: 'error', error: 'unknown option' };
          if (eq >= 0) longValue = body.slice(eq + 1);
        } else {
          this.cluster = arg.slice(1); // a single dash is always a cluster of letters
        }
      }

      if (this.cluster !== null) {
        const letter = this.cluster[0];
        const rest = this.cluster.slice(1);
        this.cluster = null;
        option = this.table.find((o) => o.short !== undefined && o.short === letter);
        if (!option) return { kind: 'error', error: 'unknown option' };
        if (rest !== '') this.cluster = rest;
      }

      return this.takeValue(option!, longValue);
    }
  }

  /** popt's poptBadOption(): the argv element most recently consumed. */
  badOption(): string {
    return this.argv[this.next - 1] ?? '';
  }

  /** popt's poptGetArg(): the next leftover word, in order. */
  nextLeftover(): string | undefined {
    return this.leftovers[this.leftoverCursor++];
  }

  private takeValue(option: T, longValue: string | null): PoptResult<T> {
    if (option.value === 'none') {
      if (longValue !== null || (this.cluster !== null && this.cluster.startsWith('='))) {
        return { kind: 'error', error: 'option does not take an argument' };
      }
      return { kind: 'option', option, value: null };
    }
    if (longValue !== null) return { kind: 'option', option, value: this.expand(longValue) };
    if (this.cluster !== null) {
      // The first value-taking letter eats the rest of the cluster, less one leading '='.
      const text = this.cluster.startsWith('=') ? this.cluster.slice(1) : this.cluster;
      this.cluster = null;
      return { kind: 'option', option, value: this.expand(text) };
    }
    if (this.next >= this.argv.length) {
      if (option.value === 'optional') return { kind: 'option', option, value: null };
      return { kind: 'error', error: 'missing argument' };
    }
    // An optional value is only taken from a following word that does not look like an
    // option; a required one is taken whatever it looks like.
    if (option.value === 'optional' && this.argv[this.next]!.startsWith('-')) {
      return { kind: 'option', option, value: null };
    }
    return { kind: 'option', option, value: this.expand(this.argv[this.next++]!) };
  }

  /** Replaces each `!#:+` with the next unread argv word that does not start with '-'. */
  private expand(text: string): string {
    if (!text.includes(NEXT_ARG_MACRO)) return text;
    let word: string | null = null; // one word serves every occurrence in this value
    let out = '';
    let i = 0;
    while (i < text.length) {
      if (text.startsWith(NEXT_ARG_MACRO, i)) {
        word ??= this.spendNextWord();
        if (word !== null) {
          out += word;
          i += NEXT_ARG_MACRO.length;
          continue;
        }
      }
      out += text[i];
      i++;
    }
    return out;
  }

  /**
   * popt's findNextArg(): the first unread, unspent argv word not starting with '-', marked
   * spent so the main loop skips it. (When unread words remain but none qualifies, popt 1.19
   * loops forever; here the macro just stays as it is, as it does at the end of argv.)
   */
  private spendNextWord(): string | null {
    for (let i = this.next; i < this.argv.length; i++) {
      if (this.spentByMacro.has(i) || this.argv[i]!.startsWith('-')) continue;
      this.spentByMacro.add(i);
      return this.argv[i]!;
    }
    return null;
  }
}
