package http

import (
	"cmp"
	nethttp "net/http"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// questionRoutes registers an official's forum question bank under api
// (/api/v1).
func (s *Server) questionRoutes(api *gin.RouterGroup) {
	read := api.Group("", s.require(graph.RoleViewer))
	read.GET("/entities/:id/questions", s.handle(s.questionBank))
	read.GET("/entities/:id/questions/draft", s.handle(s.draftQuestions))

	write := api.Group("", s.require(graph.RoleEditor))
	write.PUT("/entities/:id/questions", s.handle(s.saveQuestionBank))
	write.POST("/entities/:id/questions/:question/answer", s.handle(s.answerQuestion))
}

func writeBank(c *gin.Context, b *app.QuestionBankView) {
	if b.Revision != "" {
		setETag(c, b.Revision)
	}
	c.JSON(nethttp.StatusOK, b)
}

// questionBank answers GET /entities/{id}/questions with app.QuestionBank.
func (s *Server) questionBank(c *gin.Context) error {
	b, err := s.app.QuestionBank(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	writeBank(c, b)
	return nil
}

// draftQuestions answers GET /entities/{id}/questions/draft with
// app.DraftQuestions.
func (s *Server) draftQuestions(c *gin.Context) error {
	d, err := s.app.DraftQuestions(c.Request.Context(), s.caller(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.JSON(nethttp.StatusOK, d)
	return nil
}

// saveQuestionBank answers PUT /entities/{id}/questions with an
// app.QuestionBankInput; If-Match, or the body's revision, makes it
// conditional.
func (s *Server) saveQuestionBank(c *gin.Context) error {
	var in app.QuestionBankInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	in.Revision = cmp.Or(ifMatch(c), in.Revision)
	b, err := s.app.SaveQuestionBank(c.Request.Context(), s.caller(c), c.Param("id"), in)
	if err != nil {
		return err
	}
	writeBank(c, b)
	return nil
}

// answerQuestion answers POST /entities/{id}/questions/{question}/answer
// with an app.AnswerInput.
func (s *Server) answerQuestion(c *gin.Context) error {
	var in app.AnswerInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	in.Revision = cmp.Or(ifMatch(c), in.Revision)
	b, err := s.app.AnswerQuestion(c.Request.Context(), s.caller(c), c.Param("id"), c.Param("question"), in)
	if err != nil {
		return err
	}
	writeBank(c, b)
	return nil
}
