package explore_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/medkg/medkg/explore"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/loader/loadertest"
	"github.com/medkg/medkg/server"
)

func get(t *testing.T, url string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultTransport.RoundTrip(req) // no redirects followed
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// The page and its assets are served under /explore/ with the security
// headers, and name nothing outside the server.
func TestHandler(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.Handle(explore.Prefix, explore.Handler())
	srv := httptest.NewServer(mux)
	defer srv.Close()

	secure := func(t *testing.T, resp *http.Response) {
		t.Helper()
		for k, want := range map[string]string{
			"Content-Security-Policy": explore.ContentSecurityPolicy,
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "no-referrer",
			"X-Frame-Options":         "DENY",
		} {
			if got := resp.Header.Get(k); got != want {
				t.Errorf("%s: %q, want %q", k, got, want)
			}
		}
	}

	var page string
	t.Run("Page", func(t *testing.T) {
		resp, body := get(t, srv.URL+"/explore/", nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Fatalf("%s %s", resp.Status, resp.Header.Get("Content-Type"))
		}
		secure(t, resp)
		for _, want := range []string{`<html lang="zh-CN">`, `src="app.js"`, `href="app.css"`, `id="search"`, `id="cy"`, `name="viewport"`} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %s", want)
			}
		}
		page = body
	})
	t.Run("NothingFromOutside", func(t *testing.T) {
		// Every src and href of the page is relative; the stylesheet
		// imports nothing, and no font comes from elsewhere.
		for _, m := range regexp.MustCompile(`(?:src|href)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
			if strings.Contains(m[1], "//") || strings.HasPrefix(m[1], "/") {
				t.Errorf("page refers to %s", m[1])
			}
		}
		_, css := get(t, srv.URL+"/explore/app.css", nil)
		if strings.Contains(css, "@import") || strings.Contains(css, "url(") || strings.Contains(css, "@font-face") {
			t.Errorf("stylesheet loads something: %.200s", css)
		}
		if !strings.Contains(explore.ContentSecurityPolicy, "default-src 'self'") ||
			!strings.Contains(explore.ContentSecurityPolicy, "connect-src 'self'") {
			t.Errorf("CSP %q", explore.ContentSecurityPolicy)
		}
	})
	t.Run("Assets", func(t *testing.T) {
		for name, ctype := range map[string]string{
			"app.js":                "text/javascript; charset=utf-8",
			"app.css":               "text/css; charset=utf-8",
			"cytoscape.LICENSE.txt": "text/plain; charset=utf-8",
		} {
			resp, body := get(t, srv.URL+"/explore/"+name, nil)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ctype || len(body) == 0 {
				t.Errorf("%s: %s %q, %d bytes", name, resp.Status, resp.Header.Get("Content-Type"), len(body))
			}
			secure(t, resp)
		}
	})
	t.Run("NotModified", func(t *testing.T) {
		resp, _ := get(t, srv.URL+"/explore/app.js", nil)
		etag := resp.Header.Get("ETag")
		if etag == "" || resp.Header.Get("Cache-Control") != "no-cache" {
			t.Fatalf("ETag %q, Cache-Control %q", etag, resp.Header.Get("Cache-Control"))
		}
		resp, _ = get(t, srv.URL+"/explore/app.js", map[string]string{"If-None-Match": etag})
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("revalidation: %s", resp.Status)
		}
	})
	t.Run("RedirectWithoutSlash", func(t *testing.T) {
		resp, _ := get(t, srv.URL+"/explore", nil)
		if resp.StatusCode/100 != 3 || resp.Header.Get("Location") != "/explore/" {
			t.Errorf("%s to %q", resp.Status, resp.Header.Get("Location"))
		}
	})
	t.Run("DocumentView", func(t *testing.T) {
		resp, page := get(t, srv.URL+"/explore/doc/000_3cbbde8086c57167.txt?start=10&end=20", nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" || !strings.Contains(page, `src="../doc.js"`) {
			t.Errorf("document view: %s %q, %.100s", resp.Status, resp.Header.Get("Content-Type"), page)
		}
		secure(t, resp)
		for _, p := range []string{"/explore/doc/", "/explore/doc.html", "/explore/doc/a/b.txt"} {
			if resp, _ := get(t, srv.URL+p, nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %s", p, resp.Status)
			}
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		for _, p := range []string{"/explore/nope.js", "/explore/index.html/", "/explore/dist/app.js", "/explore/../go.mod"} {
			resp, _ := get(t, srv.URL+p, nil)
			// The mux cleans paths with .. by redirecting.
			if resp.StatusCode != http.StatusNotFound && resp.StatusCode/100 != 3 {
				t.Errorf("%s: %s", p, resp.Status)
			}
			if resp.StatusCode == http.StatusNotFound {
				secure(t, resp)
			}
		}
	})
	t.Run("MethodNotAllowed", func(t *testing.T) {
		resp, err := http.Post(srv.URL+"/explore/", "text/plain", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s, Allow %q", resp.Status, resp.Header.Get("Allow"))
		}
	})
}

// The end-to-end test: the page on the seeds, driven by Debian's Chromium
// through tools/e2e-explore (see explore.mjs there). It needs Chromium at
// /usr/bin/chromium (or $CHROMIUM) and npm, so it runs only with
// E2E_CHROMIUM=1; the screenshots go to $E2E_SHOTS, or into the test's
// temporary folder.
func TestE2EChromium(t *testing.T) {
	if os.Getenv("E2E_CHROMIUM") != "1" {
		t.Skip("set E2E_CHROMIUM=1 to drive Chromium through the page")
	}
	store := graphtest.Open(t)
	loadertest.LoadSeeds(t, store)
	mux := http.NewServeMux()
	mux.Handle(explore.Prefix, explore.Handler())
	mux.Handle("/", server.New(store, server.Options{}))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	dir := filepath.Join("..", "tools", "e2e-explore")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "playwright-core")); err != nil {
		npm := exec.Command("npm", "ci", "--prefix", dir, "--no-audit", "--no-fund", "--loglevel=error")
		if out, err := npm.CombinedOutput(); err != nil {
			t.Fatalf("npm ci: %v\n%s", err, out)
		}
	}
	shots := os.Getenv("E2E_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	cmd := exec.Command("node", filepath.Join(dir, "explore.mjs"), srv.URL, shots)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("e2e: %v", err)
	}
	for _, name := range []string{"explore-desktop.png", "explore-document.png", "explore-english.png", "explore-phone.png"} {
		if fi, err := os.Stat(filepath.Join(shots, name)); err != nil || fi.Size() == 0 {
			t.Errorf("no screenshot %s: %v", name, err)
		}
	}
}
