// Serves the functions' own routes in-process on a context the test builds, with JSON in and out.
import type { BaseContext } from '../../lib/context/base';
import { httpHandler, type HttpHandler, type HttpHandlerSpec } from '../../lib/http';
import type { AppContext } from '../../lib/context';
import { httpEvent, lambdaContext } from './events';

/** `sourceIp`: the client address API Gateway would report (each test its own, where limits count per address). */
export async function loadHandlers(ctx: AppContext, { sourceIp = '127.0.0.1' } = {}) {
  const [register, login, refresh, logout, me] = await Promise.all([
    import('../../functions/register'),
    import('../../functions/login'),
    import('../../functions/refresh'),
    import('../../functions/logout'),
    import('../../functions/me'),
  ]);
  const serve = (spec: Parameters<typeof httpHandler<AppContext, never, unknown>>[1]) => httpHandler(() => ctx, spec);
  const call = async (handler: HttpHandler, body: unknown, headers: Record<string, string> = {}) => {
    const event = httpEvent(body === undefined ? undefined : JSON.stringify(body));
    event.headers = { ...event.headers, ...headers };
    event.requestContext.http.sourceIp = sourceIp;
    const response = await handler(event, lambdaContext());
    return { status: response.statusCode, headers: response.headers ?? {}, body: JSON.parse(response.body) as Record<string, any> };
  };
  const handlers = {
    register: serve(register.spec as never),
    login: serve(login.spec as never),
    refresh: serve(refresh.spec as never),
    logout: serve(logout.spec as never),
    me: serve(me.spec as never),
  };
  return {
    register: (body: unknown) => call(handlers.register, body),
    login: (body: unknown) => call(handlers.login, body),
    refresh: (body: unknown) => call(handlers.refresh, body),
    logout: (body: unknown) => call(handlers.logout, body),
    me: (access: string) => call(handlers.me, undefined, { authorization: `Bearer ${access}` }),
  };
}

/** One function's route served in-process on `ctx` (a functions/ module's `spec`). */
export function serveRoute<C extends BaseContext>(spec: HttpHandlerSpec<C, never, unknown>, ctx: C): HttpHandler {
  return httpHandler(() => ctx, spec);
}
