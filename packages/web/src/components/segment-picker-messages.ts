/** UI text of the segment picker in the analysis pages' filter bars (`seg.*`), spread into the main catalogues. */
const en = {
  'seg.picker.label': 'Segment',
  'seg.picker.everyone': 'Everyone',
  'seg.picker.in': 'In “{name}”',
  'seg.picker.notIn': 'Not in “{name}”',
  'seg.picker.unavailable': 'Segments could not be loaded',
};
const zhCN: typeof en = {
  'seg.picker.label': '人群',
  'seg.picker.everyone': '所有人',
  'seg.picker.in': '属于“{name}”',
  'seg.picker.notIn': '不属于“{name}”',
  'seg.picker.unavailable': '无法加载人群',
};

export const segmentPickerMessages = { en, zhCN };
