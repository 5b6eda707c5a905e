/** UI text of the Personas page (`personas.*`): k-means personas, one card per cluster. */
const en = {
  'personas.nav': 'Personas',
  'personas.title': 'Personas',
  'personas.intro': 'Customers grouped by behaviour (frequency, recency, value, channel and category mix, sentiment) with k-means; k is chosen by silhouette unless you give one.',
  'personas.k': 'Number of personas (k)',
  'personas.kAuto': 'auto (2–8)',
  'personas.run': 'Compute personas',
  'personas.summary': 'As of {day}, {people} people in {k} personas',
  'personas.clusters': 'Personas',
  'personas.size': '{size} people · {share}',
  'personas.traits': 'Distinguishing features (standard deviations from the mean)',
  'personas.byK': 'Silhouette per k tried',
  'personas.silhouette': 'Silhouette',
  'personas.empty': 'Not enough people to find personas.',
} as const;

const zhCN: Record<keyof typeof en, string> = {
  'personas.nav': '用户画像',
  'personas.title': '用户画像',
  'personas.intro': '按行为（频次、最近度、金额、渠道与品类构成、评价）用 k-means 给客户分组；未指定 k 时按轮廓系数选择。',
  'personas.k': '画像数量（k）',
  'personas.kAuto': '自动（2–8）',
  'personas.run': '计算画像',
  'personas.summary': '截至 {day}，{people} 人分为 {k} 个画像',
  'personas.clusters': '画像',
  'personas.size': '{size} 人 · {share}',
  'personas.traits': '区分特征（相对均值的标准差）',
  'personas.byK': '各 k 的轮廓系数',
  'personas.silhouette': '轮廓系数',
  'personas.empty': '人数不足，无法得出画像。',
};

export const personasMessages = { en, zhCN };
