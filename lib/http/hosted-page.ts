// The hosted pages' shared parts (the reset and verification pages): their style and icon, the
// headers that keep them to their own origin, and serving a page's assets by name under its path.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export const STYLE = `body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 1rem; color: #1a1a1a; background: #fafafa; }
main { max-width: 26rem; margin: 2rem auto; background: #fff; padding: 1.5rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
h1 { font-size: 1.4rem; margin-top: 0; }
label { display: block; font-weight: 600; }
input { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #888; border-radius: 4px; }
input:focus, button:focus { outline: 3px solid #2563eb; outline-offset: 1px; }
button { padding: .7rem 1.2rem; font-size: 1rem; border: 0; border-radius: 4px; background: #1d4ed8; color: #fff; cursor: pointer; }
button[disabled] { opacity: .6; }
.errors, .error { color: #b91c1c; }
.ok { color: #15803d; }
`;

// A padlock, so that browsers asking for an icon do not get a 404.
export const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect x="3" y="7" width="10" height="8" rx="1" fill="#1d4ed8"/><path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="#1d4ed8" stroke-width="1.6"/></svg>
`;

/** Nothing but this origin's own script, style and API; no framing, no referrer. */
export const PAGE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

export interface PageResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

interface Asset {
  type: string;
  cache: string;
  body: string;
}

/**
 * The handler of the page at /account/<name>/: the HTML itself (never cached: it is the page a
 * secret opens), and <name>.js, <name>.css and icon.svg beside it; anything else is a 404.
 */
export function hostedPage(name: string, html: string, script: string) {
  const assets: Record<string, Asset> = {
    [`${name}.js`]: { type: 'text/javascript; charset=utf-8', cache: 'public, max-age=300', body: script },
    [`${name}.css`]: { type: 'text/css; charset=utf-8', cache: 'public, max-age=300', body: STYLE },
    'icon.svg': { type: 'image/svg+xml', cache: 'public, max-age=86400', body: ICON },
    '': { type: 'text/html; charset=utf-8', cache: 'no-store', body: html },
  };
  const path = new RegExp(`/account/${name}/?(.*)$`);
  return async (event: Pick<APIGatewayProxyEventV2, 'rawPath'>): Promise<PageResponse> => {
    const asset = assets[path.exec(event.rawPath ?? '')?.[1] ?? ''];
    if (!asset)
      return { statusCode: 404, headers: { 'content-type': 'text/plain; charset=utf-8', ...PAGE_SECURITY_HEADERS }, body: 'Not found\n' };
    return {
      statusCode: 200,
      headers: { 'content-type': asset.type, 'cache-control': asset.cache, ...PAGE_SECURITY_HEADERS },
      body: asset.body,
    };
  };
}
