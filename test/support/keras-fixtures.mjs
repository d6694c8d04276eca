// A Koa middleware serving the Keras fixtures (files real Keras wrote) at
// /keras-fixtures/<name> from ../shared/fixtures/keras/ beside the repository, where CI
// has them too: they are never copied into it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const PREFIX = '/keras-fixtures/';
export const FOLDER = fileURLToPath(new URL('../../../shared/fixtures/keras/', import.meta.url));

export async function kerasFixtures(context, next) {
  if (!context.path.startsWith(PREFIX)) return next();
  const name = context.path.slice(PREFIX.length);
  if (!/^[\w.-]+$/.test(name)) return next();
  try {
    context.body = await readFile(FOLDER + name);
  } catch {
    context.status = 404;
    context.body = 'not found';
    return undefined;
  }
  context.status = 200;
  context.type = name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
  return undefined;
}
