import { z } from 'zod';

/**
 * The client-made id every command carries (unique per meeting): it makes the command
 * idempotent, a retry returns the first result. Feature modules build their command
 * schemas from `commandBase`, so that no module imports the union it is part of.
 */
export const commandIdSchema = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only');

export const commandBase = { id: commandIdSchema };
