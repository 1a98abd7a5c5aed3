// The HTTP layer's public face for functions/.
export { httpHandler, route, type HttpHandler, type HttpHandlerSpec } from './handler';
export { BEARER_ERRORS, bearerToken } from './bearer';
export { sourceIp } from './source-ip';
