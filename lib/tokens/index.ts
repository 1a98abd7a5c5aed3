// The token module's public face: kinds, sign, verify, key generation. The only jose importer.
export { ACCESS, REFRESH, type TokenClaims, type TokenKind } from './kinds';
export { issuedClaims, signClaims, signToken, tokenClaims, type Issuance, type SignedToken, type TokenSubject } from './sign';
export { verifyToken, MAX_TOKEN_BYTES } from './verify';
export { generateSigningKey, newPseudonymKey, pseudonymSecret, publicJwks } from './keys';
