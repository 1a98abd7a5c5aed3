// AWS Signature V4 for the adapters that call AWS without a service client (SSM's JSON API, S3
// presigned GETs): the only importer of the SDK's signer and credential chain.
// A service client carries schemas and error classes for every operation of its service; a
// function that makes one kind of call pays for them at every cold start (docs/benchmarks.md).
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * A signer for one service and region. Without credentials it uses the SDK's chain (Lambda's
 * role, a profile, the environment), resolved on first use and refreshed before they expire.
 */
export function awsSigner(service: string, region: string, credentials?: StaticCredentials): SignatureV4 {
  // S3 signs an object's path as it is sent (no second escaping), as its own presigner does.
  const s3 = service === 's3';
  return new SignatureV4({
    service,
    region,
    credentials: credentials ?? defaultProvider(),
    sha256: Sha256,
    ...(s3 ? { uriEscapePath: false, applyChecksum: false } : {}),
  });
}
