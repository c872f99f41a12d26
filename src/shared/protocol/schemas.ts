import { z } from 'zod';
import type { LoginRequest as LoginRequestBody } from './index';

/** Runtime validators for request bodies, checked by the server before anything else. */
export const LoginRequest: z.ZodType<LoginRequestBody> = z.object({
  nip: z.string().trim(),
  password: z.string().min(1).max(200),
});
