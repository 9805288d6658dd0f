package http

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	nethttp "net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
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
	rep, err := s.app.Import(c.Request.Context(), s.caller(c), app.ImportQuery{Format: name, Paths: paths})
	if err != nil {
		return withoutDir(err, dir)
	}
	for i := range rep.Skipped {
		rep.Skipped[i].File = strings.TrimPrefix(rep.Skipped[i].File, dir+string(filepath.Separator))
	}
	c.JSON(nethttp.StatusOK, rep)
	return nil
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
// error, so that the answer names the files as uploaded. It rewrites each
// *graph.Error of the chain where it stands rather than wrapping them in a
// new one: the error writer collects the details of the whole chain, and a
// wrapper holding copies listed every detail twice.
func withoutDir(err error, dir string) error {
	prefix := dir + string(filepath.Separator)
	for e := err; e != nil; e = errors.Unwrap(e) {
		pe, ok := e.(*graph.Error)
		if !ok {
			continue
		}
		pe.Message = strings.ReplaceAll(pe.Message, prefix, "")
		for i := range pe.Details {
			pe.Details[i].File = strings.TrimPrefix(pe.Details[i].File, prefix)
			pe.Details[i].Reason = strings.ReplaceAll(pe.Details[i].Reason, prefix, "")
		}
	}
	return err
}

// export answers GET /export?format=&include_private=&kind=&label=&types=
// with app.Export, as a download.
func (s *Server) export(c *gin.Context) error {
	p := queryParams(c)
	q := app.ExportQuery{Format: p.str("format"),
		Filter: format.Filter{Labels: p.list("label"), Types: p.types("types"), IncludePrivate: p.boolDefault("include_private", false)}}
	for _, k := range p.list("kind") {
		kind, err := graph.ParseKind(k)
		if err != nil {
			p.fail("kind", graph.DetailsOf(err)[0].Reason)
		}
		q.Filter.Kinds = append(q.Filter.Kinds, kind)
	}
	if err := p.err(); err != nil {
		return err
	}
	ctx := c.Request.Context()
	ex, err := s.app.Export(ctx, s.caller(c), q)
	if err != nil {
		return err
	}
	c.Header("Content-Type", ex.ContentType())
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "powermap-export." + extension(ex.Name(), ex.ContentType())}))
	if err := ex.Write(ctx, c.Writer); err != nil {
		if !c.Writer.Written() {
			c.Header("Content-Disposition", "")
			return graph.E("http.export", err)
		}
		// Half a file has gone out: break the connection, so that the
		// client sees a failed download rather than a short file.
		s.logger(c).Error("export failed mid-stream", "format", ex.Name(), "err", err.Error())
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
