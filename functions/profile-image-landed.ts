// S3 ObjectCreated under uploads/ (on AWS, the bucket's notification; locally, the stack's S3
// server's): check each landed upload and make it the profile image, or delete it.
import type { S3Event } from 'aws-lambda';
import { acceptUploadedImage } from '../lib/auth/profile-image';
import { filesContext } from '../lib/context/files';

export async function handler(event: S3Event): Promise<{ results: string[] }> {
  const ctx = filesContext();
  const results: string[] = [];
  // S3 event keys are URL-encoded, spaces as '+'.
  for (const record of event.Records ?? []) {
    results.push(await acceptUploadedImage(ctx, decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '))));
  }
  return { results };
}
