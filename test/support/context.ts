// Contexts for tests that call lib/ in-process: the run's local stack (its DynamoDB Local, table
// and key), with the settings a test chooses. Built, never configured through process.env.
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../lib/config';
import { createContext, type AppContext, type ContextParts } from '../../lib/context';
import type { FilesContext } from '../../lib/context/files';
import type { ImageUrlContext } from '../../lib/context/image-urls';
import { openImageUrls } from '../../lib/files/image-urls';
import { openFiles } from '../../lib/files/s3';
import { openDatabase, type Db } from '../../lib/store';

/** The stack's settings, with overrides; in-process tests log only warnings unless they ask. */
export function stackSettings(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...inject('stackEnv'), LOG_LEVEL: 'warn', ...overrides });
}

export function testContext(overrides: Record<string, string> = {}, parts: ContextParts = {}): AppContext {
  return createContext(stackSettings(overrides), parts);
}

/** The stack's table, for store-level tests that write or read items directly. */
export function testDb(overrides: Record<string, string> = {}): Db {
  return openDatabase(stackSettings(overrides));
}

/** A context with the stack's profile-image bucket and its image URLs, for the use cases that touch images. */
export function testFilesContext(overrides: Record<string, string> = {}): FilesContext & ImageUrlContext {
  const ctx = testContext(overrides);
  return { ...ctx, imageUrls: openImageUrls(ctx.config), files: openFiles(ctx.config) };
}
