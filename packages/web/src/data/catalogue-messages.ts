/** The catalogue's display names (touchpoints and personas) and the calls that are not touchpoints. */
const en = {
  'cat.dn.title': 'Display names',
  'cat.dn.column': 'Display name (English · Chinese)',
  'cat.dn.edit': 'Edit',
  'cat.dn.editLabel': 'Edit the display names of {name}',
  'cat.dn.en': 'English',
  'cat.dn.zh': 'Chinese',
  'cat.dn.save': 'Save',
  'cat.dn.cancel': 'Cancel',
  'cat.dn.intro': 'The journey map and the funnels show these names in the language of the page; the stored name stays in the data, in exports and in the API. An empty field shows the stored name.',
  'cat.personas.title': 'Personas',
  'cat.personas.persona': 'Persona (trait value)',
  'cat.personas.people': 'People',
  'cat.personas.empty': 'No person has a persona trait yet.',
  'cat.notTouchpoints': 'Not touchpoints (they say who someone is, not a step of the journey): {calls}.',
  'cat.notTouchpoints.call': '{n} {type} calls',
};

const zhCN: typeof en = {
  'cat.dn.title': '显示名称',
  'cat.dn.column': '显示名称（英文 · 中文）',
  'cat.dn.edit': '编辑',
  'cat.dn.editLabel': '编辑 {name} 的显示名称',
  'cat.dn.en': '英文',
  'cat.dn.zh': '中文',
  'cat.dn.save': '保存',
  'cat.dn.cancel': '取消',
  'cat.dn.intro': '旅程地图和漏斗按页面语言显示这些名称；数据、导出和 API 中保留存储名称。留空则显示存储名称。',
  'cat.personas.title': '用户画像',
  'cat.personas.persona': '画像（特征值）',
  'cat.personas.people': '人数',
  'cat.personas.empty': '还没有人带有 persona 特征。',
  'cat.notTouchpoints': '不属于触点（它们说明某人是谁，而不是旅程中的一步）：{calls}。',
  'cat.notTouchpoints.call': '{n} 次 {type} 调用',
};

export const catalogueMessages = { en, zhCN };
