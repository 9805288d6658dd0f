package web

import (
	"compress/gzip"
	"io"
	nethttp "net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func get(t *testing.T, h nethttp.Handler, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(nethttp.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestIndexLinksOnlyServedAssets(t *testing.T) {
	h, err := New()
	if err != nil {
		t.Fatal(err)
	}
	rec := get(t, h, "/")
	if rec.Code != 200 {
		t.Fatalf("GET / = %d", rec.Code)
	}
	if got := rec.Header().Get("Content-Type"); got != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", got)
	}
	if rec.Header().Get("Cache-Control") != "no-cache" || rec.Header().Get("ETag") == "" {
		t.Errorf("index headers: %v", rec.Header())
	}
	if rec.Header().Get("Content-Security-Policy") != ContentSecurityPolicy {
		t.Errorf("index CSP %q", rec.Header().Get("Content-Security-Policy"))
	}
	body := rec.Body.String()
	if strings.Contains(body, "{{STATIC}}") {
		t.Fatal("index still holds the {{STATIC}} placeholder")
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(body, -1)
	if len(refs) < 4 {
		t.Fatalf("index references %d assets, want the stylesheet, the vendored scripts and main.js", len(refs))
	}
	for _, m := range refs {
		ref := m[1]
		if !strings.HasPrefix(ref, h.StaticBase()) {
			t.Errorf("index references %q outside %s (no CDN, nothing unversioned)", ref, h.StaticBase())
			continue
		}
		if r := get(t, h, ref); r.Code != 200 {
			t.Errorf("GET %s = %d", ref, r.Code)
		} else if r.Header().Get("Cache-Control") != immutable {
			t.Errorf("GET %s Cache-Control %q, want immutable", ref, r.Header().Get("Cache-Control"))
		}
	}
}

// TestModulesImportServedFiles checks that every relative import of the
// app's ES modules names an embedded file, so that a typo cannot reach a
// browser as a 404.
func TestModulesImportServedFiles(t *testing.T) {
	h, err := New()
	if err != nil {
		t.Fatal(err)
	}
	imp := regexp.MustCompile(`(?m)(?:^import\s[^'"]*|^export\s[^'"]*\sfrom\s|import\()\s*['"]([^'"]+)['"]`)
	n := 0
	for _, p := range h.Paths() {
		if !strings.HasPrefix(p, "app/") || !strings.HasSuffix(p, ".js") {
			continue
		}
		src := string(h.assets[p].body)
		for _, m := range imp.FindAllStringSubmatch(src, -1) {
			spec := m[1]
			if !strings.HasPrefix(spec, ".") {
				t.Errorf("%s imports %q: only relative imports of embedded files are allowed", p, spec)
				continue
			}
			target := joinRel(p, spec)
			if _, ok := h.assets[target]; !ok {
				t.Errorf("%s imports %q, resolved to %s, which is not embedded", p, spec, target)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("found no imports in app/*.js")
	}
}

func joinRel(from, spec string) string {
	dir := from[:strings.LastIndex(from, "/")+1]
	parts := strings.Split(dir+spec, "/")
	var out []string
	for _, s := range parts {
		switch s {
		case ".", "":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
		}
	}
	return strings.Join(out, "/")
}

func TestCaching(t *testing.T) {
	fsys := fstest.MapFS{
		"index.html":  {Data: []byte(`<script type="module" src="{{STATIC}}app/main.js"></script>`)},
		"app/main.js": {Data: []byte(strings.Repeat("console.log('powermap');\n", 200))},
		"app/a.css":   {Data: []byte("body{}")},
	}
	h, err := newHandler(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(h.index.body), h.StaticBase()+"app/main.js") {
		t.Fatalf("index not rewritten: %s", h.index.body)
	}
	cur := h.StaticBase() + "app/main.js"
	rec := get(t, h, cur)
	etag := rec.Header().Get("ETag")
	if rec.Code != 200 || etag == "" || rec.Header().Get("Cache-Control") != immutable {
		t.Fatalf("GET %s: %d %v", cur, rec.Code, rec.Header())
	}
	if got := rec.Header().Get("Content-Type"); got != "text/javascript; charset=utf-8" {
		t.Errorf("Content-Type %q", got)
	}
	if rec.Body.String() != string(fsys["app/main.js"].Data) {
		t.Error("body differs from the embedded file")
	}
	if r := get(t, h, cur, "If-None-Match", etag); r.Code != nethttp.StatusNotModified || r.Body.Len() != 0 {
		t.Errorf("If-None-Match current: %d, %d bytes", r.Code, r.Body.Len())
	}
	if r := get(t, h, cur, "If-None-Match", `W/`+etag+`, "x"`); r.Code != nethttp.StatusNotModified {
		t.Errorf("weak If-None-Match in a list: %d", r.Code)
	}
	if r := get(t, h, cur, "If-None-Match", `"stale"`); r.Code != 200 {
		t.Errorf("stale If-None-Match: %d", r.Code)
	}
	old := "/static/0123456789abcdef/app/main.js"
	if r := get(t, h, old); r.Code != 200 || r.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("GET under an old build: %d %q", r.Code, r.Header().Get("Cache-Control"))
	}

	gz := get(t, h, cur, "Accept-Encoding", "br, gzip")
	if gz.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(gz.Header().Get("Vary"), "Accept-Encoding") {
		t.Fatalf("gzip not negotiated: %v", gz.Header())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if string(plain) != string(fsys["app/main.js"].Data) {
		t.Error("gzip body does not decompress to the file")
	}
	if r := get(t, h, cur, "Accept-Encoding", "gzip;q=0"); r.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 must not be compressed")
	}
	if r := get(t, h, h.StaticBase()+"app/a.css", "Accept-Encoding", "gzip"); r.Header().Get("Content-Encoding") != "" {
		t.Error("a tiny file should not be compressed")
	}

	for _, p := range []string{"/nope", "/static/", h.StaticBase() + "nope.js", h.StaticBase(), "/app/main.js", "/static/" + h.Build()} {
		if r := get(t, h, p); r.Code != 404 {
			t.Errorf("GET %s = %d, want 404", p, r.Code)
		}
	}
	req := httptest.NewRequest(nethttp.MethodPost, "/", nil)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != nethttp.StatusMethodNotAllowed {
		t.Errorf("POST / = %d", rec.Code)
	}

	other, err := newHandler(fstest.MapFS{
		"index.html":  fsys["index.html"],
		"app/main.js": {Data: []byte("changed")},
		"app/a.css":   fsys["app/a.css"],
	})
	if err != nil {
		t.Fatal(err)
	}
	if other.Build() == h.Build() {
		t.Error("changing one file must change the build hash")
	}
}

func TestHeadAndAcceptGzip(t *testing.T) {
	h, err := New()
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(nethttp.MethodHead, "/", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") == "" {
		t.Errorf("HEAD /: %d, %d bytes, %v", rec.Code, rec.Body.Len(), rec.Header())
	}
	cases := map[string]bool{"": false, "gzip": true, "deflate, gzip;q=1.0": true, "gzip;q=0": false, "gzip; q=0.5": true, "GZIP": true, "br": false}
	for in, want := range cases {
		if got := acceptsGzip(in); got != want {
			t.Errorf("acceptsGzip(%q) = %v", in, got)
		}
	}
}
