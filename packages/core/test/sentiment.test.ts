import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLanguage, labelFor, scoreSentiment, type Language, type SentimentLabel } from '../src/index.js';
import { LABELLED_SAMPLE, type SampleSplit } from '../src/experience/sentiment/labelled-sample.js';
import { EMOJI_TERMS } from '../src/experience/sentiment/lexicon-emoji.js';
import * as EN from '../src/experience/sentiment/lexicon-en.js';
import * as ZH from '../src/experience/sentiment/lexicon-zh.js';
import { CLOSERS, EN as DEMO_EN, ZH as DEMO_ZH, feedbackPhrases } from '../src/demo/feedback-text.js';

const s = (text: string, language?: Language) => scoreSentiment(text, language);
const label = (text: string, language?: Language) => s(text, language).label;
const match = (text: string, term: string) => s(text).matched.find((m) => m.term === term);

// --- hand-checked cases -------------------------------------------------------------------------

test('English negation flips polarity (not, n\'t, no, never, nobody, without)', () => {
  assert.equal(label('The delivery was good.'), 'positive');
  assert.equal(label('The delivery was not good.'), 'negative');
  assert.equal(label("The delivery wasn't good."), 'negative');
  assert.equal(label('It isn\u2019t bad at all.'), 'positive'); // curly apostrophe
  assert.equal(label('No problems with my order.'), 'positive');
  assert.equal(label('Returned it without any hassle.'), 'positive');
  assert.equal(label("The promo code didn't work."), 'negative');
  assert.equal(label('My parcel never arrived.'), 'negative');
  assert.equal(label('My parcel arrived.'), 'neutral'); // expectation words are neutral unless negated
  assert.equal(label('Nobody answered my emails.'), 'negative');
  assert.equal(label('I dont recommend it.'), 'negative'); // contraction typed without apostrophe
  const m = match("The staff weren't helpful.", 'helpful');
  assert.ok(m && m.negated && m.weight < 0);
  // Negation reaches 3 units back, not across punctuation.
  assert.equal(match('not at all a good fit', 'good')?.negated, false);
  assert.equal(match('It is not, honestly, bad', 'bad')?.negated, false);
  // Idioms beat the negation rule.
  assert.equal(label("I couldn't be happier."), 'positive');
  assert.equal(label("Can't complain."), 'positive');
  assert.equal(label('Not only fast but also cheap to ship.'), 'positive');
});

test('English intensifiers raise and dampeners lower the magnitude', () => {
  const slow = s('slow').score, verySlow = s('very slow').score, extremelySlow = s('extremely slow').score, bitSlow = s('a bit slow').score;
  assert.ok(extremelySlow < verySlow && verySlow < slow && slow < bitSlow && bitSlow < 0, `${extremelySlow} ${verySlow} ${slow} ${bitSlow}`);
  assert.ok(s('really helpful').score > s('helpful').score);
  assert.equal(match('The app is really easy to use', 'easy')?.intensity, 1.3);
  assert.ok(match('slightly confusing', 'confusing')!.intensity < 1);
  // An intensifier between negator and term is ignored ("not very good" reads as "not good") …
  assert.equal(s('not very good').score, s('not good').score);
  // … one before the negator applies.
  assert.ok(s('really not good').score < s('not good').score);
});

test('English "but" clause: the later clause counts 1.5×, the earlier 0.5×', () => {
  assert.equal(label('Delivery was slow, but the support team was great.'), 'positive');
  assert.equal(label('The support team was great, but delivery was slow.'), 'negative');
  const r = s('The jacket is nice but the zip broke.');
  assert.equal(r.label, 'negative');
  assert.equal(r.matched.find((m) => m.term === 'nice')?.weight, 1); // 2 × 0.5
  assert.equal(r.matched.find((m) => m.term === 'broke')?.weight, -3); // −2 × 1.5
  // "however" too, and a sentence starting with "But" looks back at the previous sentence.
  assert.equal(label('Great boots. However, the laces snapped and were broken.'), 'negative');
  assert.equal(label('The parcel was late. But the staff were lovely and helpful.'), 'positive');
});

test('exclamation marks and ALL CAPS add emphasis, never flip the sign', () => {
  assert.ok(s('Great service!!').score > s('Great service').score);
  assert.ok(s('Awful service!!').score < s('Awful service').score);
  assert.equal(s('!!!').score, 0);
  assert.ok(s('the service was AWFUL').score < s('the service was awful').score);
  assert.equal(s('AWFUL').score, s('awful').score); // all-caps text has no caps differential
});

test('Chinese negation: 不满意 negative, 不错 positive, 没问题 not negative, 别买 negative', () => {
  const r = s('不满意');
  assert.equal(r.label, 'negative');
  assert.equal(r.language, 'zh');
  assert.deepEqual(r.matched.map((m) => [m.term, m.negated]), [['满意', true]]);
  assert.equal(label('不错'), 'positive');
  assert.equal(label('质量不错，物流也快。'), 'positive');
  assert.notEqual(label('没问题'), 'negative');
  assert.notEqual(label('用了一个月，没有任何问题。'), 'negative');
  assert.equal(label('千万别买'), 'negative');
  assert.equal(label('一点都不麻烦'), 'positive');
  assert.equal(label('不太好用'), 'negative');
  assert.equal(label('还没到账'), 'negative');
  assert.equal(label('到账了'), 'neutral');
  assert.equal(label('提交了工单，一直没有回复。'), 'negative');
  assert.equal(label('连个说法都没有。'), 'negative'); // clause-final 都没有
  assert.equal(label('一点问题都没有。'), 'positive');
});

test('Chinese intensifiers and dampeners (很, 非常, 太, 超, 有点, 稍微, post 死了/多了)', () => {
  assert.ok(s('非常满意').score > s('很满意').score && s('很满意').score > s('满意').score);
  assert.ok(s('很不满意').score < s('不满意').score);
  assert.ok(s('有点慢').score > s('慢').score && s('慢').score > s('好慢').score);
  assert.ok(s('慢死了').score < s('慢').score);
  assert.ok(s('稍微贵').score > s('贵').score && s('超贵').score < s('贵').score);
  assert.equal(match('流畅多了', '流畅')?.intensity, 1.3);
});

test('Chinese segmentation: longest match, neutral words shield shorter entries', () => {
  assert.equal(label('快递昨天到了。'), 'neutral'); // 快递 is not 快 (fast)
  assert.equal(label('我用银行卡付的款。'), 'neutral'); // 银行卡 is not 卡 (laggy)
  assert.equal(label('我爱人买的。'), 'neutral'); // 爱人 (spouse) is not 爱 (love)
  assert.equal(label('试了好几次都失败了。'), 'negative'); // 好几次 is not 好 (good)
  assert.equal(label('客服态度差'), 'negative');
  assert.equal(label('支付失败'), 'negative');
  assert.equal(label('太慢了'), 'negative');
  assert.equal(label('很好用'), 'positive');
  assert.equal(label('退款很快，满意。'), 'positive');
});

test('Chinese 但是/不过/可惜 clause weighting: the later clause wins', () => {
  assert.equal(label('虽然价格有点贵，但是质量很好。'), 'positive');
  assert.equal(label('质量挺好，不过物流太慢了。'), 'negative');
  assert.equal(label('样子好看，可惜穿了两次就开线坏了。'), 'negative');
  const r = s('包装不错，但是东西坏了。');
  assert.equal(r.matched.find((m) => m.term === '不错')?.weight, 1);
  assert.equal(r.matched.find((m) => m.term === '坏了')?.weight, -3.75);
});

test('empty text, whitespace, emoji and punctuation do not crash', () => {
  for (const text of ['', '   ', '\n\t', '!!!???', '。。。', '...', '🤷‍♀️', '👍🏽', '❤️', ':-)', '：）', '#@$%^&*', 'a', '12345', '\u200b', '🏳️‍🌈🏳️‍🌈', 'x'.repeat(10_000), '好'.repeat(10_000)]) {
    const r = scoreSentiment(text);
    assert.ok(r.score >= -1 && r.score <= 1 && Number.isFinite(r.score), text);
    assert.ok(['negative', 'neutral', 'positive'].includes(r.label));
  }
  assert.deepEqual(scoreSentiment(''), { score: 0, label: 'neutral', language: 'en', matched: [] });
  assert.equal(label('👍'), 'positive');
  assert.equal(label('😡😡'), 'negative');
  assert.equal(label('Thanks :)'), 'positive');
  assert.equal(label('谢谢😊'), 'positive');
  assert.equal(label('太慢了😡！！！'), 'negative');
});

test('score stays in −1..1 and labels use the ±0.05 thresholds', () => {
  assert.ok(s('great '.repeat(500)).score <= 1);
  assert.ok(s('terrible awful horrible '.repeat(500)).score >= -1);
  assert.equal(labelFor(0.05), 'positive');
  assert.equal(labelFor(0.0499), 'neutral');
  assert.equal(labelFor(-0.0499), 'neutral');
  assert.equal(labelFor(-0.05), 'negative');
  // score = raw / sqrt(raw² + 15): "good" has raw 2.
  assert.equal(s('good').score, Math.round((2 / Math.sqrt(4 + 15)) * 1e4) / 1e4);
});

test('language detection: Han characters → zh, unless Latin words outnumber them', () => {
  assert.equal(detectLanguage('The boots are great'), 'en');
  assert.equal(detectLanguage('登山鞋很好'), 'zh');
  assert.equal(detectLanguage('App很好用'), 'zh');
  assert.equal(detectLanguage('The 北京 store was great'), 'en');
  assert.equal(detectLanguage(''), 'en');
  assert.equal(s('很好').language, 'zh');
  assert.equal(s('很好', 'en').language, 'en'); // an explicit language wins
  assert.equal(label('App很好用，bug也修好了'), 'positive');
});

test('lexicons: sizes, weight range, keys in one table only', () => {
  const enTerms = Object.keys(EN.EN_TERMS).length + Object.keys(EN.EN_EXPECTATIONS).length + Object.keys(EN.EN_NEGATING_TERMS).length;
  const zhTerms = Object.keys(ZH.ZH_TERMS).length + Object.keys(ZH.ZH_EXPECTATIONS).length + Object.keys(ZH.ZH_NEGATING_TERMS).length;
  assert.ok(enTerms >= 300, `EN ${enTerms}`);
  assert.ok(zhTerms >= 200, `ZH ${zhTerms}`);
  for (const table of [EN.EN_TERMS, EN.EN_NEGATING_TERMS, ZH.ZH_TERMS, ZH.ZH_NEGATING_TERMS, EMOJI_TERMS]) {
    for (const [k, w] of Object.entries(table)) assert.ok(w >= -3 && w <= 3 && w !== 0, `${k} ${w}`);
  }
  for (const table of [EN.EN_EXPECTATIONS, ZH.ZH_EXPECTATIONS]) for (const [k, w] of Object.entries(table)) assert.ok(w > 0 && w <= 3, k);
  const check = (tables: Record<string, readonly string[]>) => {
    const seen = new Map<string, string>();
    for (const [name, keys] of Object.entries(tables)) {
      for (const k of keys) {
        assert.ok(!seen.has(k), `"${k}" is in ${seen.get(k)} and ${name}`);
        seen.set(k, name);
      }
    }
  };
  check({
    terms: Object.keys(EN.EN_TERMS), expectations: Object.keys(EN.EN_EXPECTATIONS), negatingTerms: Object.keys(EN.EN_NEGATING_TERMS),
    negators: [...EN.EN_NEGATORS, ...EN.EN_BARE_CONTRACTIONS], intensifiers: Object.keys(EN.EN_INTENSIFIERS), contrast: EN.EN_CONTRAST,
    neutral: EN.EN_NEUTRAL, emoji: Object.keys(EMOJI_TERMS),
  });
  check({
    terms: Object.keys(ZH.ZH_TERMS), expectations: Object.keys(ZH.ZH_EXPECTATIONS), negatingTerms: Object.keys(ZH.ZH_NEGATING_TERMS),
    negators: ZH.ZH_NEGATORS, intensifiers: Object.keys(ZH.ZH_INTENSIFIERS), post: Object.keys(ZH.ZH_POST_INTENSIFIERS),
    contrast: ZH.ZH_CONTRAST, fillers: ZH.ZH_FILLERS, neutral: ZH.ZH_NEUTRAL, emoji: Object.keys(EMOJI_TERMS),
  });
  for (const k of [...Object.keys(EN.EN_TERMS), ...Object.keys(EN.EN_EXPECTATIONS), ...EN.EN_NEUTRAL]) assert.equal(k, k.toLowerCase());
});

// --- demo data ----------------------------------------------------------------------------------

test('every demo feedback phrase and closer gets its polarity', () => {
  const wrong: string[] = [];
  let n = 0;
  for (const [lang, bank] of [['en', DEMO_EN], ['zh', DEMO_ZH]] as const) {
    for (const topic of Object.values(bank)) {
      for (const polarity of ['positive', 'negative'] as const) {
        for (const phrase of topic[polarity]) {
          const texts = [phrase, ...CLOSERS[lang][polarity].map((c) => (lang === 'en' ? `${phrase} ${c}` : phrase + c))];
          for (const text of texts) {
            n++;
            const r = scoreSentiment(text);
            if (r.language !== lang || r.label !== polarity) wrong.push(`${polarity} → ${r.label} (${r.score}): ${text}`);
          }
        }
      }
    }
    for (const polarity of ['positive', 'negative'] as const) {
      for (const closer of CLOSERS[lang][polarity]) {
        n++;
        if (label(closer, lang) !== polarity) wrong.push(`closer ${polarity}: ${closer}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
  assert.ok(n > 400, `${n} texts`);
  assert.equal(feedbackPhrases('en').length + feedbackPhrases('zh').length, [DEMO_EN, DEMO_ZH].flatMap((b) => Object.values(b).flatMap((t) => [...t.positive, ...t.negative])).length);
});

// --- labelled sample ----------------------------------------------------------------------------

const LABELS: readonly SentimentLabel[] = ['positive', 'neutral', 'negative'];

/**
 * Accuracy floors, set a little under what was measured (see docs/sentiment.md):
 * tune EN 106/108, ZH 108/108; holdout EN 54/54, ZH 51/54; fresh EN 41/50, ZH 41/50.
 * `fresh` was written after the lexicon was frozen and is the realistic figure.
 */
const FLOORS: Record<Language, Record<SampleSplit, number>> = {
  en: { tune: 0.95, holdout: 0.9, fresh: 0.8 },
  zh: { tune: 0.95, holdout: 0.9, fresh: 0.8 },
};

function evaluate(language: Language, split: SampleSplit) {
  const rows = LABELLED_SAMPLE.filter((r) => r.language === language && r.split === split);
  const matrix = Object.fromEntries(LABELS.map((t) => [t, Object.fromEntries(LABELS.map((p) => [p, 0]))])) as Record<SentimentLabel, Record<SentimentLabel, number>>;
  const errors: string[] = [];
  let correct = 0;
  for (const r of rows) {
    const got = scoreSentiment(r.text).label;
    matrix[r.label][got]++;
    if (got === r.label) correct++;
    else errors.push(`  want ${r.label}, got ${got}: ${r.text}`);
  }
  return { n: rows.length, correct, accuracy: correct / rows.length, matrix, errors };
}

function printMatrix(title: string, e: ReturnType<typeof evaluate>): void {
  const lines = [
    `${title}: accuracy ${e.correct}/${e.n} = ${e.accuracy.toFixed(3)}`,
    '  human label (rows) × scorer label (columns)',
    `  ${''.padEnd(16)} ${LABELS.map((l) => l.padStart(9)).join('')}`,
    ...LABELS.map((t) => `  ${t.padEnd(16)} ${LABELS.map((p) => String(e.matrix[t][p]).padStart(9)).join('')}`),
    ...e.errors,
  ];
  console.log(lines.join('\n'));
}

test('labelled sample: ≥150 sentences per language, ~1/3 held out, a fresh part, no demo phrases, no duplicates', () => {
  const demo = new Set([...feedbackPhrases('en'), ...feedbackPhrases('zh')]);
  const texts = new Set<string>();
  for (const language of ['en', 'zh'] as const) {
    const rows = LABELLED_SAMPLE.filter((r) => r.language === language);
    const tuneAndHoldout = rows.filter((r) => r.split !== 'fresh');
    assert.ok(tuneAndHoldout.length >= 150, `${language}: ${tuneAndHoldout.length}`);
    const held = tuneAndHoldout.filter((r) => r.split === 'holdout').length / tuneAndHoldout.length;
    assert.ok(held > 0.3 && held < 0.37, `${language} holdout share ${held}`);
    assert.ok(rows.filter((r) => r.split === 'fresh').length >= 50);
    for (const label of LABELS) assert.ok(rows.filter((r) => r.label === label).length >= 25, `${language} ${label}`);
    for (const r of rows) {
      assert.equal(detectLanguage(r.text), language, r.text);
      assert.ok(!demo.has(r.text), `demo phrase in sample: ${r.text}`);
      assert.ok(!texts.has(r.text), `duplicate: ${r.text}`);
      texts.add(r.text);
    }
  }
});

for (const language of ['en', 'zh'] as const) {
  for (const split of ['tune', 'holdout', 'fresh'] as const) {
    test(`labelled sample accuracy, ${language} ${split} ≥ ${FLOORS[language][split]}`, () => {
      const e = evaluate(language, split);
      printMatrix(`sentiment ${language} ${split}`, e);
      assert.ok(e.accuracy >= FLOORS[language][split], `${language} ${split}: ${e.accuracy.toFixed(3)}\n${e.errors.join('\n')}`);
    });
  }
}
