// GET /health: up, with the stage and version; no DynamoDB read.
import { health } from '../lib/health';
import { httpHandler } from '../lib/http';

export const handler = httpHandler({ run: health });
