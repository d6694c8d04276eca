// The page's side of the share target: the files the service worker kept for a one-time
// id (src/sw/share-target.ts), read back as Files, and deleted once imported.
import { FILE_NAME_HEADER, SHARED_FILES_CACHE, sharedFileUrl } from '../../protocol/shared-files.js';

/** The files kept for `id`, in the order they were shared; none if they are gone. */
export async function readSharedFiles(id: string, scope: string): Promise<File[]> {
  const cache = await caches.open(SHARED_FILES_CACHE);
  const folder = sharedFileUrl(scope, id);
  const keys = (await cache.keys()).filter((request) => request.url.startsWith(folder));
  const index = (request: Request) => Number(request.url.slice(folder.length));
  keys.sort((a, b) => index(a) - index(b));
  return Promise.all(
    keys.map(async (key) => {
      const response = await cache.match(key);
      if (!response) throw new Error('a shared file went while it was read');
      const name = decodeURIComponent(response.headers.get(FILE_NAME_HEADER) ?? `shared-${index(key)}`);
      return new File([await response.blob()], name, { type: response.headers.get('Content-Type') ?? '' });
    }),
  );
}

/** Deletes the files kept for `id`: they are imported (or refused), and a reload must not import them twice. */
export async function deleteSharedFiles(id: string, scope: string): Promise<void> {
  const cache = await caches.open(SHARED_FILES_CACHE);
  const folder = sharedFileUrl(scope, id);
  const keys = (await cache.keys()).filter((request) => request.url.startsWith(folder));
  await Promise.all(keys.map((key) => cache.delete(key)));
}
