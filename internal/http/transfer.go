package http

import (
	"context"
	"errors"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	nethttp "net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
)

// importFiles answers POST /import?format= with a multipart upload of one or
// more files in the field "file": the same formats as `powermap import`,
// detected when format is empty. Every row is checked first: on any bad
// row nothing is written and the answer is 400 invalid, one detail per bad
// row (file, line, field, reason). On success it returns the import report.
// (FEC bulk files are then applied in batches; see format.Registry.Import.)
func (s *Server) importFiles(c *gin.Context) error {
	const op = "http.import"
	name := strings.TrimSpace(c.Query("format"))
	form, err := c.MultipartForm()
	if err != nil {
		var tooBig *nethttp.MaxBytesError
		if errors.As(err, &tooBig) {
			return graph.E(op, graph.TooLarge, err)
		}
		return bodyError(op, "file", "must be a multipart/form-data upload: "+err.Error())
	}
	defer form.RemoveAll()
	files := form.File["file"]
	if len(files) == 0 {
		return bodyError(op, "file", "no file uploaded (use the form field \"file\", once per file)")
	}
	dir, err := os.MkdirTemp("", "powermap-import-*")
	if err != nil {
		return graph.E(op, graph.Internal, err)
	}
	defer os.RemoveAll(dir)
	var paths []string
	seen := map[string]bool{}
	for i, fh := range files {
		base := uploadName(fh.Filename, i)
		if seen[base] {
			return bodyError(op, "file", "two files are named "+strconv.Quote(base))
		}
		seen[base] = true
		dst := filepath.Join(dir, base)
		if err := saveUpload(fh.Open, dst); err != nil {
			return graph.E(op, graph.Internal, err)
		}
		paths = append(paths, dst)
	}
	if name == "" {
		r, err := s.formats.Detect(paths)
		if err != nil {
			return withoutDir(err, dir)
		}
		name = r.Name() // for the audit entry
	}
	store := &auditedImport{Store: s.store, s: s, c: c, format: name, files: len(paths)}
	rep, err := s.formats.Import(c.Request.Context(), store, name, paths, nil)
	if err != nil {
		return withoutDir(err, dir)
	}
	for i := range rep.Skipped {
		rep.Skipped[i].File = strings.TrimPrefix(rep.Skipped[i].File, dir+string(filepath.Separator))
	}
	c.JSON(nethttp.StatusOK, rep)
	return nil
}

// auditedImport is the store an import writes through: every batch it
// applies carries an "import" audit entry, which commits with the batch's
// records. An import applied in several batches (FEC bulk files) records
// one entry per batch, numbered from 1, each with that batch's counts.
type auditedImport struct {
	graph.Store
	s       *Server
	c       *gin.Context
	format  string
	files   int
	batches int
}

func (a *auditedImport) Apply(ctx context.Context, b *graph.Batch) (graph.Stats, error) {
	a.batches++
	details := map[string]string{
		"format": a.format, "files": strconv.Itoa(a.files), "batch": strconv.Itoa(a.batches),
		"records": strconv.Itoa(len(b.Entities) + len(b.Relationships)),
	}
	b.Audit = a.s.auditBatch(a.c, "", func(st graph.Stats) (string, map[string]string) {
		d := maps.Clone(details)
		d["entities_created"], d["entities_updated"] = strconv.Itoa(st.EntitiesCreated), strconv.Itoa(st.EntitiesUpdated)
		d["relationships_created"], d["relationships_updated"] = strconv.Itoa(st.RelationshipsCreated), strconv.Itoa(st.RelationshipsUpdated)
		return "import", d
	})
	return a.Store.Apply(ctx, b)
}

// uploadName keeps the base name of an uploaded file (readers tell formats
// apart by names such as entities.csv), and refuses path tricks.
func uploadName(name string, i int) string {
	base := filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	if base == "." || base == ".." || base == "/" || base == "" || strings.ContainsAny(base, "\x00") {
		return "upload-" + strconv.Itoa(i+1)
	}
	return base
}

func saveUpload(open func() (multipart.File, error), dst string) error {
	src, err := open()
	if err != nil {
		return err
	}
	defer src.Close()
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, src); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// withoutDir removes the temporary folder from the file names of an import
// error, so that the answer names the files as uploaded.
func withoutDir(err error, dir string) error {
	prefix := dir + string(filepath.Separator)
	ds := graph.DetailsOf(err)
	if len(ds) == 0 && graph.MessageOf(err) == "" {
		return err
	}
	out := make([]graph.Detail, len(ds))
	for i, d := range ds {
		d.File = strings.TrimPrefix(d.File, prefix)
		d.Reason = strings.ReplaceAll(d.Reason, prefix, "")
		out[i] = d
	}
	return &graph.Error{Op: "http.import", Code: graph.CodeOf(err), Message: strings.ReplaceAll(graph.MessageOf(err), prefix, ""), Details: out, Err: err}
}

// export answers GET /export?format=&include_private=&kind=&label=&types=:
// the whole map, or what the filters keep, in one of the export formats, as
// a download. Private entities are left out unless include_private=true,
// which only an admin may set. Every export is audited.
func (s *Server) export(c *gin.Context) error {
	const op = "http.export"
	p := queryParams(c)
	name := p.str("format")
	if name == "" {
		name = "json"
	}
	f := format.Filter{Labels: p.list("label"), Types: p.types("types"), IncludePrivate: p.boolDefault("include_private", false)}
	for _, k := range p.list("kind") {
		kind, err := graph.ParseKind(k)
		if err != nil {
			p.fail("kind", graph.DetailsOf(err)[0].Reason)
		}
		f.Kinds = append(f.Kinds, kind)
	}
	w, err := s.formats.Writer(name)
	if err != nil {
		p.fail("format", graph.DetailsOf(err)[0].Reason)
	}
	if err := p.err(); err != nil {
		return err
	}
	if f.IncludePrivate && !roleOf(c).Allows(graph.RoleAdmin) {
		return &graph.Error{Op: op, Code: graph.Forbidden, Message: "only an admin may export private entities",
			Details: []graph.Detail{{Field: "include_private", Reason: "needs the admin role"}}}
	}
	s.audit(c, "export", "", map[string]string{"format": name, "include_private": strconv.FormatBool(f.IncludePrivate)})
	c.Header("Content-Type", w.ContentType())
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "powermap-export." + extension(name, w.ContentType())}))
	if err := w.Write(c.Request.Context(), c.Writer, format.StoreSource(s.store, f)); err != nil {
		if !c.Writer.Written() {
			c.Header("Content-Disposition", "")
			return graph.E(op, err)
		}
		// Half a file has gone out: break the connection, so that the
		// client sees a failed download rather than a short file.
		s.logger(c).Error("export failed mid-stream", "format", name, "err", err.Error())
		panic(nethttp.ErrAbortHandler)
	}
	return nil
}

func extension(name, contentType string) string {
	switch {
	case strings.Contains(contentType, "zip"):
		return "zip"
	case strings.Contains(contentType, "json"):
		return "json"
	case strings.Contains(contentType, "xml"):
		return name + ".xml"
	case strings.Contains(contentType, "csv"):
		return "csv"
	}
	return name
}
