// POST /api/auth/refresh/: refresh token → {access}.
import { refresh, refreshInput } from '../lib/auth/refresh';
import { httpHandler } from '../lib/http';

export const handler = httpHandler({ input: refreshInput, run: refresh });
