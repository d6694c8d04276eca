// The manifest's share_target: a POST of the shared files, answered by the service worker
// (no server takes them). The files are kept under a one-time id for the page to read,
// and the browser is sent to the app with that id: the page imports them as the picker does.
import {
  FILE_NAME_HEADER,
  SHARED_FILES_CACHE,
  SHARED_FILES_FIELD,
  SHARED_PARAM,
  sharedFileUrl,
} from '../protocol/shared-files.js';

/**
 * Keeps the form's files and answers with a 303 (POST then GET): a reload of the
 * imported page does not post the files again. The id keeps two shares apart.
 */
export async function answerShare(request: Request, scope: string): Promise<Response> {
  const id = crypto.randomUUID();
  const app = new URL(`./?${SHARED_PARAM}=${id}#models`, scope).href;
  let files: File[] = [];
  try {
    const form = await request.formData();
    files = form.getAll(SHARED_FILES_FIELD).filter((value): value is File => value instanceof File);
  } catch {
    // Not a multipart form: the page says nothing was received, rather than an error page.
  }
  const cache = await caches.open(SHARED_FILES_CACHE);
  await Promise.all(
    files.map((file, index) =>
      cache.put(
        sharedFileUrl(scope, id, index),
        new Response(file, {
          headers: {
            'Content-Type': file.type || 'application/octet-stream',
            [FILE_NAME_HEADER]: encodeURIComponent(file.name),
          },
        }),
      ),
    ),
  );
  return Response.redirect(app, 303);
}
