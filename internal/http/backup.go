package http

import (
	"mime"
	nethttp "net/http"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
)

// backupFile streams a backup of the whole store (admins only; see
// app.App.Backup) as a download.
func (s *Server) backupFile(c *gin.Context) error {
	c.Header("Content-Type", "application/gzip")
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "powermap.pmbackup"}))
	if _, err := s.app.Backup(c.Request.Context(), s.caller(c), c.Writer); err != nil {
		if !c.Writer.Written() {
			c.Header("Content-Type", "")
			c.Header("Content-Disposition", "")
			return graph.E("http.backup", err)
		}
		// Half a file has gone out: break the connection, so that the
		// client sees a failed download rather than a short file.
		s.logger(c).Error("backup failed mid-stream", "err", err.Error())
		panic(nethttp.ErrAbortHandler)
	}
	return nil
}
