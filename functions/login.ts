// POST /api/auth/login/: username + password → {refresh, access}.
import { login, loginInput } from '../lib/auth/login';
import { httpHandler } from '../lib/http';

export const handler = httpHandler({ input: loginInput, run: login });
