// Package brief renders the legislator brief (app.Brief) for print: a
// self-contained HTML page, its CSS embedded, that prints on at most two
// A4 or Letter pages, and a PDF of that page made by headless Chromium.
// It presents what app.Brief answers and computes nothing of its own.
package brief
