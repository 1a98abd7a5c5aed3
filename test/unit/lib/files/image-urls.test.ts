import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../../lib/config';
import { openImageUrls } from '../../../../lib/files/image-urls';

const NOW = new Date('2026-12-02T05:00:00Z');
const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token/+=',
};

const settings = (env: Record<string, string>) => loadConfig({ JWT_SIGNING_KEYS: '{"keys":[]}', ...env });

/** The URL the SDK's own presigner makes for the same object, clock and credentials. */
async function sdkUrl(region: string, bucket: string, key: string, endpoint?: string, credentials = CREDENTIALS) {
  const client = new S3Client({ region, credentials, ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
  return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 3600 });
}

describe('presigned image URLs', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', CREDENTIALS.sessionToken);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it.each([
    ['a DNS-label bucket, virtual-hosted', 'eu-west-1', 'auth-api-prod-profile-images', 'images/42/mf3k2-0123456789abcdef0123456789abcdef'],
    ['a dotted bucket, by path', 'us-east-1', 'images.example.com', 'images/7/a b+c(1)*'],
    ['a China region', 'cn-north-1', 'auth-api-cn-images', 'images/1/x'],
  ])('are the URL the SDK presigner makes, for %s', async (_case, region, bucket, key) => {
    const urls = openImageUrls(settings({ AWS_REGION: region, PROFILE_IMAGE_BUCKET: bucket }));
    expect(await urls.url(key, 3600)).toBe(await sdkUrl(region, bucket, key));
  });

  it('address a local S3 server by path, with its fixed credentials', async () => {
    const endpoint = 'http://127.0.0.1:4569';
    const urls = openImageUrls(settings({ PROFILE_IMAGE_BUCKET: 'auth-api-local-profile-images', S3_ENDPOINT: endpoint }));
    const url = await urls.url('images/5/k', 60);
    expect(url.startsWith(`${endpoint}/auth-api-local-profile-images/images/5/k?`)).toBe(true);
    const local = await getSignedUrl(
      new S3Client({
        region: 'us-east-1',
        endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      }),
      new GetObjectCommand({ Bucket: 'auth-api-local-profile-images', Key: 'images/5/k' }),
      { expiresIn: 60 },
    );
    expect(url).toBe(local);
  });

  it('are the public base URL and the key when one is configured, unsigned', async () => {
    const urls = openImageUrls(settings({ PROFILE_IMAGE_BASE_URL: 'https://cdn.example.com/p/', PROFILE_IMAGE_BUCKET: 'b-images' }));
    expect(await urls.url('images/5/k', 60)).toBe('https://cdn.example.com/p/images/5/k');
  });
});
