// The HTTP layer's public face for functions/.
export { httpHandler, route, type HttpHandler, type HttpHandlerSpec } from './handler';
export { bearerToken } from './bearer';
export { sourceIp } from './source-ip';
export { device } from './device';
export { BEARER_ERRORS } from './bearer-challenge';
