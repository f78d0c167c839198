/** JSON schemas shared by the routes: Fastify validates with them before a handler runs. */

/** The largest id PostgreSQL's `integer` holds: larger ones are refused, not overflowed. */
export const MAX_ID = 2_147_483_647;

/** `:id` in a path: a positive integer (Fastify coerces the string, and refuses `abc` or `1.5`). */
export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: MAX_ID } },
  additionalProperties: false,
} as const;

/** The body of `PUT /products/:id`: some of the fields, nothing else. */
export const productUpdateBody = {
  type: 'object',
  minProperties: 1,
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    price: { type: 'number', minimum: 0, maximum: 99_999_999 },
    stock: { type: 'integer', minimum: 0, maximum: MAX_ID },
  },
} as const;

/** `?ids=1,2,3` of `GET /products`: the count is checked by the handler, against `maxIds`. */
export const idListQuery = {
  type: 'object',
  required: ['ids'],
  properties: { ids: { type: 'string', pattern: '^[0-9]{1,10}(,[0-9]{1,10})*$' } },
  additionalProperties: false,
} as const;

/** `?limit=` of `GET /leaderboard`. */
export const leaderboardQuery = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 } },
  additionalProperties: false,
} as const;

/** A 400 body in the shape Fastify gives its own validation errors. */
export function badRequest(code: string, message: string) {
  return { statusCode: 400, code, error: 'Bad Request', message };
}
