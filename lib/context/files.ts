// The context of the functions that touch profile images: the app context and the bucket, built
// once per cold start (only these bundles carry the S3 client).
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
