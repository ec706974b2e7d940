import { z } from 'zod';
import { defaultPolicy, policySchema } from '../moderation/policy';

/**
 * The site policy as JSON Schema (as an admin sends it: every key optional) with its defaults. The
 * dashboard builds its settings form from it, so a setting added to the policy shows up there
 * without a change to the page.
 */
export function policySchemaDocument() {
  return {
    schema: z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' }),
    defaults: defaultPolicy,
  };
}
