/**
 * Built-in teachers: a config (teacher-config.ts) turned into a `Teacher`.
 */
import { describeIssues } from '../labels/index.ts';
import { decideBinary, decidePair, decideRanking, decideTriplet } from './decide.ts';
import { teacherScore } from './score.ts';
import { TeacherConfigSchema, type TeacherConfig, type TeacherConfigInput } from './teacher-config.ts';
import {
  TeacherOutcomeSchema,
  TeacherQuerySchema,
  type Teacher,
  type TeacherOutcome,
  type TeacherQuery,
} from './teacher.ts';

const NEEDS: Record<TeacherConfig['kind'], number | 'any'> = { pair: 2, triplet: 3, binary: 1, ranking: 'any' };

/** Parses a teacher config; errors name the field, what was expected and what came. */
export function parseTeacherConfig(input: TeacherConfigInput, name = 'teacher'): TeacherConfig {
  const r = TeacherConfigSchema.safeParse(input);
  if (!r.success) throw new Error(`${name} config: ${describeIssues(r.error, input)}`);
  return r.data;
}

/** Checks the query and outcomes a teacher is handed (the boundary from sim). */
export function checkOutcomes(name: string, query: unknown, outcomes: unknown): TeacherOutcome[] {
  checkQuery(name, query);
  if (!Array.isArray(outcomes)) throw new Error(`${name}: outcomes: expected an array, found ${typeof outcomes}`);
  return outcomes.map((o, i) => {
    const r = TeacherOutcomeSchema.safeParse(o);
    if (!r.success) throw new Error(`${name}: outcome ${i}: ${describeIssues(r.error, o)}`);
    return r.data as TeacherOutcome;
  });
}

/** Checks the query a teacher is handed. */
export function checkQuery(name: string, query: unknown): TeacherQuery {
  const q = TeacherQuerySchema.safeParse(query);
  if (!q.success) throw new Error(`${name}: query: ${describeIssues(q.error, query)}`);
  return q.data as TeacherQuery;
}

/** A teacher from a config (all fields optional; see `TeacherConfigSchema` for defaults). */
export function makeTeacher(input: TeacherConfigInput = {}, name = 'teacher'): Teacher {
  const cfg = parseTeacherConfig(input, name);
  const scores = (query: TeacherQuery, outcomes: TeacherOutcome[]): number[] => {
    const os = checkOutcomes(name, query, outcomes);
    const q = checkQuery(name, query);
    // The scene's own zone (sent with the query) wins over the configured rectangle; the weight stays.
    const c =
      cfg.keepOut !== null && cfg.zoneFromScene && q.keepOut !== undefined
        ? { ...cfg, keepOut: { ...cfg.keepOut, ...q.keepOut } }
        : cfg;
    return os.map((o, i) => teacherScore(o, c, i));
  };
  return {
    name,
    kind: cfg.kind,
    score: scores,
    label(query, outcomes, rng) {
      const need = NEEDS[cfg.kind];
      const s = scores(query, outcomes);
      if (need === 'any' ? s.length < 1 : s.length !== need) {
        throw new Error(
          `${name}: outcomes: a ${cfg.kind} teacher expected ${need === 'any' ? 'at least 1' : need}` +
            ` outcomes, found ${s.length}`,
        );
      }
      switch (cfg.kind) {
        case 'pair':
          return decidePair(s[0], s[1], cfg, rng);
        case 'ranking':
          return decideRanking(s, cfg, rng);
        case 'triplet':
          return decideTriplet(s, cfg, rng);
        case 'binary':
          return decideBinary(s[0], cfg, rng);
      }
    },
  };
}
