package http

import (
	nethttp "net/http"

	"github.com/gin-gonic/gin"
)

// brief answers GET /entities/{id}/brief with app.Brief: the legislator
// brief of an official, the JSON of `powermap brief --format json`.
func (s *Server) brief(c *gin.Context) error {
	res, err := s.app.Brief(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, res)
	return nil
}
