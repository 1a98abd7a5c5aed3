// Calls the deployed handlers in-process (after the environment is set), with JSON in and out.
import { httpEvent, lambdaContext } from './events';

type Handler = typeof import('../../functions/login').handler;

/** `sourceIp`: the client address API Gateway would report (each test its own, where limits count per address). */
export async function loadHandlers({ sourceIp = '127.0.0.1' } = {}) {
  const [register, login, refresh, logout, me] = await Promise.all([
    import('../../functions/register'),
    import('../../functions/login'),
    import('../../functions/refresh'),
    import('../../functions/logout'),
    import('../../functions/me'),
  ]);
  const call = async (handler: Handler, body: unknown, headers: Record<string, string> = {}) => {
    const event = httpEvent(body === undefined ? undefined : JSON.stringify(body));
    event.headers = { ...event.headers, ...headers };
    event.requestContext.http.sourceIp = sourceIp;
    const response = await handler(event, lambdaContext());
    return { status: response.statusCode, headers: response.headers ?? {}, body: JSON.parse(response.body) as Record<string, any> };
  };
  return {
    register: (body: unknown) => call(register.handler, body),
    login: (body: unknown) => call(login.handler, body),
    refresh: (body: unknown) => call(refresh.handler, body),
    logout: (body: unknown) => call(logout.handler, body),
    me: (access: string) => call(me.handler, undefined, { authorization: `Bearer ${access}` }),
  };
}
