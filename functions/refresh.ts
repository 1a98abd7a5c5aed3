// POST /api/auth/refresh/: refresh token → {access} (and with rotation on, a new refresh token).
import { refresh, refreshInput } from '../lib/auth/refresh';
import { appContext } from '../lib/context';
import { device, route } from '../lib/http';

export const { handler, spec } = route(appContext, { input: refreshInput, run: (ctx, input, event) => refresh(ctx, input, device(event)) });
