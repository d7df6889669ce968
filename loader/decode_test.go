package loader

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/medkg/medkg/graph/kg"
)

// TestDecode reads every file of testdata/bad: each is either decoded to
// the text of the seed it was made from, or refused with the error that
// says what is wrong.
func TestDecode(t *testing.T) {
	seed := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "seeds", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, c := range []struct {
		file    string
		want    string // the decoded text, if not ""
		err     error  // the error, if not nil
		errText string // and what its message must say
	}{
		{file: "gbk_000.txt", want: seed("000_3cbbde8086c57167.txt")},
		{file: "bom_001.txt", want: seed("001_833df4aa96c708b8.txt")},
		{file: "crlf_002.txt", want: strings.ReplaceAll(seed("002_32addf97c97a9482.txt"), "\n", "\r\n")},
		{file: "invalid_utf8.txt", err: ErrInvalidUTF8, errText: "line 31, byte 1575"},
		{file: "empty.txt", err: ErrEmpty},
		{file: "blank.txt", err: ErrEmpty},
		{file: "binary.txt", err: ErrBinary, errText: "NUL byte at line 3, byte 8"},
		{file: "no_related_003.txt", want: strings.Split(seed("003_1f546b5f08a503e4.txt"), relatedHeading)[0]},
	} {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "bad", c.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decode(data)
			if c.err != nil {
				if !errors.Is(err, c.err) || !strings.Contains(err.Error(), c.errText) {
					t.Fatalf("Decode = %v, want %v saying %q", err, c.err, c.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("Decode gave %d bytes that differ from the %d expected", len(got), len(c.want))
			}
		})
	}
}

// TestDecodeHTML: an HTML page saved as a file reads as the page it shows,
// and extracts like the text it was made from.
func TestDecodeHTML(t *testing.T) {
	data, err := os.ReadFile("testdata/bad/page_004.html")
	if err != nil {
		t.Fatal(err)
	}
	text, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "<") || strings.Contains(text, "不是内容") || strings.Contains(text, "margin") {
		t.Errorf("markup, script or style left in the text:\n%s", text[:min(len(text), 400)])
	}
	x := newTestExtractor(t)
	fromHTML, err := x.Extract("page_004.html", text)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := os.ReadFile("../seeds/004_6f07db3b5906b351.txt")
	fromText, err := x.Extract("004.txt", string(plain))
	if err != nil {
		t.Fatal(err)
	}
	if fromHTML.Doc.Title != fromText.Doc.Title || len(fromHTML.Doc.Items) != len(fromText.Doc.Items) {
		t.Errorf("HTML: title %q, %d items; text: title %q, %d items", fromHTML.Doc.Title, len(fromHTML.Doc.Items), fromText.Doc.Title, len(fromText.Doc.Items))
	}
	for _, kind := range []string{"Hospital", "Symptom", "City"} {
		a, b := names(fromHTML, kg.Kind(kind)), names(fromText, kg.Kind(kind))
		if len(a) != len(b) {
			t.Errorf("%s: %d from HTML, %d from text", kind, len(a), len(b))
		}
	}
}

// TestDecodeTooLarge: a 100 MB file is refused before it is read as text.
func TestDecodeTooLarge(t *testing.T) {
	data := bytes.Repeat([]byte("医保"), 100<<20/6)
	_, err := Decode(data)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "bytes") {
		t.Fatalf("Decode of %d bytes = %v, want %v", len(data), err, ErrTooLarge)
	}
}

// FuzzDecode feeds arbitrary bytes through the document reader and the
// extractor: no panic, and every span is inside the decoded text and
// equals its snippet.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/bad/*")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) < 1<<16 {
			f.Add(data)
		}
	}
	f.Add([]byte("\xef\xbb\xbf医保\r\n相关推荐\r\n"))
	f.Add([]byte("<html><body><p>苏州市立医院</p></body></html>"))
	x := newTestExtractor(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := Decode(data)
		if err != nil {
			return
		}
		ex, err := x.Extract("fuzz.txt", text)
		if err != nil {
			return
		}
		checkSpans(t, text, ex)
	})
}
