// Files shared to the installed app (the manifest's share_target): the service worker
// keeps them in Cache Storage under a one-time id and sends the page `?shared=<id>`;
// the page reads them, imports them and deletes them. Both sides name them here.

/** The share target's action, relative to the scope (manifest.webmanifest says the same). */
export const SHARE_TARGET_PATH = 'share-target';

/** The form field the manifest's `params.files` names. */
export const SHARED_FILES_FIELD = 'files';

/** The query parameter that hands the page the one-time id. */
export const SHARED_PARAM = 'shared';

/**
 * Outside the precache, so Workbox never serves or prunes it; sw.ts' cleanup on
 * activation spares it, so a new version does not drop files a page has yet to read.
 */
export const SHARED_FILES_CACHE = 'mnist-shared-files';

/** Each kept file's name, URI-encoded (a header holds Latin-1 only). */
export const FILE_NAME_HEADER = 'X-File-Name';

/** crypto.randomUUID()'s shape: anything else in the query is not ours. */
export const SHARED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where the `index`th file of share `id` is kept: one URL per file, all under the id's folder. */
export function sharedFileUrl(scope: string, id: string, index?: number): string {
  return new URL(`${SHARE_TARGET_PATH}/${id}/${index ?? ''}`, scope).href;
}
