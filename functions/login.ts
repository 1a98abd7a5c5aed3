// POST /api/auth/login/: username + password → {refresh, access}.
import { login, loginInput, prepareLogin } from '../lib/auth/login';
import { httpHandler, sourceIp } from '../lib/http';

prepareLogin();

export const handler = httpHandler({ input: loginInput, run: (input, event) => login(input, { sourceIp: sourceIp(event) }) });
