// The context of the functions that show a profile's image (GET and PATCH /me): the app context
// and the image URLs, built once per cold start; these bundles carry no S3 client.
import { openImageUrls, type ImageUrls } from '../files/image-urls';
import { appContext, type AppContext } from './index';

export interface ImageUrlContext extends AppContext {
  imageUrls: ImageUrls;
}

let cold: ImageUrlContext | undefined;

export function imageUrlContext(): ImageUrlContext {
  if (!cold) {
    const app = appContext();
    cold = { ...app, imageUrls: openImageUrls(app.config) };
  }
  return cold;
}
