// The interface's words in Chinese (the default) and English.
export const texts = {
  zh: {
    skip: '跳到搜索', title: '医疗知识图谱浏览器', controls: '查询',
    searchLabel: '搜索（中文、别名或拼音）', searchPlaceholder: '如 苏州、皮肤紫癜、suzhou、pfzd',
    suggestions: '建议', searchKind: '只搜', allKinds: '全部类别',
    symptom: '症状', place: '城市或省份', none: '未选', clear: '清除',
    kindFilter: '显示的实体类别', pathView: '路径', pathFrom: '起点', pathTo: '终点',
    maxHops: '最多跳数', findPaths: '查找路径', pathHint: '在详情中把实体设为起点或终点。',
    exportPng: '导出 PNG', exportCsv: '导出关联 CSV', graph: '关系图', graphAria: '知识图谱关系图',
    graphHint: '单击节点看详情与依据，双击展开其邻域；键盘：方向键选节点，回车展开。', ranking: '推荐医院排名',
    details: '详情', detailsHint: '选择一个节点。', overview: '省份 → 城市 → 医院数',
    loading: '加载中…', noHits: '无匹配', noRanking: '没有找到推荐的医院。', chooseSymptom: '先选择一个症状。',
    rankedN: (n, s, p) => `${s}${p ? '（' + p + '）' : ''}：${n} 家推荐医院`,
    neighbourhoodOf: (s, n) => `${s} 的邻域：${n} 个节点`,
    pathsN: (n) => n ? `${n} 条路径` : '在跳数内没有路径', choosePathEnds: '先设定起点和终点。',
    documents: '文档', items: '条目', rank: '名次', aliases: '别名', kind: '类别',
    evidence: '依据', mentions: '提及', more: (n) => `另有 ${n} 处`,
    expand: '展开邻域', setFrom: '设为起点', setTo: '设为终点', useSymptom: '按此症状排名', usePlace: '按此地区筛选',
    relation: '关系', article: '正文', undated: '无日期', hospitals: '医院', cities: '城市',
    error: '出错了：', langButton: 'English', langAria: 'Switch to English',
    support: (d, i) => `${d} 篇文档，${i} 个条目`,
    placeChip: (n, k) => `${n}（${k}）`,
  },
  en: {
    skip: 'Skip to search', title: 'Medical knowledge graph explorer', controls: 'Query',
    searchLabel: 'Search (Chinese, aliases or pinyin)', searchPlaceholder: 'e.g. 苏州, 皮肤紫癜, suzhou, pfzd',
    suggestions: 'Suggestions', searchKind: 'Only', allKinds: 'all kinds',
    symptom: 'Symptom', place: 'City or province', none: 'none', clear: 'Clear',
    kindFilter: 'Entity kinds shown', pathView: 'Paths', pathFrom: 'From', pathTo: 'To',
    maxHops: 'Max hops', findPaths: 'Find paths', pathHint: 'Set the ends from an entity’s details.',
    exportPng: 'Export PNG', exportCsv: 'Export links CSV', graph: 'Graph', graphAria: 'Knowledge graph drawing',
    graphHint: 'Click a node for its details and evidence; double-click to expand its neighbourhood. Keyboard: arrows choose a node, Enter expands it.',
    ranking: 'Recommended hospitals, ranked',
    details: 'Details', detailsHint: 'Choose a node.', overview: 'Province → city → hospitals',
    loading: 'Loading…', noHits: 'No match', noRanking: 'No recommended hospital found.', chooseSymptom: 'Choose a symptom first.',
    rankedN: (n, s, p) => `${s}${p ? ' (' + p + ')' : ''}: ${n} recommended hospitals`,
    neighbourhoodOf: (s, n) => `Neighbourhood of ${s}: ${n} nodes`,
    pathsN: (n) => n ? `${n} paths` : 'No path within the hops', choosePathEnds: 'Set both ends first.',
    documents: 'documents', items: 'items', rank: 'Rank', aliases: 'Aliases', kind: 'Kind',
    evidence: 'Evidence', mentions: 'Mentions', more: (n) => `${n} more`,
    expand: 'Expand neighbourhood', setFrom: 'Path from here', setTo: 'Path to here', useSymptom: 'Rank for this symptom', usePlace: 'Filter by this place',
    relation: 'Relation', article: 'article', undated: 'undated', hospitals: 'hospitals', cities: 'cities',
    error: 'Error: ', langButton: '中文', langAria: '切换到中文',
    support: (d, i) => `${d} documents, ${i} items`,
    placeChip: (n, k) => `${n} (${k})`,
  },
};

export const kindNames = {
  zh: { PROVINCE: '省份', CITY: '城市', HOSPITAL: '医院', DEPARTMENT: '科室', SYMPTOM: '症状', INSURANCE_POLICY: '医保政策' },
  en: { PROVINCE: 'Province', CITY: 'City', HOSPITAL: 'Hospital', DEPARTMENT: 'Department', SYMPTOM: 'Symptom', INSURANCE_POLICY: 'Policy' },
};

export const relationNames = {
  zh: { LOCATED_IN: '位于', IN_PROVINCE: '属于省份', RECOMMENDED_FOR: '推荐就诊', HAS_DEPARTMENT: '设有科室', DEPARTMENT_FOR: '诊治', POLICY_APPLIES_IN: '适用于' },
  en: { LOCATED_IN: 'located in', IN_PROVINCE: 'in province', RECOMMENDED_FOR: 'recommended for', HAS_DEPARTMENT: 'has department', DEPARTMENT_FOR: 'treats', POLICY_APPLIES_IN: 'applies in' },
};
