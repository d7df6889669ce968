package loader

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/medkg/medkg/graph/kg"
)

// Errors returned by Parse. They are wrapped with the file name.
var (
	ErrEmpty       = errors.New("loader: empty document")
	ErrInvalidUTF8 = errors.New("loader: text is not valid UTF-8")
	ErrBinary      = errors.New("loader: binary content")
)

// relatedHeading introduces the related items of a page.
const relatedHeading = "相关推荐"

// dateLine closes a related item: its site's or channel's name and its
// date ("健康新闻 2025-04-21", "健康资讯 2025-06-08"), or the date alone.
var dateLine = regexp.MustCompile(`^(?:\p{Han}{2,8}\s*)?(\d{4}-\d{2}-\d{2})\s*$`)

// itemTitle is a line that reads like a related item's title: short, no
// full stop, and ending as these titles do (…去哪家医院好, …挂什么科, …吗?,
// …报销比例2025). It ends an item that lacks its date line.
var itemTitle = regexp.MustCompile(`^[^。]{4,40}?(吗|好|科|排名|排行|有哪些|怎么办|怎么办理|怎么申请|怎么交|怎么报销|多少|多少钱|标准|比例|政策|流程|条件|材料|\d{4})\s*[?？]?$`)

// A segment is a stretch of a document's text that extraction reads as a
// unit: the article title, one article paragraph, an item title or an item
// summary. Offsets are in code points.
type segment struct {
	source kg.Source
	start  int
	end    int
	title  bool // an article or item title line
}

// parsed is a document split into its parts.
type parsed struct {
	doc      kg.Document
	runes    []rune
	offsets  []int32   // offsets[i] is the byte offset of runes[i] in doc.Text; one more at the end
	article  []segment // title first, then paragraphs
	items    [][]segment
	itemSpan []kg.Item
}

// line is one line of the text with its code-point span (without the line
// break).
type line struct {
	start, end int
	text       string
}

func (p *parsed) splitLines() []line {
	var lines []line
	start := 0
	for i, r := range p.runes {
		if r == '\n' {
			end := i
			if end > start && p.runes[end-1] == '\r' {
				end--
			}
			lines = append(lines, line{start, end, p.text(start, end)})
			start = i + 1
		}
	}
	if start < len(p.runes) {
		lines = append(lines, line{start, len(p.runes), p.text(start, len(p.runes))})
	}
	return lines
}

// isChrome reports whether a line is page furniture rather than content:
// navigation, the search box and the standard medical disclaimer.
func isChrome(s string) bool {
	t := strings.TrimSpace(s)
	switch {
	case t == "":
		return true
	case t == "大家都在搜", t == "首页 顶部", t == "首页", t == "顶部":
		return true
	case strings.HasPrefix(t, "提示:本内容不能代替面诊"), strings.HasPrefix(t, "提示：本内容不能代替面诊"):
		return true
	}
	return false
}

// Parse splits a document into its article (title = first line, body) and
// its related items (title, summary, date). The text is kept exactly; spans
// index into it in code points.
func Parse(file, text string) (*parsed, error) {
	if !utf8.ValidString(text) {
		return nil, ErrInvalidUTF8
	}
	if strings.ContainsRune(text, 0) {
		return nil, ErrBinary
	}
	if strings.TrimSpace(text) == "" {
		return nil, ErrEmpty
	}
	if len(text) > math.MaxInt32 { // offsets are int32
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(text))
	}
	p := &parsed{doc: kg.Document{File: file, Text: text}}
	p.runes = make([]rune, 0, utf8.RuneCountInString(text))
	p.offsets = make([]int32, 0, cap(p.runes)+1)
	for i, r := range text {
		p.runes = append(p.runes, r)
		p.offsets = append(p.offsets, int32(i))
	}
	p.offsets = append(p.offsets, int32(len(text)))
	runes := p.runes
	lines := p.splitLines()

	// The title is the first line with content.
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i].text) == "" {
		i++
	}
	title := trimSpan(runes, lines[i].start, lines[i].end)
	p.doc.Title = p.text(title.start, title.end)
	article := kg.Source{Item: -1}
	p.article = append(p.article, segment{source: article, start: title.start, end: title.end, title: true})
	i++

	articleLines := func(from, to int) {
		for k := from; k < to; k++ {
			if isChrome(lines[k].text) {
				continue
			}
			s := trimSpan(runes, lines[k].start, lines[k].end)
			p.article = append(p.article, segment{source: article, start: s.start, end: s.end})
		}
	}
	related := i
	for related < len(lines) && strings.TrimSpace(lines[related].text) != relatedHeading {
		related++
	}
	articleLines(i, related)
	i = related

	// Related items: title line, summary lines, then the date line.
	var cur []line
	flush := func(date string) {
		if len(cur) == 0 {
			return
		}
		idx := len(p.items)
		t := trimSpan(runes, cur[0].start, cur[0].end)
		src := kg.Source{Item: idx, ItemTitle: p.text(t.start, t.end), Date: date}
		segs := []segment{{source: src, start: t.start, end: t.end, title: true}}
		var summary []string
		for _, l := range cur[1:] {
			s := trimSpan(runes, l.start, l.end)
			segs = append(segs, segment{source: src, start: s.start, end: s.end})
			summary = append(summary, p.text(s.start, s.end))
		}
		p.items = append(p.items, segs)
		p.itemSpan = append(p.itemSpan, kg.Item{
			Index: idx, Title: src.ItemTitle, Summary: strings.Join(summary, "\n"), Date: date,
			Start: t.start, End: segs[len(segs)-1].end,
		})
		if date > p.doc.Date {
			p.doc.Date = date
		}
		cur = nil
	}
	for i++; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i].text)
		if m := dateLine.FindStringSubmatch(t); m != nil {
			flush(m[1])
			continue
		}
		if isChrome(lines[i].text) || t == "" {
			continue
		}
		if len(cur) >= 2 && itemTitle.MatchString(t) {
			// An item whose date line is missing: the next title ends it.
			flush("")
		}
		cur = append(cur, lines[i])
	}
	flush("")
	// A summary is a sentence or more of prose, not a footer's links.
	summarised := slices.ContainsFunc(p.itemSpan, func(it kg.Item) bool {
		return slices.ContainsFunc(strings.Split(it.Summary, "\n"), func(l string) bool {
			return utf8.RuneCountInString(l) > 40 && strings.ContainsAny(l, "，。")
		})
	})
	if p.doc.Date == "" && !summarised {
		// Not a list of related items (dated, each with its summary) but
		// a site's box of that name (相关推荐 / 【广告】…, a news site's
		// list of headlines): part of the article.
		p.items, p.itemSpan = nil, nil
		articleLines(related, len(lines))
	}
	p.doc.Items = p.itemSpan
	return p, nil
}

type span struct{ start, end int }

// trimSpan narrows [start, end) to exclude surrounding white space.
func trimSpan(runes []rune, start, end int) span {
	for start < end && unicode.IsSpace(runes[start]) {
		start++
	}
	for end > start && unicode.IsSpace(runes[end-1]) {
		end--
	}
	return span{start, end}
}

// The text is valid UTF-8 (Parse checks), so this is a substring of it, not
// a copy: snippets and lines are cut from the text many times a document.
func (p *parsed) text(start, end int) string { return p.doc.Text[p.offsets[start]:p.offsets[end]] }

func (p *parsed) String() string {
	return fmt.Sprintf("%s: %q, %d article segments, %d items", p.doc.File, p.doc.Title, len(p.article), len(p.items))
}
