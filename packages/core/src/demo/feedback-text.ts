import type { Rng } from './prng.js';

/** Free-text feedback bank, English and Simplified Chinese, by topic and polarity. */
export type FeedbackTopic = 'payment' | 'checkout' | 'delivery' | 'product' | 'store' | 'support' | 'app' | 'price';
export type Polarity = 'positive' | 'negative';
export type Language = 'en' | 'zh';

type Bank = Record<FeedbackTopic, Record<Polarity, readonly string[]>>;

export const EN: Bank = {
  payment: {
    positive: ['Paying with Apple Pay took two seconds.', 'Payment went through first time, no fuss.'],
    negative: [
      'The payment page kept failing on my phone.',
      'My card was declined three times at checkout but the bank says it is fine.',
      'The payment form froze after I entered my card details.',
      'I could not finish paying on mobile, the page just spun forever.',
    ],
  },
  checkout: {
    positive: ['Checkout was quick and simple.', 'Loved that I could check out as a guest.'],
    negative: ['Checkout asked for my address twice.', 'Shipping costs only appeared at the last step, which felt sneaky.'],
  },
  delivery: {
    positive: ['Delivery arrived a day early.', 'Package was well wrapped and on time.'],
    negative: ['My order arrived a week late.', 'The box was damaged and the tent poles were bent.', 'Tracking never updated after it shipped.'],
  },
  product: {
    positive: [
      'The rain jacket kept me completely dry on a wet hike.',
      'These boots were comfortable straight out of the box.',
      'Great quality for the price, the fleece is really warm.',
      'The tent went up in five minutes, very well designed.',
    ],
    negative: ['The size chart is off, the jacket runs small.', 'The zipper broke after two weeks.', 'The colour looks nothing like the photos.'],
  },
  store: {
    positive: [
      'The staff at the store really knew their gear and helped me find the right boots.',
      'Trying the backpacks on in store made the choice easy.',
      'Quick in-store pickup, my order was ready when I arrived.',
    ],
    negative: ['The store was out of my size and nobody could check other locations.', 'Long queue at the till with only one register open.'],
  },
  support: {
    positive: [
      'The agent sorted out my replacement in one call.',
      'Support was friendly and fixed the problem quickly.',
      'Refund was processed the same day, thank you.',
    ],
    negative: [
      'I waited on hold for forty minutes and my issue is still not fixed.',
      'Nobody answered my ticket after a week.',
      'Support kept transferring me and I had to explain the problem again each time.',
      'They promised a call back that never came.',
    ],
  },
  app: {
    positive: ['The app is fast and the saved cart is handy.', 'Easy to reorder my favourite socks in the app.'],
    negative: ['The app logged me out in the middle of shopping.', 'Search in the app never finds what I type.'],
  },
  price: {
    positive: ['The member discount made it a great deal.', 'Good prices during the sale.'],
    negative: ['Prices went up right after I added to cart.'],
  },
};

export const ZH: Bank = {
  payment: {
    positive: ['用支付宝付款很快，一次就成功了。', '付款流程很顺畅。'],
    negative: ['支付页面一直出错。', '在手机上付款总是失败，试了好几次都不行。', '输入银行卡信息后页面就卡住了。', '手机上无法完成支付，页面一直在转圈。'],
  },
  checkout: {
    positive: ['结账很方便，几步就完成了。', '可以不注册直接下单，很好。'],
    negative: ['结账时要求填写两次地址。', '运费到最后一步才显示，感觉被坑了。'],
  },
  delivery: {
    positive: ['提前一天就送到了。', '包装很好，准时到货。'],
    negative: ['订单晚了一个星期才到。', '箱子破了，帐篷杆也弯了。', '发货后物流信息一直没有更新。'],
  },
  product: {
    positive: ['冲锋衣防水效果很好，下雨徒步一点都没湿。', '登山鞋刚穿就很舒服。', '抓绒衣很暖和，性价比很高。', '帐篷五分钟就搭好了，设计很合理。'],
    negative: ['尺码表不准，外套偏小。', '拉链两个星期就坏了。', '颜色和图片差别很大。'],
  },
  store: {
    positive: ['门店店员很专业，帮我挑到了合适的登山鞋。', '在店里试背了背包，很容易做决定。', '到店自提很快，到了就能拿。'],
    negative: ['门店没有我的尺码，店员也查不了其他门店的库存。', '收银台只开了一个，排队很久。'],
  },
  support: {
    positive: ['客服一个电话就帮我换了货。', '客服态度很好，问题很快解决了。', '退款当天就到账了，谢谢。'],
    negative: ['电话等了四十分钟，问题还是没有解决。', '提交工单一个星期都没人回复。', '客服一直转接，每次都要重新解释问题。', '说好会回电话，结果一直没有打来。'],
  },
  app: {
    positive: ['App很流畅，购物车会自动保存。', '在App里回购很方便。'],
    negative: ['购物时App突然把我登出了。', 'App里的搜索总是找不到我要的东西。'],
  },
  price: {
    positive: ['会员折扣很划算。', '促销期间价格很实惠。'],
    negative: ['刚加入购物车价格就涨了。'],
  },
};

export const CLOSERS: Record<Language, Record<Polarity, readonly string[]>> = {
  en: {
    positive: ['Will shop again.', 'Highly recommend Northwind.', 'Thanks!', 'Five stars from me.'],
    negative: ['Very disappointed.', 'Please fix this.', 'I might shop elsewhere next time.', 'Not what I expect from Northwind.'],
  },
  zh: {
    positive: ['还会再来买。', '推荐给朋友了。', '谢谢！', '五星好评。'],
    negative: ['非常失望。', '希望尽快改进。', '下次可能会去别家买了。', '体验很差。'],
  },
};

/** All phrases of one language, for tests and docs. */
export function feedbackPhrases(lang: Language): string[] {
  const bank = lang === 'en' ? EN : ZH;
  const out: string[] = [];
  for (const t of Object.values(bank)) out.push(...t.positive, ...t.negative);
  return out;
}

/** A feedback text on a topic: one phrase, sometimes followed by a closer of the same polarity. */
export function feedbackText(rng: Rng, lang: Language, topic: FeedbackTopic, polarity: Polarity): string {
  const phrase = rng.pick((lang === 'en' ? EN : ZH)[topic][polarity]);
  if (!rng.chance(0.5)) return phrase;
  const closer = rng.pick(CLOSERS[lang][polarity]);
  return lang === 'en' ? `${phrase} ${closer}` : phrase + closer;
}
