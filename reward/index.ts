/**
 * Public face of reward/: the preference store and labels, synthetic teachers, reward models
 * (explicit Bradley–Terry, ensembles, CRM, RAPL), calibration, query selection, reward-guided
 * action selection and the collection pipeline. METHODS.md §3–7, §9.
 */
export * from './store/index.ts';
export * from './labels/index.ts';
export * from './models/index.ts';
export * from './selection/index.ts';
export * from './collect/index.ts';
// teachers/ also exports a `sigmoid` (the same logistic function as models/); models/ provides it here.
export {
  TeacherQuerySchema,
  TeacherOutcomeSchema,
  TeacherConfigSchema,
  KeepOutSchema,
  makeTeacher,
  parseTeacherConfig,
  checkQuery,
  decidePair,
  decideRanking,
  decideTriplet,
  decideBinary,
  discountedReturn,
  insideZone,
  moveLength,
  teacherScore,
  TEACHER_PRESETS,
  TEACHER_NAMES,
  DEFAULT_KEEP_OUT,
  PUSH_T_KEEP_OUT,
  teacherByName,
  parseTeacherSpec,
  loadTeacherModule,
  resolveTeacher,
  isModuleSpec,
  horizonTeacher,
} from './teachers/index.ts';
export type {
  Teacher,
  TeacherKind,
  TeacherQuery,
  TeacherOutcome,
  TeacherConfig,
  TeacherConfigInput,
  KeepOut,
  TeacherPreset,
} from './teachers/index.ts';
