package loader

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// MaxDocumentSize is the largest file the loader reads. The pages are tens
// of kilobytes; a file of many megabytes is not one of them.
const MaxDocumentSize = 8 << 20

// ErrTooLarge is returned by Decode for a file over MaxDocumentSize.
var ErrTooLarge = errors.New("loader: document too large")

// Decode turns the bytes of a file into the text the loader reads:
//   - UTF-8 as it is, without a byte-order mark;
//   - UTF-16 with a byte-order mark, and GB18030 (and so GBK and GB2312,
//     common for Chinese pages), converted to UTF-8;
//   - an HTML page reduced to its text, a line per block.
//
// Errors name what is wrong and where: ErrTooLarge, ErrBinary, ErrEmpty, or
// ErrInvalidUTF8 with the line and byte of the first bad sequence when the
// bytes are neither UTF-8 nor Chinese in GB18030.
func Decode(data []byte) (string, error) {
	if len(data) > MaxDocumentSize {
		return "", fmt.Errorf("%w: %d bytes (the limit is %d)", ErrTooLarge, len(data), MaxDocumentSize)
	}
	text, err := decodeCharset(data)
	if err != nil {
		return "", err
	}
	if i := strings.IndexFunc(text, isBinaryRune); i >= 0 {
		return "", fmt.Errorf("%w: control character %U at line %d", ErrBinary, []rune(text[i:])[0], lineOf(text, i))
	}
	if isHTML(text) {
		text, err = htmlText(text)
		if err != nil {
			return "", err
		}
	}
	if strings.TrimSpace(text) == "" {
		return "", ErrEmpty
	}
	return text, nil
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

func decodeCharset(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		data = data[len(bomUTF8):]
	case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE):
		// The BOM override reads the byte order from the mark and drops it.
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
		b, err := dec.Bytes(data)
		if err != nil {
			return "", fmt.Errorf("%w: bad UTF-16: %v", ErrInvalidUTF8, err)
		}
		return string(b), nil
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", fmt.Errorf("%w: NUL byte at line %d, byte %d", ErrBinary, bytes.Count(data[:i], []byte("\n"))+1, i)
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	if mostlyUTF8(data) {
		// UTF-8 with a few broken bytes: decoding it as GB18030 would
		// turn it into other, wrong Chinese.
	} else if text, ok := decodeGB18030(data); ok {
		return text, nil
	}
	off := firstInvalid(data)
	return "", fmt.Errorf("%w (nor GB18030): bad byte 0x%02X at line %d, byte %d", ErrInvalidUTF8, data[off], bytes.Count(data[:off], []byte("\n"))+1, off)
}

// decodeGB18030 converts GB18030 text and reports whether the result reads
// as Chinese: no undecodable bytes, and most of its non-ASCII characters
// Han or CJK punctuation. (Any byte string decodes as something; Latin-1
// or random bytes do not come out as Chinese.)
func decodeGB18030(data []byte) (string, bool) {
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(b) {
		return "", false
	}
	text := string(b)
	var nonASCII, chinese int
	for _, r := range text {
		if r < utf8.RuneSelf {
			continue
		}
		nonASCII++
		if r == utf8.RuneError {
			return "", false
		}
		if unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF {
			chinese++
		}
	}
	return text, nonASCII > 0 && chinese*10 >= nonASCII*9
}

// mostlyUTF8 reports whether data holds more well-formed multi-byte UTF-8
// sequences than bad bytes. GB18030 text seldom forms UTF-8 sequences.
func mostlyUTF8(data []byte) bool {
	var good, bad int
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			bad++
		case n > 1:
			good++
		}
		i += n
	}
	return good > bad
}

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// isBinaryRune: control characters text files do not hold (tab, line feed,
// carriage return and form feed are text).
func isBinaryRune(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' || r == 0x7F
}

func lineOf(text string, byteOffset int) int {
	return strings.Count(text[:byteOffset], "\n") + 1
}

// isHTML reports whether text is an HTML page saved as a file.
func isHTML(text string) bool {
	head := strings.ToLower(strings.TrimSpace(text[:min(len(text), 512)]))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
		strings.HasPrefix(head, "<?xml") && strings.Contains(head, "<html")
}

// htmlText returns the text of an HTML page: its <title> (or first <h1>)
// as the first line, then the text of its body, a line per block element
// and per table row (cells joined by " | ");
// scripts, styles and the head's other content are left out.
func htmlText(page string) (string, error) {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return "", fmt.Errorf("read HTML: %w", err)
	}
	var title string
	var body strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe:
				return
			case atom.Title:
				if title == "" {
					title = strings.TrimSpace(textOf(n))
				}
				return
			}
		}
		if n.Type == html.TextNode {
			writeCollapsed(&body, n.Data)
		}
		block := n.Type == html.ElementNode && blockElements[n.DataAtom]
		// A definition list's term and a short description are one line,
		// as a label and what it says (发热、咳嗽、咳痰：呼吸内科); a term
		// over a paragraph stays its heading.
		term := n.Type == html.ElementNode && n.DataAtom == atom.Dt && shortDescription(nextElement(n))
		described := n.Type == html.ElementNode && n.DataAtom == atom.Dd && shortDescription(n) && prevElement(n) != nil && prevElement(n).DataAtom == atom.Dt
		if block && !described {
			body.WriteString("\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if term {
			body.WriteString("：")
		} else if block || n.Type == html.ElementNode && n.DataAtom == atom.Br {
			body.WriteString("\n")
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Td || n.DataAtom == atom.Th) && n.NextSibling != nil {
			body.WriteString(" | ") // a table row stays one line: its cells belong together
		}
	}
	walk(doc)
	var lines []string
	if title != "" {
		lines = append(lines, title)
	}
	for _, l := range strings.Split(body.String(), "\n") {
		if l = strings.TrimSpace(l); l != "" && !(len(lines) == 1 && l == title) {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n\n"), nil
}

// writeCollapsed writes a text node as a browser shows it: each run of
// white space is one space, kept at the node's edges too, so that
// elements written apart stay apart (<a>冠心病</a> <a>心绞痛</a> is two
// words, not 冠心病心绞痛). No space follows a space or a line break.
func writeCollapsed(b *strings.Builder, text string) {
	words := strings.Fields(text)
	if first, _ := utf8.DecodeRuneInString(text); len(words) == 0 || unicode.IsSpace(first) {
		space(b)
	}
	b.WriteString(strings.Join(words, " "))
	if last, _ := utf8.DecodeLastRuneInString(text); len(words) > 0 && unicode.IsSpace(last) {
		space(b)
	}
}

// space writes one space unless b is empty or ends in white space.
func space(b *strings.Builder) {
	s := b.String()
	if s != "" && s[len(s)-1] != ' ' && s[len(s)-1] != '\n' {
		b.WriteByte(' ')
	}
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// nextElement and prevElement return the element next to n among its
// siblings, or nil.
func nextElement(n *html.Node) *html.Node {
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

func prevElement(n *html.Node) *html.Node {
	for c := n.PrevSibling; c != nil; c = c.PrevSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// shortDescription reports whether n is a definition list's description
// short enough to be the answer to its term, not a paragraph under it.
func shortDescription(n *html.Node) bool {
	if n == nil || n.DataAtom != atom.Dd {
		return false
	}
	runes := 0
	var count func(*html.Node)
	count = func(c *html.Node) {
		if c.Type == html.TextNode {
			runes += utf8.RuneCountInString(strings.TrimSpace(c.Data))
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			count(k)
		}
	}
	count(n)
	return runes <= maxAnswerRunes
}

// maxAnswerRunes is the longest description read on its term's line.
const maxAnswerRunes = 40

var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Nav: true, atom.Table: true,
	atom.Tr: true, atom.Blockquote: true, atom.Pre: true,
	atom.Dd: true, atom.Dt: true, atom.Dl: true, atom.Main: true, atom.Aside: true, atom.Form: true,
	atom.Body: true,
}
