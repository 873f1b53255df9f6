/**
 * Command output conventions (ARCHITECTURE.md): human lines on stdout, progress and logs on
 * stderr, and with --json the last stdout line is one JSON object with the result.
 */
export interface Output {
  json: boolean;
  /** A human-readable line (suppressed with --json). */
  line(text: string): void;
  /** A log line on stderr. */
  log(text: string): void;
  /** The command's result: printed as JSON with --json, else via `human`. */
  result(value: unknown, human?: () => void): void;
}

export function makeOutput(json: boolean): Output {
  return {
    json,
    line: (t) => { if (!json) process.stdout.write(t + '\n'); },
    log: (t) => process.stderr.write(t + '\n'),
    result: (value, human) => {
      if (json) process.stdout.write(JSON.stringify(value) + '\n');
      else human?.();
    },
  };
}
