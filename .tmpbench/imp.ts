import { openApiDocument } from '#openapi-document'; console.log(Object.keys(openApiDocument().paths).length);
