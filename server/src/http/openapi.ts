import { commonErrors, errorStatus, routes, type RouteDef } from '@oac/shared';
import { z } from 'zod';
import { ErrorResponseSchema } from '@oac/shared';

const toSchema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });

function parameters(def: RouteDef) {
  const out: object[] = [];
  for (const [where, schema] of [
    ['path', def.params],
    ['query', def.query],
  ] as const) {
    if (!schema) continue;
    const json = toSchema(schema) as { properties?: Record<string, object>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: prop });
    }
  }
  return out;
}

/** OpenAPI 3 generated from the shared route table, so the document cannot drift from the code. */
export function buildOpenApi(version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const [name, def] of Object.entries(routes) as [string, RouteDef][]) {
    const path = def.path.replace(/:(\w+)/g, '{$1}');
    const responses: Record<string, object> = {};
    const ok = String(def.status ?? 200);
    responses[ok] =
      def.response === 'binary'
        ? { description: 'File content', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }
        : def.status === 204
          ? { description: 'No content' }
          : { description: 'OK', content: { 'application/json': { schema: toSchema(def.response) } } };
    for (const code of [...def.errors, ...commonErrors(def)]) {
      const status = String(errorStatus[code]);
      const existing = responses[status] as { description: string } | undefined;
      responses[status] = {
        description: existing ? `${existing.description}, ${code}` : code,
        content: { 'application/json': { schema: toSchema(ErrorResponseSchema) } },
      };
    }
    paths[path] ??= {};
    paths[path][def.method] = {
      operationId: name,
      summary: def.summary,
      security:
        def.auth === 'public'
          ? []
          : def.auth === 'staff'
            ? [{ session: [] }]
            : def.auth === 'citizen'
              ? [{ citizenToken: [] }]
              : [{ session: [] }, { citizenToken: [] }],
      parameters: parameters(def),
      ...(def.body === 'multipart'
        ? {
            requestBody: {
              required: true,
              content: {
                'multipart/form-data': {
                  schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
                },
              },
            },
          }
        : def.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(def.body) } } } }
          : {}),
      responses,
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'OAC et truca', version, description: 'Video appointments for citizen-service offices.' },
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'oac_session' },
        citizenToken: { type: 'http', scheme: 'bearer', description: "The token of the citizen's private link" },
      },
    },
  };
}
