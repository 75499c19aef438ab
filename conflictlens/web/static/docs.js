// The /docs page: Swagger UI over this server's OpenAPI document.  validatorUrl null: Swagger UI
// would otherwise send the document to validator.swagger.io for a badge.
"use strict";
window.ui = SwaggerUIBundle({
  url: new URL("openapi.json", window.location.href).pathname,
  dom_id: "#swagger-ui",
  validatorUrl: null,
  deepLinking: true,
  tryItOutEnabled: false,
});
