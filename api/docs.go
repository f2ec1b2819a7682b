package api

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
	swaggerFiles "github.com/swaggo/files/v2"
)

func (s *Server) openapiSpec(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/yaml", s.OpenAPISpec)
}

func (s *Server) docsRedirect(c echo.Context) error {
	return c.Redirect(http.StatusFound, "/docs/index.html")
}

// swaggerInit points Swagger UI at the OpenAPI 3 contract.
const swaggerInit = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout"
  });
};
`

// docsUI serves Swagger UI's static files (no inline scripts, so the strict CSP holds).
func (s *Server) docsUI(c echo.Context) error {
	name := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
	switch name {
	case "", ".":
		name = "index.html"
	case "swagger-initializer.js":
		return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", []byte(swaggerInit))
	}
	b, err := fs.ReadFile(swaggerFiles.FS, name)
	if err != nil {
		return echo.ErrNotFound
	}
	return c.Blob(http.StatusOK, contentType(name, b), b)
}

func contentType(name string, b []byte) string {
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		return ct
	}
	return http.DetectContentType(b)
}

func (s *Server) apiNotFound(c echo.Context) error {
	return echo.ErrNotFound
}

const notBuiltPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>PRIMA</title></head>
<body style="font-family:sans-serif;max-width:40rem;margin:4rem auto">
<h1>PRIMA</h1><p>The dashboard has not been built into this binary. Run <code>make run</code>
(or <code>make build</code>) to build it. The API is up: see <a href="/docs">/docs</a>.</p></body></html>`

// dashboard serves the embedded SPA: real files as they are, client routes get index.html.
func (s *Server) dashboard(c echo.Context) error {
	if s.Frontend == nil {
		return c.HTML(http.StatusOK, notBuiltPage)
	}
	p := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
	if p != "" && p != "index.html" {
		if st, err := fs.Stat(s.Frontend, p); err == nil && !st.IsDir() {
			if strings.HasPrefix(p, "assets/") {
				c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			b, err := fs.ReadFile(s.Frontend, p)
			if err != nil {
				return err
			}
			return c.Blob(http.StatusOK, contentType(p, b), b)
		}
		if path.Ext(p) != "" { // a missing asset is a real 404, not the app
			return echo.ErrNotFound
		}
	}
	index, err := fs.ReadFile(s.Frontend, "index.html")
	if err != nil {
		return c.HTML(http.StatusOK, notBuiltPage)
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.HTMLBlob(http.StatusOK, index)
}
