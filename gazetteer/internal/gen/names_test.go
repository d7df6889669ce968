package main

import (
	"slices"
	"testing"
)

func TestNames(t *testing.T) {
	tests := []struct {
		level, code, full string
		name              string
		shorts            []string
	}{
		{"province", "32", "江苏省", "江苏", nil},
		{"province", "11", "北京市", "北京", nil},
		{"province", "15", "内蒙古自治区", "内蒙古", nil},
		{"province", "45", "广西壮族自治区", "广西", nil},
		{"province", "54", "西藏自治区", "西藏", nil},
		{"province", "64", "宁夏回族自治区", "宁夏", nil},
		{"province", "65", "新疆维吾尔自治区", "新疆", nil},
		{"province", "81", "香港特别行政区", "香港", []string{"香港特区"}},
		{"prefecture", "3205", "苏州市", "苏州", nil},
		{"prefecture", "5425", "阿里地区", "阿里", nil},
		{"prefecture", "1522", "兴安盟", "兴安盟", nil},
		{"prefecture", "6540", "伊犁哈萨克自治州", "伊犁", []string{"伊犁州"}},
		{"prefecture", "6326", "果洛藏族自治州", "果洛", []string{"果洛州"}},
		{"prefecture", "4228", "恩施土家族苗族自治州", "恩施", []string{"恩施州"}},
		{"prefecture", "6328", "海西蒙古族藏族自治州", "海西", []string{"海西州"}},
		{"prefecture", "6530", "克孜勒苏柯尔克孜自治州", "克孜勒苏", []string{"克孜勒苏州"}},
		{"prefecture", "7110", "新竹县", "新竹县", []string{"新竹"}},
		{"county", "320830", "盱眙县", "盱眙县", []string{"盱眙"}},
		{"county", "320412", "武进区", "武进区", []string{"武进"}},
		{"county", "654002", "伊宁市", "伊宁", nil},
		{"county", "533103", "芒市", "芒市", nil},
		{"county", "130131", "赵县", "赵县", nil},
		{"county", "131028", "大厂回族自治县", "大厂回族自治县", []string{"大厂", "大厂县"}},
		{"county", "450328", "龙胜各族自治县", "龙胜各族自治县", []string{"龙胜", "龙胜县"}},
		{"county", "622927", "积石山保安族东乡族撒拉族自治县", "积石山保安族东乡族撒拉族自治县", []string{"积石山", "积石山县"}},
		{"county", "622926", "东乡族自治县", "东乡族自治县", []string{"东乡县"}},
		{"county", "150723", "鄂伦春自治旗", "鄂伦春自治旗", []string{"鄂伦春旗"}},
		{"county", "150722", "莫力达瓦达斡尔族自治旗", "莫力达瓦达斡尔族自治旗", []string{"莫力达瓦", "莫力达瓦旗"}},
		{"county", "429021", "神农架林区", "神农架林区", []string{"神农架"}},
		{"county", "610103", "碑林区", "碑林区", []string{"碑林"}},
		{"county", "140109", "万柏林区", "万柏林区", []string{"万柏林"}},
		{"county", "310115", "浦东新区", "浦东新区", []string{"浦东"}},
		{"county", "441803", "清新区", "清新区", []string{"清新"}},
		{"county", "520203", "六枝特区", "六枝特区", []string{"六枝"}},
		{"county", "150624", "鄂托克旗", "鄂托克旗", []string{"鄂托克"}},
		{"county", "140302", "城区", "城区", nil},
	}
	for _, tc := range tests {
		t.Run(tc.full, func(t *testing.T) {
			name, shorts := names(tc.level, tc.code, tc.full)
			if name != tc.name || !slices.Equal(shorts, tc.shorts) {
				t.Errorf("names(%s, %s) = %q, %q; want %q, %q", tc.level, tc.full, name, shorts, tc.name, tc.shorts)
			}
		})
	}
}

func TestDropEthnic(t *testing.T) {
	tests := []struct{ stem, want string }{
		{"伊犁哈萨克", "伊犁"},
		{"恩施土家族苗族", "恩施"},
		{"双江拉祜族佤族布朗族傣族", "双江"},
		{"三都水族", "三都"},
		{"互助土族", "互助"},
		{"察布查尔锡伯", "察布查尔"},
		{"内蒙古", "内蒙古"}, // would leave one character
		{"西藏", "西藏"},   // 藏 alone is not stripped
		{"东乡族", "东乡族"},
		{"前郭尔罗斯蒙古族", "前郭尔罗斯"},
	}
	for _, tc := range tests {
		if got := dropEthnic(tc.stem); got != tc.want {
			t.Errorf("dropEthnic(%q) = %q, want %q", tc.stem, got, tc.want)
		}
	}
}

func TestEthnicGroupsAre56(t *testing.T) {
	groups := ethnicGroups()
	if len(groups) != 56 {
		t.Errorf("%d ethnic groups, want 56", len(groups))
	}
	slices.Sort(groups)
	if len(slices.Compact(groups)) != 56 {
		t.Error("ethnic groups repeat")
	}
}
