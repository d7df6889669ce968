package kg_test

import (
	"strings"
	"testing"

	"github.com/medkg/medkg/graph/kg"
)

func TestSentenceAround(t *testing.T) {
	text := []rune("提示:本内容不能代替面诊。2025年苏州出现皮肤紫癜建议选择三甲医院，重点考虑苏州大学附属第一医院。下一句\n另一行")
	find := func(s string) (int, int) {
		r := []rune(s)
		for i := 0; i+len(r) <= len(text); i++ {
			if string(text[i:i+len(r)]) == s {
				return i, i + len(r)
			}
		}
		t.Fatalf("%s not in the text", s)
		return 0, 0
	}
	for snippet, want := range map[string]string{
		"苏州大学附属第一医院": "2025年苏州出现皮肤紫癜建议选择三甲医院，重点考虑苏州大学附属第一医院。",
		"提示":         "提示:本内容不能代替面诊。",
		"下一句":        "下一句",
		"另一行":        "另一行",
		"重点考虑苏州大学附属第一医院。": "2025年苏州出现皮肤紫癜建议选择三甲医院，重点考虑苏州大学附属第一医院。",
		"面诊。2025年苏州":      "提示:本内容不能代替面诊。2025年苏州出现皮肤紫癜建议选择三甲医院，重点考虑苏州大学附属第一医院。",
	} {
		a, b := find(snippet)
		if got := kg.SentenceAround(text, a, b); got != want {
			t.Errorf("%s: %q, want %q", snippet, got, want)
		}
	}
	long := []rune(strings.Repeat("长", 500))
	if got := []rune(kg.SentenceAround(long, 250, 252)); len(got) != 2+2*120 {
		t.Errorf("a sentence of 500 characters: %d around a span of 2, want at most 120 each side", len(got))
	}
}
