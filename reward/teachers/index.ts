/** Public face of reward/teachers: synthetic teachers (METHODS §7) and user teacher modules. */
export type { Teacher, TeacherKind, TeacherQuery, TeacherOutcome } from './teacher.ts';
export { TeacherQuerySchema, TeacherOutcomeSchema } from './teacher.ts';
export { TeacherConfigSchema, KeepOutSchema } from './teacher-config.ts';
export type { TeacherConfig, TeacherConfigInput, KeepOut } from './teacher-config.ts';
export { makeTeacher, parseTeacherConfig, checkQuery } from './make-teacher.ts';
export { decidePair, decideRanking, decideTriplet, decideBinary, sigmoid } from './decide.ts';
export { discountedReturn, insideZone, moveLength, teacherScore } from './score.ts';
export {
  TEACHER_PRESETS,
  TEACHER_NAMES,
  DEFAULT_KEEP_OUT,
  PUSH_T_KEEP_OUT,
  AVOID_REGION,
  teacherByName,
  parseTeacherSpec,
} from './registry.ts';
export type { TeacherPreset } from './registry.ts';
export { loadTeacherModule, resolveTeacher, isModuleSpec } from './module-teacher.ts';
export { horizonTeacher, addHorizonRewards, isHorizonTeacher, type HorizonTeacher } from './horizon-teacher.ts';
