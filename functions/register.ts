// POST /api/auth/register/: create an account; 201 with the profile and a token pair.
import { register, registerInput } from '../lib/auth/register';
import { httpHandler, sourceIp } from '../lib/http';

export const handler = httpHandler({
  input: registerInput,
  run: (input, event) => register(input, { sourceIp: sourceIp(event) }),
  status: 201,
  body: (content) => ({ content }),
});
