import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { REPO } from './fixtures';

/** A validator for the OASIS SARIF 2.1.0 schema (draft-04): without `id` and `$schema`, ajv's default draft reads it unchanged. */
export function sarifValidator(): { (data: unknown): boolean; errors?: unknown } {
  const { id: _id, $schema: _schema, ...schema } = JSON.parse(readFileSync(join(REPO, 'test', 'data', 'sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const check = (data: unknown): boolean => {
    const valid = validate(data);
    check.errors = validate.errors;
    return valid;
  };
  check.errors = undefined as unknown;
  return check;
}
