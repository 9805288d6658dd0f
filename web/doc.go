// Package web serves powermap's browser UI: an index page, the app's own
// plain ES modules and stylesheet, and the vendored libraries under vendor/
// (sigma.js, graphology, htm with Preact), all embedded in the binary, so
// that the UI works offline and needs no build step.
//
// The API server mounts Handler at "/". Assets are served under
// /static/BUILD/, where BUILD is a hash of every embedded file, so that they
// can be cached for good; the index page is revalidated with its ETag.
package web
