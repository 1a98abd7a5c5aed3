// POST /api/auth/login/: username + password → {refresh, access}.
import { login, loginInput } from '../lib/auth/login';
import { appContext } from '../lib/context';
import { device, route } from '../lib/http';

export const { handler, spec } = route(appContext, {
  input: loginInput,
  run: (ctx, input, event) => login(ctx, input, device(event)),
});
