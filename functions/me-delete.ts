// DELETE /api/auth/me/: {current_password} → 204, the bearer's account erased (lib/auth/erasure).
import { deleteAccount, deleteAccountInput } from '../lib/auth/delete-account';
import { filesContext } from '../lib/context/files';
import { BEARER_ERRORS, bearerToken, route } from '../lib/http';

export const { handler, spec } = route(filesContext, {
  input: deleteAccountInput,
  run: (ctx, input, event) => deleteAccount(ctx, bearerToken(event), input),
  status: 204,
  errors: BEARER_ERRORS,
});
