/**
 * `npm run bench -- NAME [args]`: runs bench/NAME.ts, whose default export returns one
 * JSON-serialisable object; that object is printed as the last line of stdout.
 */
const BENCHES = ['sim', 'nn', 'policy', 'reward', 'viewer', 'queue', 'eval', 'loop', 'cli'] as const;

const name = process.argv[2];
if (!name || !(BENCHES as readonly string[]).includes(name)) {
  process.stderr.write(
    `usage: npm run bench -- NAME\n  NAME: one of ${BENCHES.join(', ')} (got ${name ?? 'nothing'})\n`,
  );
  process.exit(2);
}
const mod = (await import(`./${name}.ts`)) as { default: (args: string[]) => Promise<unknown> };
const result = await mod.default(process.argv.slice(3));
process.stdout.write(JSON.stringify(result) + '\n');
