// GET /account/verify/ (and its verify.js): the page the verification mail's link opens.
import { verifyPage } from '../lib/http/verify-page';

export const handler = verifyPage;
