// The store: every DynamoDB access of the service, behind operations named for what the use cases
// want. The only importer of the AWS SDK's DynamoDB packages; built once per cold start.
import { attemptStore } from './attempt-counters';
import { openDatabase, type DatabaseSettings, type Db } from './client';
import { deviceStore } from './devices';
import { emailVerificationStore } from './email-verifications';
import { erasureStore } from './erasure';
import { importStore } from './imported-users';
import { loginStateStore } from './login-state';
import { outboxStore } from './outbox';
import { passwordResetStore } from './password-resets';
import { profileEditStore } from './profile-edits';
import { rateWindowStore } from './rate-windows';
import { securityLogStore } from './security-log';
import { sessionStore } from './sessions';
import { userStore } from './users';

export function createStore(settings: DatabaseSettings, db: Db = openDatabase(settings)) {
  return {
    users: userStore(db),
    sessions: sessionStore(db),
    devices: deviceStore(db),
    profiles: profileEditStore(db),
    attempts: attemptStore(db),
    loginState: loginStateStore(db),
    rateWindows: rateWindowStore(db),
    imports: importStore(db),
    outbox: outboxStore(db),
    passwordResets: passwordResetStore(db),
    emailVerifications: emailVerificationStore(db),
    securityLog: securityLogStore(db),
    erasure: erasureStore(db),
  };
}

export type Store = ReturnType<typeof createStore>;
export { openDatabase, type DatabaseSettings, type Db } from './client';
export type { CountOutcome, CountReceipt } from './attempt-counters';
export type { NewResetSecrets, PasswordOutcome } from './password-resets';
export type { NewVerificationSecrets, VerifyOutcome } from './email-verifications';
export { outboxFromStream, type StreamRecord } from './stream';
export type { SessionPage } from './devices';
export type { WindowOutcome } from './rate-windows';
export type { EventPage } from './security-log';
export { ownedItems, type ErasureSubject, type MarkOutcome, type OwnedItems } from './erasure';
export type { EditOutcome, ProfileChanges } from './profile-edits';
export type { Holders } from './imported-users';
export type { EndingOutcome, LoginOutcome, RefreshState, RotationOutcome } from './sessions';
