// GET /account/reset/ (and its reset.js, reset.css): the page the reset mail's link opens.
import { resetPage } from '../lib/http/reset-page';

export const handler = resetPage;
