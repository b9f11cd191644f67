/**
 * Schema validation at the edge. Bodies are validated strictly (no type coercion,
 * unknown keys rejected, not silently dropped); params and query strings coerce
 * their text to the declared types. Ajv messages become sentences saying what to fix.
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

const strict = new Ajv({ allErrors: false, coerceTypes: false, removeAdditional: false, useDefaults: true, strict: false });
const coercing = new Ajv({ allErrors: false, coerceTypes: true, removeAdditional: false, useDefaults: true, strict: false });

export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) => {
  const validate = (httpPart === 'body' ? strict : coercing).compile(schema as object);
  return (data: unknown) => (validate(data) ? { value: data } : { error: new Error(describe(validate.errors ?? [], httpPart)) });
};

const ID_RULE = "1–200 characters with no control characters, '/' or '\\\\', and not '.' or '..'";

function describe(errors: ErrorObject[], part: string | undefined): string {
  const e = errors[0];
  if (!e) return `invalid ${part ?? 'request'}`;
  const where = `${part ?? 'request'}${e.instancePath.replace(/\//g, '.')}`;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${where} has an unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"; remove it or check its spelling`;
    case 'pattern':
      return `${where} must be ${ID_RULE}`;
    case 'enum':
      return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'anyOf':
      return `${where} must be an array of numbers (N) or an array of rows of numbers (N,K)`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}
