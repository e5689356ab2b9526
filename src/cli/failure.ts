// ipvsadm's ways of refusing a command line: fail() prints one message and exits; a popt error
// after the first option is printed and returned. Parsing code throws ParseFailure;
// parseCommandLine turns it into an error outcome.

export class ParseFailure extends Error {
  /**
   * `exits`: ipvsadm calls exit() at this point (a -R restore stops) rather than returning
   * the failure from its option parser (a -R restore goes on with the next line).
   */
  constructor(readonly output: string, readonly exitCode: number, readonly exits: boolean) {
    super(output);
  }
}

/** ipvsadm's fail(): the message, a newline, exit status 2. */
export function fail(message: string): never {
  throw new ParseFailure(`${message}\n`, 2, true);
}

