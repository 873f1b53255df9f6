/**
 * `npm run quality -- NAME [args]`: long quality measurements (many seeds, long trainings) that
 * are too slow for `npm test`. Runs quality/NAME.ts, whose default export returns one
 * JSON-serialisable object; that object is printed as the last line of stdout.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const names = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -3));
const name = process.argv[2];
if (!name || !names.includes(name)) {
  process.stderr.write(
    `usage: npm run quality -- NAME [args]\n  NAME: one of ${names.join(', ')} (got ${name ?? 'nothing'})\n`,
  );
  process.exit(2);
}
const mod = (await import(join(here, `${name}.ts`))) as { default: (args: string[]) => Promise<unknown> };
process.stdout.write(JSON.stringify(await mod.default(process.argv.slice(3))) + '\n');
