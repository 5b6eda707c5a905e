/** UI text of the funnel drop-off list (`fn.dropoff.*`), spread into the main catalogues. */
const en = {
  'fn.dropoff.hint': 'Click a drop-off bar, or a step’s drop-off below, to list the people who dropped off there.',
  'fn.dropoff.button': 'Dropped off {count}',
  'fn.dropoff.buttonLabel': 'People who dropped off before step {n}, {name}: {count}',
  'fn.dropoff.title': 'Dropped off before step {n}: {name}',
  'fn.dropoff.summary': '{count} people reached step {prev} ({prevName}) but not step {n} ({name}) within the window.',
  'fn.dropoff.summaryAny': '{count} people did {prev} of the steps but not {n} within the window.',
  'fn.dropoff.allPeople': 'Everyone in the funnel (the breakdown does not filter this list).',
  'fn.dropoff.shown': 'Showing {shown} of {count}, sorted by person id. Each opens the person’s profile.',
  'fn.dropoff.more': 'Show {n} more',
  'fn.dropoff.close': 'Close the list',
  'fn.dropoff.none': 'Nobody dropped off at this step.',
  'fn.dropoff.list': 'People who dropped off before step {n}',
  'fn.breakdown.trait': 'Another person trait…',
  'fn.breakdown.property': 'A property of the step-1 event…',
  'fn.breakdown.name': 'Name',
  'fn.breakdown.apply': 'Apply',
  'fn.breakdown.traitName': 'trait “{name}”',
  'fn.breakdown.propertyName': 'property “{name}”',
};

const zhCN: Record<keyof typeof en, string> = {
  'fn.dropoff.hint': '点击流失柱形，或下方某一步的流失数，即可列出在该步流失的人。',
  'fn.dropoff.button': '流失 {count}',
  'fn.dropoff.buttonLabel': '在第 {n} 步（{name}）之前流失的人：{count}',
  'fn.dropoff.title': '在第 {n} 步之前流失：{name}',
  'fn.dropoff.summary': '{count} 人在窗口期内到达了第 {prev} 步（{prevName}），但没有到达第 {n} 步（{name}）。',
  'fn.dropoff.summaryAny': '{count} 人在窗口期内完成了其中 {prev} 步，但没有完成 {n} 步。',
  'fn.dropoff.allPeople': '漏斗中的所有人（细分不筛选此列表）。',
  'fn.dropoff.shown': '显示 {count} 人中的 {shown} 人，按用户 ID 排序。点击可打开其档案。',
  'fn.dropoff.more': '再显示 {n} 人',
  'fn.dropoff.close': '关闭列表',
  'fn.dropoff.none': '这一步没有人流失。',
  'fn.dropoff.list': '在第 {n} 步之前流失的人',
  'fn.breakdown.trait': '其他用户特征…',
  'fn.breakdown.property': '第 1 步事件的属性…',
  'fn.breakdown.name': '名称',
  'fn.breakdown.apply': '应用',
  'fn.breakdown.traitName': '特征“{name}”',
  'fn.breakdown.propertyName': '属性“{name}”',
};

export const funnelMessages = { en, zhCN };
