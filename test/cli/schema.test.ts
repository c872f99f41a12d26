import { describe, expect, it } from 'vitest';
import { manifestJsonSchema } from '../../src/cli/schema';
import { buildCourseBundle } from '../../src/cli/build-bundle';
import { buildBundle } from '../fixtures/bundles';

type JsonSchema = {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
};

/**
 * Structural conformance, enough to prove the generated schema describes real manifests:
 * types, required keys, no extra keys where closed, enums, constants and patterns. Not a
 * validator (we add no validator package); the zod schema remains the one that decides.
 */
function violations(schema: JsonSchema, value: unknown, at = '$'): string[] {
  const found: string[] = [];
  if (schema.const !== undefined && value !== schema.const)
    found.push(`${at}: expected ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) found.push(`${at}: not one of ${schema.enum.join(', ')}`);
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [...found, `${at}: not an object`];
      const record = value as Record<string, unknown>;
      for (const key of schema.required ?? []) if (!(key in record)) found.push(`${at}.${key}: required`);
      for (const [key, item] of Object.entries(record)) {
        const property = schema.properties?.[key];
        if (property) found.push(...violations(property, item, `${at}.${key}`));
        else if (schema.additionalProperties === false) found.push(`${at}.${key}: not allowed`);
      }
      break;
    }
    case 'array':
      if (!Array.isArray(value)) return [...found, `${at}: not an array`];
      if (schema.minItems !== undefined && value.length < schema.minItems)
        found.push(`${at}: fewer than ${schema.minItems} items`);
      value.forEach((item, index) => schema.items && found.push(...violations(schema.items, item, `${at}[${index}]`)));
      break;
    case 'string':
      if (typeof value !== 'string') found.push(`${at}: not a string`);
      else if (schema.pattern && !new RegExp(schema.pattern).test(value))
        found.push(`${at}: does not match ${schema.pattern}`);
      break;
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || (schema.type === 'integer' && !Number.isInteger(value)))
        found.push(`${at}: not a ${schema.type}`);
      break;
  }
  return found;
}

describe('npm run schema (JSON Schema of manifest.json)', () => {
  const schema = manifestJsonSchema() as JsonSchema & { $schema: string; title: string };

  it('is a draft 2020-12 schema of a closed object with a title', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toMatch(/Lentera bundle manifest/);
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
  });

  it('requires the fields the bundle format requires, and only cover is optional at the top', () => {
    expect([...(schema.required ?? [])].sort()).toEqual(
      ['competency', 'description', 'files', 'format', 'id', 'jp', 'lessons', 'quizzes', 'title', 'version'].sort(),
    );
    expect(Object.keys(schema.properties ?? {})).toContain('cover');
    expect(schema.properties?.format?.const).toBe(1);
    expect(schema.properties?.lessons?.minItems).toBe(1);
  });

  it('requires path, size, sha256 and type for every file, with a 64-hex sha256', () => {
    const file = schema.properties?.files?.items;
    expect([...(file?.required ?? [])].sort()).toEqual(['path', 'sha256', 'size', 'type']);
    expect(file?.additionalProperties).toBe(false);
    expect(new RegExp(file?.properties?.sha256?.pattern ?? '').test('a'.repeat(64))).toBe(true);
    expect(new RegExp(file?.properties?.sha256?.pattern ?? '').test('A'.repeat(64))).toBe(false);
    expect(new RegExp(file?.properties?.path?.pattern ?? '').test('../etc/passwd')).toBe(false);
  });

  it('a real manifest built from content/etika-berakhlak satisfies it structurally', async () => {
    const { bundle, problems } = await buildCourseBundle('content/etika-berakhlak');
    expect(problems).toEqual([]);
    expect(violations(schema, JSON.parse(JSON.stringify(bundle!.manifest)))).toEqual([]);
  });

  it('and the structural check does catch what the schema forbids', () => {
    const { manifest } = buildBundle();
    expect(violations(schema, manifest)).toEqual([]);
    const { version: _version, ...withoutVersion } = manifest;
    expect(violations(schema, { ...withoutVersion, extra: true, competency: 'lainnya' })).toEqual([
      '$.version: required',
      '$.competency: not one of teknis, manajerial, sosial-kultural',
      '$.extra: not allowed',
    ]);
  });
});
