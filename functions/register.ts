// POST /api/auth/register/: create an account; 201 with the profile and a token pair.
import { register, registerInput } from '../lib/auth/register';
import { appContext } from '../lib/context';
import { device, route } from '../lib/http';

export const { handler, spec } = route(appContext, {
  input: registerInput,
  run: (ctx, input, event) => register(ctx, input, device(event)),
  status: 201,
  body: (content) => ({ content }),
});
