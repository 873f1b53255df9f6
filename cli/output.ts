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
    line: (t) => {
      if (!json) process.stdout.write(t + '\n');
    },
    log: (t) => process.stderr.write(t + '\n'),
    result: (value, human) => {
      if (json) process.stdout.write(JSON.stringify(value) + '\n');
      else human?.();
    },
  };
}

/** "1 method", "2 methods"; `many` for irregular plurals ("1 query", "2 queries"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A result object as aligned `key  value` lines for humans: nested objects become dotted keys,
 * non-integers get 3 decimals, arrays of numbers are joined.
 */
export function formatFields(value: Record<string, unknown>, prefix = ''): string[] {
  const lines: string[] = [];
  const show = (v: unknown): string =>
    typeof v === 'number'
      ? Number.isInteger(v)
        ? String(v)
        : v.toFixed(3)
      : Array.isArray(v)
        ? v.map(show).join(', ')
        : v === null
          ? '—'
          : String(v);
  for (const [k, v] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      lines.push(...formatFields(v as Record<string, unknown>, key));
    else lines.push(`${key}  ${show(v)}`);
  }
  if (prefix) return lines;
  const width = Math.max(...lines.map((l) => l.indexOf('  ')));
  return lines.map((l) => {
    const i = l.indexOf('  ');
    return l.slice(0, i).padEnd(width) + l.slice(i);
  });
}
