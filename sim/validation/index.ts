export {
  ActionSchema,
  Vec3Schema,
  parseAction,
  assertInWorkspace,
  formatZodError,
  ValidationError,
} from './action-schema.ts';
