// Package loadertest fills stores for tests the way kg serve does: the real
// extractor over the embedded seed documents.
package loadertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/seeds"
)

// LoadSeeds loads the five seed documents into store and fails the test
// unless all of them load.
func LoadSeeds(tb testing.TB, store loader.Store) loader.Summary {
	tb.Helper()
	gaz, err := gazetteer.Load()
	if err != nil {
		tb.Fatal(err)
	}
	x, err := loader.NewExtractor(gaz)
	if err != nil {
		tb.Fatal(err)
	}
	files, err := loader.Files(seeds.FS, ".")
	if err != nil {
		tb.Fatal(err)
	}
	sum, err := loader.New(x, nil).Load(context.Background(), seeds.FS, files, store, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if sum.Documents != len(files) || sum.Failed != 0 {
		tb.Fatalf("loaded %d of %d seed documents (%d failed)", sum.Documents-sum.Failed, len(files), sum.Failed)
	}
	return sum
}

// Names100k is a list of 100,000 hospital names (2.6 MB), ten to a line:
// a text made to be slow to extract (it once took time quadratic in the
// number of names).
func Names100k() string {
	var b strings.Builder
	b.WriteString("2025年江苏苏州医院大全\n")
	places := []string{"苏州", "南京", "无锡", "常州", "杭州", "宁波", "成都", "重庆", "武汉", "长沙"}
	kinds := []string{"第一人民医院", "中医医院", "妇幼保健院", "儿童医院", "第二人民医院", "肿瘤医院", "口腔医院"}
	for i := range 100_000 {
		b.WriteString(places[i%len(places)] + "市" + kinds[i%len(kinds)])
		if i%10 == 9 {
			b.WriteString("。\n")
		} else {
			b.WriteString("、")
		}
	}
	return b.String()
}

// Yiyuan8MB is 医院 repeated to the loader's size limit: every two
// characters a candidate hospital name.
func Yiyuan8MB() string {
	return strings.Repeat("医院", loader.MaxDocumentSize/len("医院")-1)
}

// DistinctNames is a list of n different hospital names, one a line
// (苏州第0医院 …): every pair of them is a pair the loader must not
// compare one by one.
func DistinctNames(n int) string {
	var b strings.Builder
	b.WriteString("医院名录\n\n")
	for i := range n {
		fmt.Fprintf(&b, "苏州第%d医院\n", i)
	}
	return b.String()
}
