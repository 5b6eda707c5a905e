/**
 * English sentiment lexicon for short customer feedback (retail, delivery, payment, support, app).
 *
 * Weights are on the AFINN/VADER scale, −3 (very negative) .. +3 (very positive). Keys are lower case;
 * multi-word keys are matched greedily (longest first) over the token sequence, so "fell apart" wins
 * over "fell" and "couldn't be happier" wins over the negation of "happier".
 */

/** Sentiment-bearing words and phrases. */
export const EN_TERMS: Readonly<Record<string, number>> = {
  // --- general praise
  love: 3, loved: 3, loves: 3, loving: 2.5, lovely: 2.5, adore: 3, liked: 2, 'i like': 2, 'we like': 2,
  great: 3, excellent: 3, amazing: 3, awesome: 3, fantastic: 3, brilliant: 3, superb: 3, outstanding: 3,
  perfect: 3, perfectly: 2.5, wonderful: 3, incredible: 2.5, best: 3, fabulous: 3, terrific: 3, stellar: 3,
  flawless: 3, exceptional: 3, marvellous: 3, marvelous: 3, phenomenal: 3, spectacular: 2.5, splendid: 2.5,
  good: 2, nice: 2, nicely: 1.5, nicer: 1.5, better: 1.5, fine: 0.5, ok: 0.5, okay: 0.5, decent: 1.5,
  solid: 1.5, cool: 1, beautiful: 2.5, beautifully: 2.5, gorgeous: 2.5, stunning: 2.5,
  impressive: 2.5, impressed: 2.5, remarkable: 2, superior: 2, 'high quality': 2.5,
  'top notch': 3, 'top-notch': 3, 'top quality': 2.5, 'spot on': 2.5, 'first class': 2.5, 'first-class': 2.5,
  'above and beyond': 3, 'went the extra mile': 3, 'extra mile': 2.5, 'fit like a glove': 2.5,
  'no brainer': 2, "can't go wrong": 2, 'cannot go wrong': 2, 'well done': 2, 'a pleasure': 2.5,
  // --- feelings
  happy: 2.5, happier: 2.5, pleased: 2.5, glad: 2, satisfied: 2, delighted: 3, thrilled: 3, chuffed: 2.5,
  grateful: 2.5, thankful: 2.5, thanks: 2, thank: 2, 'thank you': 2, 'thank-you': 1.5, cheers: 1,
  appreciate: 2, appreciated: 2, enjoy: 2, enjoyed: 2, enjoyable: 2, pleasant: 2, pleasure: 2,
  favourite: 2, favorite: 2, recommend: 2, recommended: 2, recommending: 2, relieved: 1.5, reassured: 1.5,
  'peace of mind': 2, 'no complaints': 2, "can't complain": 1.5, 'cannot complain': 1.5,
  "couldn't be happier": 3, 'could not be happier': 3, "couldn't be better": 3, 'could not be better': 3,
  'would buy again': 2.5, 'buy again': 2, 'order again': 2, 'shop again': 2, 'come back': 1, 'five stars': 3,
  '5 stars': 3, 'five star': 3, '5 star': 3, 'worth every penny': 3, 'worth it': 2, worth: 1.5,
  // --- people and service
  friendly: 2, polite: 2, courteous: 2, kind: 2, helpful: 2, patient: 1.5, knowledgeable: 2,
  professional: 2, attentive: 2, efficient: 2, caring: 2, responsive: 2, respectful: 1.5, cheerful: 2,
  careful: 1.5, carefully: 1.5, calm: 1, understanding: 1.5, considerate: 2, welcoming: 2, genuine: 1.5,
  honest: 1.5, trustworthy: 2, reliable: 2, dependable: 2, helped: 2, supportive: 2, accommodating: 2,
  // --- resolution
  fixed: 1.5, fixing: 1, resolved: 2, solved: 2, sorted: 1.5, 'sorted out': 2, 'sorting this out': 2,
  handled: 0.5, 'kept me updated': 2, 'kept me informed': 2, 'kept me posted': 2, refunded: 1, replaced: 1, honoured: 1.5, honored: 1.5, 'no fuss': 2, 'no questions asked': 2,
  // --- products
  comfortable: 2, comfy: 2, cosy: 1.5, cozy: 1.5, warm: 1, soft: 1, sturdy: 2, durable: 2, durability: 1.5,
  robust: 1.5, waterproof: 1.5, lightweight: 1, breathable: 1, dry: 1, 'kept me dry': 2, fits: 0.5,
  'fits well': 2, 'fits perfectly': 2.5, 'well made': 2, 'well-made': 2, 'well designed': 2,
  'well-designed': 2, 'well packed': 2, 'well wrapped': 2, 'well packaged': 2, 'works well': 2,
  'washes well': 1.5, 'still going strong': 2.5, 'as described': 1.5, 'as advertised': 1.5, useful: 1.5,
  practical: 1.5, versatile: 1.5, secure: 1, clean: 1.5, tidy: 1.5, spotless: 2, accurate: 1.5, correct: 1,
  plenty: 1, survived: 1,
  // --- ease and speed
  easy: 2, easily: 1.5, easier: 1.5, simple: 1.5, straightforward: 1.5, effortless: 2.5, intuitive: 2,
  convenient: 2, handy: 1.5, smooth: 2, smoothly: 2, smoother: 2, seamless: 2.5, 'hassle-free': 2.5,
  'hassle free': 2.5, 'user friendly': 2, 'user-friendly': 2, fast: 2, quick: 2, quickly: 1.5, quicker: 2,
  faster: 2, speedy: 2, prompt: 2, promptly: 2, swift: 2, swiftly: 2, rapid: 1.5, instantly: 1.5,
  early: 1.5, 'on time': 1.5, punctual: 2, 'ahead of schedule': 2, 'same day': 1.5, 'next day': 1,
  'in minutes': 1.5, 'in seconds': 1.5, seconds: 1, 'first time': 0.5, 'went through': 1, ready: 1,
  // --- price
  'good value': 2.5, 'great value': 3, 'value for money': 2, bargain: 2, affordable: 1.5, reasonable: 1,
  fair: 1, discount: 0.5, 'great deal': 3, 'good deal': 2.5,

  // --- general complaints
  bad: -2.5, badly: -2, terrible: -3, awful: -3, horrible: -3, horrendous: -3, dreadful: -3, appalling: -3,
  atrocious: -3, worst: -3, poor: -2, poorly: -2, rubbish: -2.5, useless: -2.5, pathetic: -3, disgusting: -3,
  disgraceful: -3, shocking: -2.5, unacceptable: -3, ridiculous: -2.5, absurd: -2, joke: -1.5, nightmare: -3,
  disaster: -3, mess: -2, shambles: -2.5, lousy: -2.5, mediocre: -1.5, subpar: -2, 'sub-par': -2, inferior: -2,
  worse: -2, 'nothing special': -0.5, meh: -1, 'not great': -2, 'never again': -2.5, 'a waste': -2.5,
  waste: -2, 'waste of money': -3, 'waste of time': -2.5, unfortunately: -1.5, sadly: -1.5, 'one star': -3,
  '1 star': -3, 'zero stars': -3, 'all over the place': -1.5, 'nothing like': -1.5,
  'not what i expected': -2, 'not what i expect': -2, 'not as described': -2.5, 'not as advertised': -2.5,
  // --- feelings
  disappointed: -2.5, disappointing: -2.5, disappointment: -2.5, unhappy: -2.5, upset: -2, angry: -3,
  furious: -3, livid: -3, annoyed: -2, annoying: -2, irritated: -2, irritating: -2, frustrated: -2.5,
  frustrating: -2.5, frustration: -2, 'fed up': -2.5, sad: -2, unimpressed: -2, dissatisfied: -2.5,
  regret: -2, regretting: -2, confused: -1.5, confusing: -2, worried: -1.5, worrying: -1.5, concerned: -1,
  sceptical: -1, skeptical: -1, mad: -2, hate: -3, hated: -3, stressful: -2, stressed: -2, disgusted: -3,
  'drove me mad': -2.5, 'drives me mad': -2.5, 'let down': -2, 'let me down': -2.5,
  // --- people and service
  rude: -2.5, rudely: -2.5, unhelpful: -2.5, unfriendly: -2, impatient: -1.5, dismissive: -2, arrogant: -2.5,
  incompetent: -3, unprofessional: -2.5, careless: -2, lazy: -2, pushy: -1.5, ignored: -2, ignoring: -2,
  ignore: -1.5, blamed: -2, 'blamed me': -2.5, 'hung up': -2, 'hung up on me': -2.5, lied: -3, lies: -2.5,
  misled: -2, misleading: -2, condescending: -2.5, 'passed around': -2, transferred: -1, 'kept transferring': -2,
  'template replies': -1.5, 'generic reply': -1.5, 'no one cares': -2.5, 'no help': -2, refused: -2,
  complaint: -1.5, complain: -1.5, complaints: -1.5, chasing: -1.5, chase: -1,
  // --- speed and waiting
  slow: -2, slowly: -1.5, slower: -1.5, sluggish: -2, delayed: -2, delay: -1.5, delays: -1.5, late: -2,
  overdue: -2, forever: -1.5, waiting: -1, waited: -1, 'still waiting': -2, 'been waiting': -2,
  'on hold': -1.5, queue: -1, queues: -1, 'long queue': -1.5, 'long wait': -2, 'ages': -1, missed: -1.5,
  'took ages': -2, 'took forever': -2.5, 'spun forever': -2, 'timing out': -2, 'timed out': -2, 'times out': -2,
  // --- broken goods
  broken: -2.5, broke: -2, breaks: -2, damaged: -2.5, damage: -2, defective: -2.5, faulty: -2.5, cracked: -2,
  torn: -2, ripped: -2, snapped: -2, bent: -1.5, scratched: -1.5, scratchy: -1.5, dented: -1.5, stained: -2,
  dirty: -2, leak: -2, leaks: -2, leaked: -2, leaking: -2, leaky: -2, soaked: -2, drenched: -2, peeling: -2,
  peeled: -2, shrank: -2, shrunk: -2, faded: -1.5, 'fell apart': -3, 'falling apart': -3, flimsy: -2,
  cheaply: -2, 'feels cheap': -2, 'cheaply made': -2.5, thin: -1, tiny: -1, stiff: -1, uncomfortable: -2,
  itchy: -2, blisters: -2, blister: -2, sore: -1.5, died: -2, dead: -1.5, 'runs small': -1.5, 'runs large': -1.5,
  'too small': -1.5, 'too big': -1.5, 'is off': -1, 'wrong size': -2, smelly: -2, smells: -1.5,
  // --- app and payments
  crash: -2, crashes: -2, crashed: -2, crashing: -2, froze: -2, freezes: -2, freezing: -1.5, frozen: -1.5,
  glitch: -2, glitchy: -2, buggy: -2, bug: -1.5, bugs: -1.5, error: -2, errors: -2, failed: -2, fail: -2,
  fails: -2, failing: -2, failure: -2.5, 'payment failed': -3, declined: -2, 'card declined': -3,
  'was declined': -2.5, rejected: -2, rejecting: -2, 'logged me out': -1.5, 'logs me out': -1.5, lag: -1.5,
  laggy: -2, unresponsive: -2, stuck: -2, unusable: -3, 'kept failing': -2.5, 'keeps failing': -2.5,
  // --- money
  overcharged: -2.5, 'double charged': -2.5, 'charged twice': -2.5, 'billed twice': -2.5, expensive: -1.5,
  overpriced: -2.5, pricey: -1, 'rip off': -3, 'rip-off': -3, ripoff: -3, scam: -3, sneaky: -2,
  'hidden fees': -2, 'hidden costs': -2, 'higher than advertised': -2, 'charged me for': -1, 'prices went up': -1.5, 'price went up': -1.5, 'price dropped': -1,
  // --- order errors
  wrong: -2, missing: -2, lost: -2, incorrect: -2, mistake: -1.5, mistakes: -1.5, 'mix-up': -1.5,
  'mix up': -1.5, cancelled: -1.5, canceled: -1.5, 'out of stock': -2, 'out of my size': -1.5,
  'sold out': -1, twice: -1, 'never came': -2, 'please fix': -1.5, 'shop elsewhere': -2,
  'go elsewhere': -2, elsewhere: -1, avoid: -2.5, "don't buy": -2.5, 'do not buy': -2.5, 'stay away': -2.5, 'no explanation': -1.5, threw: -1.5, thrown: -1.5, dumped: -1.5,
  // --- effort
  problem: -1.5, problems: -1.5, issue: -1, issues: -1, trouble: -1.5, hassle: -2, fuss: -1.5,
  hard: -1, difficult: -1.5, complicated: -1.5, impossible: -2, 'a pain': -2, tedious: -2, cumbersome: -2,
  clunky: -2, awkward: -1.5, 'had to': -0.5,
};

/**
 * Expectation words: neutral on their own ("the parcel arrived"), negative when negated ("never
 * arrived", "didn't work", "nobody answered"). The number is the weight the negation flips
 * (contribution = −0.74 × weight).
 */
export const EN_EXPECTATIONS: Readonly<Record<string, number>> = {
  arrive: 2, arrived: 2, arrives: 2, arriving: 2, 'turn up': 2, 'turned up': 2, 'show up': 2, 'showed up': 2,
  come: 1.5, came: 1.5, comes: 1.5, work: 2, works: 2, worked: 2, working: 2, answer: 1.5, answered: 1.5,
  answering: 1.5, respond: 1.5, responded: 1.5, reply: 1.5, replied: 1.5, update: 1.5, updated: 1.5,
  updating: 1.5, call: 1, called: 1, 'call back': 1.5, 'called back': 1.5, 'get back': 1.5, 'got back': 1.5,
  receive: 2, received: 2, refund: 2, apply: 1.5, applied: 1.5, load: 2, loads: 2, loaded: 2, loading: 2,
  open: 1, opens: 1, find: 1, finds: 1, found: 1, fit: 1.5, happen: 1, happened: 1, help: 2, helps: 2,
  listen: 1.5, listened: 1.5, care: 2, cared: 2, explain: 1, explained: 1, tell: 1, told: 1, notify: 1.5,
  notified: 1.5, inform: 1.5, informed: 1.5, deliver: 2, delivered: 1.5, ship: 1.5, shipped: 1.5, send: 1,
  sent: 1, dispatched: 1.5, process: 1, processed: 1, accept: 1, accepted: 1, match: 1, matches: 1,
  last: 1, lasted: 1.5, finish: 1, complete: 1, contact: 1, contacted: 1,
};

/** Words that are both negative and negate what follows ("failed to arrive"). */
export const EN_NEGATING_TERMS: Readonly<Record<string, number>> = {
  'failed to': -1.5, 'unable to': -1.5, 'fails to': -1.5, 'lack of': -1, 'refused to': -2, 'refuses to': -2,
};

/** Negators. Any token ending in "n't" is a negator too. */
export const EN_NEGATORS: readonly string[] = [
  'not', 'no', 'never', 'without', 'hardly', 'barely', 'scarcely', 'nobody', 'nothing', 'none', 'nowhere',
  'neither', 'nor', 'no one', 'cannot', 'rarely', 'seldom', 'no longer',
];

/** Apostrophe-less contractions people type, mapped to negators. */
export const EN_BARE_CONTRACTIONS: readonly string[] = [
  'dont', 'didnt', 'doesnt', 'isnt', 'wasnt', 'arent', 'werent', 'cant', 'couldnt', 'wont', 'wouldnt',
  'shouldnt', 'havent', 'hasnt', 'hadnt', 'aint', 'mustnt',
];

/** Intensifiers (> 1) and dampeners (< 1): multipliers on the next term's weight. */
export const EN_INTENSIFIERS: Readonly<Record<string, number>> = {
  very: 1.3, really: 1.3, extremely: 1.5, so: 1.3, too: 1.3, super: 1.4, incredibly: 1.5, absolutely: 1.4,
  totally: 1.3, completely: 1.3, utterly: 1.5, truly: 1.3, highly: 1.3, hugely: 1.4, especially: 1.2,
  particularly: 1.2, exceptionally: 1.5, remarkably: 1.3, seriously: 1.3, terribly: 1.4, awfully: 1.4,
  painfully: 1.4, ridiculously: 1.4, insanely: 1.4, way: 1.3, much: 1.2, most: 1.2, quite: 1.1,
  definitely: 1.2, surprisingly: 1.2, genuinely: 1.2, pretty: 1.1, deeply: 1.3, thoroughly: 1.3, massively: 1.4, entirely: 1.3,
  fairly: 0.9, somewhat: 0.7, slightly: 0.6, 'a bit': 0.7, 'a little': 0.7, 'kind of': 0.8, 'sort of': 0.8,
  'a tad': 0.7, mildly: 0.7, marginally: 0.7, partly: 0.8, 'a little bit': 0.6,
};

/** Contrast words: what follows counts 1.5×, what precedes (in the same sentence) 0.5×. */
export const EN_CONTRAST: readonly string[] = ['but', 'however'];

/** Neutral phrases that hide the words inside them from the rules ("not only", "no doubt"). */
export const EN_NEUTRAL: readonly string[] = [
  'not only', 'not just', 'no doubt', 'without a doubt', 'at least', 'no matter', 'goods', 'pretty much',
  'but also', 'so far', 'so that', 'kind regards', 'best regards', 'all the best', 'no idea',
];
