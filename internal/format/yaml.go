package format

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/powermap/powermap/graph"
)

var yamlLine = regexp.MustCompile(`line (\d+)`)

// YAMLDetail turns an error of gopkg.in/yaml.v3 into a Detail naming the
// file and, when the error gives one, the line. The YAML readers (Open
// States, congress-legislators) share it.
func YAMLDetail(file string, err error) graph.Detail {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	d := graph.Detail{File: file, Reason: "not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		d.Line, _ = strconv.Atoi(m[1])
	}
	return d
}
