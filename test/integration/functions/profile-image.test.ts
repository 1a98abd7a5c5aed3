// POST and DELETE /api/auth/me/profile-image/ end to end against the local stack: the presigned
// POST, the real upload to the local S3 server (fetch + FormData), its notification, the check
// when it lands, and GET /api/auth/me/ showing the image with no further call.
import { describe, expect, it } from 'vitest';
import { IMAGE_URL_SECONDS } from '../../../lib/auth/profile-image';
import { IMAGE_MAX_BYTES } from '../../../lib/domain/image';
import { testFilesContext } from '../../support/context';
import { call, get, registered } from '../../support/http';

const IMAGE = '/api/auth/me/profile-image/';
const files = testFilesContext().files;
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

interface Form {
  url: string;
  fields: Record<string, string>;
}

async function formFor(access: string, contentType = 'image/png'): Promise<Form> {
  const response = await call('POST', IMAGE, { bearer: access, body: { content_type: contentType } });
  expect(response.status).toBe(200);
  return response.body as Form;
}

/** What a browser does with the form: every field, then the file, as multipart/form-data. */
async function upload(form: Form, file: Uint8Array, type: string): Promise<number> {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append('file', new Blob([file], { type }), 'avatar');
  const response = await fetch(form.url, { method: 'POST', body });
  await response.arrayBuffer();
  return response.status;
}

const profileImage = async (access: string) =>
  (await get('/api/auth/me/', { headers: { authorization: `Bearer ${access}` } })).body.profile_image as string | null;

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The upload was handled (accepted and moved, or rejected and deleted): it is no longer under uploads/. */
const handled = (key: string) =>
  eventually(
    () => files.inspect(key, 1),
    (landed) => landed === undefined,
    `${key} to be handled`,
  );

describe('POST /api/auth/me/profile-image/', () => {
  it(
    'answers a presigned POST; the uploaded image shows in GET /me/ within seconds, served from the bucket',
    { timeout: 60_000 },
    async () => {
      const { content } = await registered();
      expect(await profileImage(content.tokens.access)).toBeNull();
      const form = await formFor(content.tokens.access);
      expect(form.fields).toMatchObject({ 'Content-Type': 'image/png', key: expect.stringMatching(new RegExp(`^uploads/${content.pk}/`)) });
      expect(form.fields.Policy).toEqual(expect.any(String));
      const policy = JSON.parse(Buffer.from(form.fields.Policy!, 'base64').toString()) as { conditions: unknown[] };
      expect(policy.conditions).toContainEqual(['content-length-range', 1, IMAGE_MAX_BYTES]);

      expect(await upload(form, PNG, 'image/png')).toBe(204);
      const url = await eventually(
        () => profileImage(content.tokens.access),
        (value) => value !== null,
        'the profile image',
      );
      const served = await fetch(url!);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);
      expect(url).toContain(`images/${content.pk}/`);
      // s3rver does not check V4 signatures: test/unit/lib/files/image-urls.test.ts proves the URL is
      // the one the SDK's own presigner makes.
      expect(new URL(url!).searchParams.get('X-Amz-Expires')).toBe(String(IMAGE_URL_SECONDS));
      // An edit answers the profile as /me shows it, image included.
      const edited = await call('PATCH', '/api/auth/me/', { bearer: content.tokens.access, body: { last_name: 'Byron' } });
      expect(edited.body.profile_image).toContain(`images/${content.pk}/`);
    },
  );

  it('judges the file by its own bytes: a PNG declared as JPEG is accepted as what it is', { timeout: 60_000 }, async () => {
    const { content } = await registered();
    const form = await formFor(content.tokens.access, 'image/jpeg');
    expect(await upload(form, PNG, 'image/jpeg')).toBe(204);
    const url = await eventually(
      () => profileImage(content.tokens.access),
      (value) => value !== null,
      'the profile image',
    );
    expect((await fetch(url!)).headers.get('content-type')).toBe('image/png');
  });

  it.each([
    ['not an image (text declared as PNG)', Buffer.from('<script>alert(1)</script>'), 'image/png'],
    [
      'over 2 MB (the local server does not enforce the POST policy; the landing check does)',
      Buffer.concat([PNG, Buffer.alloc(IMAGE_MAX_BYTES)]),
      'image/png',
    ],
  ])('never makes a file that is %s the profile image, and deletes it', { timeout: 60_000 }, async (_, file, type) => {
    const { content } = await registered();
    const form = await formFor(content.tokens.access, type);
    expect(await upload(form, file, type)).toBe(204);
    await handled(form.fields.key!);
    expect(await files.inspect(form.fields.key!.replace(/^uploads\//, 'images/'), 1)).toBeUndefined();
    expect(await profileImage(content.tokens.access)).toBeNull();
  });

  it('refuses other content types with 400, and requests without an access token with 401', async () => {
    const { content } = await registered();
    for (const contentType of ['image/gif', 'image/svg+xml', 'text/html', '']) {
      const response = await call('POST', IMAGE, { bearer: content.tokens.access, body: { content_type: contentType } });
      expect(response.status).toBe(400);
      expect(Object.keys(response.body.fields)).toEqual(['content_type']);
    }
    expect((await call('POST', IMAGE, { body: { content_type: 'image/png' } })).status).toBe(401);
    expect((await call('POST', IMAGE, { bearer: content.tokens.refresh, body: { content_type: 'image/png' } })).status).toBe(401);
  });
});

describe('DELETE /api/auth/me/profile-image/', () => {
  it('clears the image (204) and deletes it; clearing again is 204 too', { timeout: 60_000 }, async () => {
    const { content } = await registered();
    const form = await formFor(content.tokens.access);
    expect(await upload(form, PNG, 'image/png')).toBe(204);
    await eventually(
      () => profileImage(content.tokens.access),
      (value) => value !== null,
      'the profile image',
    );
    const image = form.fields.key!.replace(/^uploads\//, 'images/');
    expect(await files.inspect(image, 1)).toBeDefined();

    expect((await call('DELETE', IMAGE, { bearer: content.tokens.access })).status).toBe(204);
    expect(await profileImage(content.tokens.access)).toBeNull();
    expect(await files.inspect(image, 1)).toBeUndefined();
    expect((await call('DELETE', IMAGE, { bearer: content.tokens.access })).status).toBe(204);
    expect((await call('DELETE', IMAGE)).status).toBe(401);
  });
});
