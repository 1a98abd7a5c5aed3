// The context of the functions that handle profile-image objects (upload form, landing check,
// clearing): the app context and the bucket, built once per cold start (only these bundles carry
// the S3 client; showing an image's URL needs none: image-urls.ts).
import { openFiles, type Files } from '../files/s3';
import { appContext, type AppContext } from './index';

export interface FilesContext extends AppContext {
  files: Files;
}

let cold: FilesContext | undefined;

export function filesContext(): FilesContext {
  if (!cold) {
    const app = appContext();
    cold = { ...app, files: openFiles(app.config) };
  }
  return cold;
}
