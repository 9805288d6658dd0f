package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	nethttp "net/http"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed index.html app vendor/*.js vendor/*.txt vendor/MANIFEST.json
var files embed.FS

// ContentSecurityPolicy is the policy the UI is written for: no inline
// script or style, no third-party origin, and web workers started from blob:
// URLs (the ForceAtlas2 layout). The API server sends it with every
// response; Handler sends it with the index page.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; connect-src 'self'; worker-src blob:; font-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// staticPrefix is the path under which every embedded asset is served,
// followed by the build hash.
const staticPrefix = "/static/"

// immutable is the Cache-Control of an asset requested under the current
// build hash: its content can never change at that URL.
const immutable = "public, max-age=31536000, immutable"

// asset is one file ready to serve.
type asset struct {
	body  []byte
	gz    []byte // gzip-compressed body, nil when compression does not pay
	etag  string
	ctype string
}

// Handler serves the UI. It is safe for concurrent use.
type Handler struct {
	build  string
	index  asset
	assets map[string]asset // by path relative to the embed root
}

var _ nethttp.Handler = (*Handler)(nil)

// New reads the embedded files, hashes them and prepares the index page.
// It fails only if the embedded tree is broken, which the package's tests
// rule out.
func New() (*Handler, error) {
	return newHandler(files)
}

func newHandler(fsys fs.FS) (*Handler, error) {
	h := &Handler{assets: map[string]asset{}}
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	all := sha256.New()
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		a := newAsset(name, b)
		all.Write([]byte(name))
		all.Write([]byte{0})
		all.Write([]byte(a.etag))
		if name != "index.html" {
			h.assets[name] = a
		}
	}
	h.build = hex.EncodeToString(all.Sum(nil))[:16]
	page, err := fs.ReadFile(fsys, "index.html")
	if err != nil {
		return nil, err
	}
	page = bytes.ReplaceAll(page, []byte("{{STATIC}}"), []byte(h.StaticBase()))
	h.index = newAsset("index.html", page)
	return h, nil
}

func newAsset(name string, body []byte) asset {
	sum := sha256.Sum256(body)
	a := asset{body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, ctype: contentType(name)}
	if compressible(a.ctype) && len(body) > 1024 {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if buf.Len() < len(body)*9/10 {
			a.gz = buf.Bytes()
		}
	}
	return a
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".html":
		return "text/html; charset=utf-8"
	case ".json":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "json") || strings.Contains(ctype, "svg")
}

// Build is the hash of every embedded file. It changes whenever any asset
// changes.
func (h *Handler) Build() string { return h.build }

// StaticBase is the URL path under which assets are served, with a trailing
// slash: /static/BUILD/.
func (h *Handler) StaticBase() string { return staticPrefix + h.build + "/" }

// Paths lists the served asset paths relative to StaticBase, sorted.
func (h *Handler) Paths() []string {
	out := make([]string, 0, len(h.assets))
	for p := range h.assets {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// ServeHTTP serves the index page at "/" and "/index.html", and assets at
// /static/BUILD/PATH. An asset asked for under another build hash (a page
// loaded before an upgrade) is served with its current content but is not
// cached. Anything else is 404; only GET and HEAD are allowed.
func (h *Handler) ServeHTTP(w nethttp.ResponseWriter, r *nethttp.Request) {
	if r.Method != nethttp.MethodGet && r.Method != nethttp.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		nethttp.Error(w, "method not allowed", nethttp.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	switch {
	case p == "/" || p == "/index.html":
		w.Header().Set("Content-Security-Policy", ContentSecurityPolicy)
		h.serve(w, r, h.index, "no-cache")
		return
	case strings.HasPrefix(p, staticPrefix):
		rest := strings.TrimPrefix(p, staticPrefix)
		build, name, ok := strings.Cut(rest, "/")
		if a, found := h.assets[name]; ok && found {
			cc := "no-cache"
			if build == h.build {
				cc = immutable
			}
			h.serve(w, r, a, cc)
			return
		}
	}
	nethttp.NotFound(w, r)
}

func (h *Handler) serve(w nethttp.ResponseWriter, r *nethttp.Request, a asset, cacheControl string) {
	hd := w.Header()
	hd.Set("Cache-Control", cacheControl)
	hd.Set("ETag", a.etag)
	hd.Set("X-Content-Type-Options", "nosniff")
	if a.gz != nil {
		hd.Add("Vary", "Accept-Encoding")
	}
	if etagMatch(r.Header.Get("If-None-Match"), a.etag) {
		w.WriteHeader(nethttp.StatusNotModified)
		return
	}
	body := a.body
	if a.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		body = a.gz
		hd.Set("Content-Encoding", "gzip")
	}
	hd.Set("Content-Type", a.ctype)
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(nethttp.StatusOK)
	if r.Method != nethttp.MethodHead {
		w.Write(body)
	}
}

// etagMatch reports whether an If-None-Match header names etag (weak
// comparison, as RFC 9110 asks for If-None-Match).
func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip with a
// non-zero quality.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "q") {
				q, err := strconv.ParseFloat(v, 64)
				return err == nil && q > 0
			}
		}
		return true
	}
	return false
}
