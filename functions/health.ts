// GET /health: up, with the stage and version; no DynamoDB read.
import { baseContext } from '../lib/context/base';
import { health } from '../lib/health';
import { route } from '../lib/http';

export const { handler, spec } = route(baseContext, { run: health });
