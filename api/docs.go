package api

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
	echoSwagger "github.com/swaggo/echo-swagger"
)

func (s *Server) openapiSpec(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/yaml", s.OpenAPISpec)
}

func (s *Server) docsRedirect(c echo.Context) error {
	return c.Redirect(http.StatusFound, "/docs/index.html")
}

func (s *Server) docsUI(c echo.Context) error {
	// Swagger UI reads the OpenAPI 3 file, not swag's Swagger 2 output.
	h := echoSwagger.EchoWrapHandler(echoSwagger.URL("/openapi.yaml"), echoSwagger.DeepLinking(true))
	return h(c)
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
			ct := mime.TypeByExtension(path.Ext(p))
			if ct == "" {
				ct = http.DetectContentType(b)
			}
			return c.Blob(http.StatusOK, ct, b)
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
