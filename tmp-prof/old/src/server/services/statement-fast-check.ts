/**
 * The fast path of statement checking: a validator specialised to the statements Lentera's
 * phones send (`src/shared/xapi/build.ts`), built once into plain closures. The general xAPI
 * validator (`@learninglocker/xapi-validation`) interprets its rules anew for every statement
 * and was the largest single cost of a push (about 40 % of the server's thread per batch).
 *
 * It answers only "certainly valid" or "not sure": every rule here is at least as strict as
 * the xAPI rule it stands for (a closed set of keys, exact types, regexes that imply the
 * validator's own), so whatever it accepts the full validator accepts too — a property test
 * (`test/server/statement-fast-check.test.ts`) keeps it so, with the full validator as oracle.
 * Anything else (an LRS field Lentera never writes, `null` for an optional field, another
 * language tag…) goes through the full validator, which gives the reason for a rejection.
 */

type Check = (value: unknown) => boolean;
type JsonObject = Record<string, unknown>;

const isPlainObject = (value: unknown): value is JsonObject => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
};
const isString: Check = (value) => typeof value === 'string';
const isBoolean: Check = (value) => typeof value === 'boolean';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const matches =
  (pattern: RegExp): Check =>
  (value) =>
    typeof value === 'string' && pattern.test(value);

/** xAPI's IRI rule is a scheme (`^\w+:`); ours are http(s) URLs without spaces. */
const isIri = matches(/^https?:\/\/[^\s]+$/);
/** The validator's UUID pattern, as is. */
const isUuid = matches(/^\{?[A-F0-9]{8}-[A-F0-9]{4}-[A-F0-9]{4}-[89AB][A-F0-9]{3}-[A-F0-9]{12}\}?$/i);
/** The tags the app writes (`id-ID`, `en-US`) and their kin: a subset of RFC 5646's `language-region`. */
const isLanguage = matches(/^[a-z]{2,3}(-[a-z]{2})?$/i);
/** The validator's ISO 8601 duration pattern, as is. */
const isDuration = matches(
  /^(-?)P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)([DW]))?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/,
);
/** What `toISOString()` writes (years 1000–9999): a subset of the validator's extended form, already UTC. */
const isIsoUtc = matches(/^[1-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/);
const INTERACTION_TYPES = new Set(['choice', 'true-false', 'likert', 'fill-in', 'long-fill-in', 'numeric', 'other']);
/** The components xAPI allows beside each interaction type; the others must be absent. */
const COMPONENTS_ALLOWED: Record<string, string | undefined> = { choice: 'choices', likert: 'scale' };

/**
 * An object whose keys are all in `fields`, each passing its check; `required` ones present.
 * `undefined` counts as absent (JSON cannot carry it), `null` fails (the validator refuses it).
 */
function object(fields: Record<string, Check>, required: readonly string[] = []): Check {
  const entries = new Map(Object.entries(fields));
  return (value) => {
    if (!isPlainObject(value)) return false;
    for (const key of required) if (value[key] === undefined) return false;
    for (const key in value) {
      const check = entries.get(key);
      const item = value[key];
      if (check === undefined || item === null || (item !== undefined && !check(item))) return false;
    }
    return true;
  };
}

const arrayOf =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(check);

const mapOf =
  (isKey: Check, isValue: Check): Check =>
  (value) => {
    if (!isPlainObject(value)) return false;
    for (const key in value) if (!isKey(key) || !isValue(value[key])) return false;
    return true;
  };

const languageMap = mapOf(isLanguage, isString);
/** Extension values are any JSON; their depth and size were bounded before (`jsonShapeProblem`). */
const extensions = mapOf(isIri, (value) => value !== undefined);
const interactionComponent = object({ id: isString, description: languageMap }, ['id']);

const definitionFields = object({
  name: languageMap,
  description: languageMap,
  type: isIri,
  moreInfo: isIri,
  extensions,
  interactionType: (value) => typeof value === 'string' && INTERACTION_TYPES.has(value),
  correctResponsesPattern: arrayOf(isString),
  choices: arrayOf(interactionComponent),
  scale: arrayOf(interactionComponent),
});
const definition: Check = (value) => {
  if (!definitionFields(value)) return false;
  const { interactionType, correctResponsesPattern, choices, scale } = value as JsonObject;
  if (correctResponsesPattern !== undefined && interactionType === undefined) return false;
  const allowed = typeof interactionType === 'string' ? COMPONENTS_ALLOWED[interactionType] : undefined;
  return (choices === undefined || allowed === 'choices') && (scale === undefined || allowed === 'scale');
};

const activity = object({ objectType: (value) => value === 'Activity', id: isIri, definition }, ['id']);
const agent = object(
  {
    objectType: (value) => value === 'Agent',
    name: isString,
    // The only identifier Lentera uses: with mbox/openid absent, exactly one identifier.
    account: object({ homePage: isIri, name: isString }, ['homePage', 'name']),
  },
  ['account'],
);
const score: Check = (value) => {
  if (!object({ scaled: isNumber, raw: isNumber, min: isNumber, max: isNumber })(value)) return false;
  const { scaled, raw, min, max } = value as { scaled?: number; raw?: number; min?: number; max?: number };
  if (scaled !== undefined && (scaled < -1 || scaled > 1)) return false;
  if (raw !== undefined && min !== undefined && raw < min) return false;
  if (raw !== undefined && max !== undefined && raw > max) return false;
  return min === undefined || max === undefined || min <= max;
};
const result = object({
  score,
  success: isBoolean,
  completion: isBoolean,
  response: isString,
  duration: isDuration,
  extensions,
});
const contextActivities = object({
  parent: arrayOf(activity),
  category: arrayOf(activity),
  grouping: arrayOf(activity),
  other: arrayOf(activity),
});
const context = object({
  registration: isUuid,
  contextActivities,
  // xAPI allows revision and platform only when the object is an activity: it always is here.
  revision: isString,
  platform: isString,
  language: isLanguage,
  extensions,
});
const verb = object({ id: isIri, display: languageMap }, ['id']);

/** Deliberately without `stored`, `authority`, `version`, `attachments`: the LRS's fields, never a phone's. */
const statement = object({ id: isUuid, actor: agent, verb, object: activity, result, context, timestamp: isIsoUtc }, [
  'id',
  'actor',
  'verb',
  'object',
  'timestamp',
]);

/** The xAPI verb that would need a StatementRef object; never fast. */
const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';

/**
 * True when `raw` is certainly a valid xAPI statement of the shape Lentera's server reads
 * (so the full validator and the field schema may be skipped); false when unsure.
 */
export function isCertainlyValidStatement(raw: unknown): boolean {
  if (!statement(raw)) return false;
  const { verb: verbValue, timestamp } = raw as { verb: { id: string }; timestamp: string };
  // `isIsoUtc` lets 2026-02-31 through; a real date round-trips to itself.
  return verbValue.id !== VOIDED && new Date(timestamp).toISOString() === timestamp;
}
