/* Starts Swagger UI on /api/docs. A file of its own, not an inline script, so the page runs under
   the Content-Security-Policy (script-src 'self'). The page gives the schema's address and the CSRF
   token in data attributes. */
"use strict";
(function () {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  const csrfToken = root.dataset.csrfToken;
  SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    // Swagger UI's own check posts the schema to an outside validator; never send it anywhere.
    validatorUrl: null,
    requestInterceptor: function (request) {
      if (csrfToken) {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    },
  });
})();
