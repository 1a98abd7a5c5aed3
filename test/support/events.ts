// API Gateway events and a Lambda context for tests (shared with the bench: scripts/support).
export { httpEvent, lambdaContext } from '../../scripts/support/lambda-events';
