// The credentials a local S3 server (s3rver) takes: any, as long as every signer uses the same.
import type { StaticCredentials } from '../aws/signer';

function isLoopback(endpoint: string): boolean {
  const { hostname } = new URL(endpoint);
  return hostname === 'localhost' || hostname.startsWith('127.');
}

/** Fixed credentials for an S3 endpoint on this machine; undefined (the SDK's chain) for any other. */
export function localS3Credentials(s3Endpoint: string | undefined): StaticCredentials | undefined {
  return s3Endpoint && isLoopback(s3Endpoint) ? { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } : undefined;
}
