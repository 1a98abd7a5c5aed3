// POST /api/auth/login/: username + password → {refresh, access}.
import { login, loginInput } from '../lib/auth/login';
import { httpHandler, sourceIp } from '../lib/http';

export const handler = httpHandler({ input: loginInput, run: (input, event) => login(input, { sourceIp: sourceIp(event) }) });
