import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { annotatorStats, defaultDbPath, openStore, type AnnotatorReport } from '../../reward/store/index.ts';
import { TASK_IDS, getTask } from '../../sim/index.ts';
// The formatter file alone: viewer/server/index.ts would load ws and the rollout workers.
import { formatAgreement } from '../../viewer/server/stats-routes.ts';
import { makeOutput } from '../output.ts';
import { choiceFlag, UsageError } from '../usage-error.ts';

const DESCRIPTION =
  'per-annotator quality: agreement with gold, with others and with themselves (Wilson 95 % CI, n), ' +
  'labels per hour, median response time';

/** `prefsim annotators`: the `/stats` page of `prefsim serve`, from any store, read-only. */
export function registerAnnotators(program: Command): void {
  program
    .command('annotators')
    .description(DESCRIPTION)
    .option('--db <file>', 'preference store (default data/prefsim.db, or PREFSIM_DB)')
    .option('--task <id>', `one task (${TASK_IDS.join(', ')}); default: every task with labels`)
    .option(
      '--gold-margin <x>',
      "task-metric difference from which a pair's answer is known (gold), in the metric's units",
      '0.1',
    )
    .option('--json', 'print one JSON object on the last line: {db, tasks: [{task, metric, margin, annotators}]}')
    .addHelpText(
      'after',
      `
Gold pairs are candidate pairs whose outcomes' task metric (the task's reward metric, higher is
better) differs by at least --gold-margin; "equal" on one counts as a miss. "With others" compares
the same pairs labelled by other annotators; "with self" a repeated query (serve --repeat-rate)
against the first answer. Undone labels are kept as history and not counted. Intervals are Wilson
95 %; figures on fewer than 20 pairs print as "—" with their n.`,
    )
    .action((f: { db?: string; task?: string; goldMargin: string; json?: boolean }) => {
      const out = makeOutput(!!f.json);
      const margin = Number(f.goldMargin);
      if (!Number.isFinite(margin) || margin < 0)
        throw new UsageError(`--gold-margin: expected a number ≥ 0, got "${f.goldMargin}"`);
      const db = f.db ?? defaultDbPath();
      if (!existsSync(db)) throw new UsageError(`--db: no store at ${db}`);
      const only = f.task === undefined ? null : choiceFlag('--task', f.task, TASK_IDS);
      const store = openStore({ path: db, readonly: true });
      try {
        const tasks = (only ? [only] : TASK_IDS).filter(
          (t) => only !== null || store.labelsFor(t, { history: true }).length > 0,
        );
        const reports = tasks.map((task) =>
          annotatorStats(store, { task, metric: getTask(task).rewardMetric, margin }),
        );
        out.result({ db, tasks: reports }, () => {
          if (reports.length === 0) out.line(`no labels in ${db}`);
          for (const r of reports) for (const l of reportLines(r)) out.line(l);
        });
      } finally {
        store.close();
      }
    });
}

function reportLines(r: AnnotatorReport): string[] {
  const lines = [`${r.task}: gold = ${r.metric} apart by ≥ ${r.margin}`];
  lines.push(
    `  ${'annotator'.padEnd(16)} ${'labels'.padStart(6)} ${'undone'.padStart(6)}  ` +
      `${'gold'.padEnd(28)} ${'others'.padEnd(28)} ${'self'.padEnd(28)} labels/h  median response`,
  );
  for (const a of r.annotators) {
    const median = a.medianResponseMs === null ? '—' : `${(a.medianResponseMs / 1000).toFixed(1)} s`;
    lines.push(
      `  ${a.annotator.padEnd(16)} ${String(a.labels).padStart(6)} ${String(a.retracted).padStart(6)}  ` +
        `${formatAgreement(a.gold).padEnd(28)} ${formatAgreement(a.others).padEnd(28)} ` +
        `${formatAgreement(a.self).padEnd(28)} ` +
        `${(a.labelsPerHour === null ? '—' : a.labelsPerHour.toFixed(0)).padStart(8)}  ` +
        `${median} (n = ${a.timedLabels})`,
    );
  }
  return lines;
}
