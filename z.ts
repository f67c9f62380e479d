import { z } from 'zod';
import { fields } from './shared/http/validation';
import * as auth from './shared/schemas/auth';
import * as ws from './shared/schemas/workspaces';

console.log(
  JSON.stringify(
    z.toJSONSchema(auth.signupBody, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
  ),
);
console.log(
  JSON.stringify(
    z.toJSONSchema(ws.updateWorkspaceBody, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
  ),
);
console.log(
  JSON.stringify(
    z.toJSONSchema(z.object({ limit: fields.limit, cursor: fields.cursor }), {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'any',
    }),
  ),
);
console.log(
  JSON.stringify(
    z.toJSONSchema(ws.addMemberBody, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }),
  ),
);
console.log(
  JSON.stringify(
    z.toJSONSchema(z.object({ a: z.date(), b: z.string().transform(Number) }), {
      target: 'draft-2020-12',
      io: 'output',
      unrepresentable: 'any',
    }),
  ),
);
