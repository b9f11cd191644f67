/**
 * Schema validation at the edge. Bodies are validated strictly (no type coercion,
 * unknown keys rejected, not silently dropped); params and query strings coerce
 * their text to the declared types. Ajv messages become sentences saying what to fix.
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { MAX_NAME_LENGTH, MAX_WALL_TIME_S, MIN_WALL_TIME_S, PATTERN_RULES } from '../protocol/index.js';

const strict = new Ajv({ allErrors: false, coerceTypes: false, removeAdditional: false, useDefaults: true, strict: false });
const coercing = new Ajv({ allErrors: false, coerceTypes: true, removeAdditional: false, useDefaults: true, strict: false });

export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) => {
  const validate = (httpPart === 'body' ? strict : coercing).compile(schema as object);
  return (data: unknown) => (validate(data) ? { value: data } : { error: new Error(describe(validate.errors ?? [], httpPart)) });
};

const ID_RULE = `1–${MAX_NAME_LENGTH} characters with no control characters (tab, newline, U+0000–U+001F, U+007F), and not '.' or '..'`;

function describe(errors: ErrorObject[], part: string | undefined): string {
  const e = mostSpecific(errors);
  if (!e) return `invalid ${part ?? 'request'}`;
  // /Y/20011/0 → body.Y[20011][0]
  const where = `${part ?? 'request'}${e.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.')}`;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${where} has an unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"; remove it or check its spelling`;
    case 'pattern':
      return `${where} must be ${PATTERN_RULES[(e.params as { pattern: string }).pattern] ?? ID_RULE}`;
    case 'enum':
      return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minimum':
    case 'maximum':
      if (/^\/T\//.test(e.instancePath)) {
        return `${where} must be wall time in seconds since the epoch, as Python's time.time() gives it, from ${MIN_WALL_TIME_S} (2000) to ${MAX_WALL_TIME_S} (2100); divide milliseconds by 1000`;
      }
      return `${where} ${e.message ?? 'is out of range'}`;
    case 'anyOf':
      return `${where} must be an array of numbers (N) or an array of rows of numbers (N,K)`;
    case 'type': {
      const t = (e.params as { type: string | string[] }).type;
      return `${where} must be ${(Array.isArray(t) ? t : t.split(',')).map((x) => (x === 'null' ? 'null' : `a${/^[aeiou]/.test(x) ? 'n' : ''} ${x}`)).join(' or ')}`;
    }
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

/**
 * The error to report. Under `anyOf` (Y as a column or as rows) Ajv lists each branch's
 * first error and then the anyOf itself: the branch that got deepest into the value is
 * the one the caller meant.
 */
function mostSpecific(errors: ErrorObject[]): ErrorObject | undefined {
  const anyOf = errors.findIndex((e) => e.keyword === 'anyOf');
  if (anyOf <= 0) return errors[0];
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  return errors.slice(0, anyOf).reduce((best, e) => (depth(e) > depth(best) ? e : best));
}
