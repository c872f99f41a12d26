/**
 * `npm run schema`: prints the JSON Schema of `manifest.json`, generated from the zod
 * `Manifest` the server and the phone validate with, so it can never drift from them.
 * For editors and other tools that produce bundles. The cross-field rules (every referenced
 * file is listed, ids are unique, a lesson quiz names its lesson) live in refinements that
 * JSON Schema cannot express; `readBundle` still checks them.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { BUNDLE_FORMAT, Manifest } from '../shared/schema/bundle';

export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Manifest, { io: 'input', unrepresentable: 'throw' });
  return {
    ...schema,
    title: `Lentera bundle manifest (format ${BUNDLE_FORMAT})`,
    description:
      'manifest.json at the root of a Lentera content bundle zip. Every file in the zip is listed in `files` with ' +
      'its size and sha256.',
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  console.log(JSON.stringify(manifestJsonSchema(), null, 2));
}
