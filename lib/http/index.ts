// The HTTP layer's public face for functions/.
export { httpHandler, type HttpHandler } from './handler';
export { bearerToken } from './bearer';
export { sourceIp } from './source-ip';
