import { AD_CAMPAIGNS, CATEGORIES, SEARCH_TERMS, SOCIAL_EN, SOCIAL_ZH, type Campaign, type Product } from './catalogue.js';
import { DAY, pickProduct, step, type J } from './context.js';
import type { Device } from './people.js';
import type { Awareness } from './personas.js';

/** Browsing sessions (web pages, app screens) and the awareness touches that lead to them. */
export interface Landing {
  campaign?: Campaign;
  referrer?: string;
  product?: Product;
}

export interface Browse {
  t: number;
  viewed: Product[];
  category: string;
}

/** Web path of a product page. */
export const productPath = (pr: Product): string => `/products/${pr.sku.toLowerCase()}`;

/** Segment e-commerce product properties. */
export const productProps = (pr: Product): Record<string, unknown> => ({
  product_id: pr.product_id, sku: pr.sku, category: pr.category, name: pr.name, brand: 'Northwind', price: pr.price, currency: 'USD',
});

/** Show the consent banner (web) or prompt (app) on a device's first session. */
export function banner(j: J, t: number, d: Device): void {
  if (d.bannerShown) return;
  d.bannerShown = true;
  j.w.track(t, d, 'Consent Updated', { source: d.kind === 'app' ? 'app_prompt' : 'cookie_banner' });
}

/** A page (web) or screen (app) view. */
export function view(j: J, t: number, d: Device, name: string, path: string, props: Record<string, unknown>, landing?: Landing): void {
  if (d.kind === 'app') j.w.screen(t, d, name, props, landing?.campaign ? { campaign: landing.campaign } : undefined);
  else j.w.page(t, d, name, path, landing?.referrer, landing?.campaign ? { campaign: landing.campaign } : undefined);
}

/** One browsing session: landing, maybe a search, a category list, `views` product views. */
export function browse(j: J, d: Device, t: number, views: number, category: string, landing?: Landing, search = false): Browse {
  const rng = j.rng;
  banner(j, t, d);
  const viewed: Product[] = [];
  let first = true;
  const land = () => {
    const l = first ? landing : undefined;
    first = false;
    return l;
  };
  if (landing?.product) {
    const pr = landing.product;
    view(j, t, d, 'Product', productPath(pr), { product_id: pr.product_id, sku: pr.sku }, land());
    t += step(j, 2, 10);
    j.w.track(t, d, 'Product Viewed', productProps(pr));
    viewed.push(pr);
    views--;
    category = pr.category;
  } else {
    view(j, t, d, 'Home', '/', {}, land());
  }
  if (search) {
    t += step(j);
    const [en, zh] = SEARCH_TERMS[category] ?? ['outdoor', '户外'];
    j.w.track(t, d, 'Products Searched', { query: j.p.lang === 'zh' && rng.chance(0.5) ? zh : en });
  }
  if (views > 0 && rng.chance(0.6)) {
    t += step(j);
    view(j, t, d, 'Product List', `/category/${category}`, { category });
  }
  for (let i = 0; i < views; i++) {
    const pr = pickProduct(j, category);
    t += step(j, 15, 150);
    view(j, t, d, 'Product', productPath(pr), { product_id: pr.product_id, sku: pr.sku });
    t += step(j, 2, 10);
    j.w.track(t, d, 'Product Viewed', productProps(pr));
    viewed.push(pr);
  }
  return { t, viewed, category };
}

/** A category of interest for an episode. */
export const pickCategory = (j: J): string => j.rng.pick(CATEGORIES);

/** Awareness touches before a visit; returns when the visit starts and how it lands. */
export function awareness(j: J, kind: Awareness, t: number, d: Device, category: string): { t: number; landing: Landing } {
  const rng = j.rng;
  if (kind === 'ad') {
    const campaign = rng.pick(AD_CAMPAIGNS);
    const ad = { ad_id: `ad-${campaign.name}-${rng.int(1, 6)}`, campaign_id: campaign.name, network: campaign.source };
    const impressions = rng.int(1, 4);
    for (let i = 0; i < impressions; i++) {
      j.w.track(t, d, 'Ad Impression', { ...ad, placement: campaign.medium === 'cpc' ? 'search' : 'feed' }, { channel: 'ads', campaign });
      t += i < impressions - 1 ? rng.exp(1.5 * DAY) : rng.int(5, 120) * 1000;
    }
    const clicked = rng.chance(0.7);
    if (clicked) {
      j.w.track(t, d, 'Ad Clicked', ad, { channel: 'ads', campaign });
      t += step(j, 1, 5);
      return { t, landing: { campaign, referrer: `https://www.${campaign.source}.com/`, product: pickProduct(j, category) } };
    }
    return { t: t + rng.exp(DAY), landing: { referrer: 'https://www.google.com/' } };
  }
  if (kind === 'social') {
    const platform = rng.pick(j.p.lang === 'zh' ? SOCIAL_ZH : SOCIAL_EN);
    const campaign: Campaign = { source: platform, medium: 'social', name: rng.pick(['summer_trails', 'gear_guide', 'community_stories']) };
    const posts = rng.int(1, 3);
    for (let i = 0; i < posts; i++) {
      j.w.track(t, d, 'Social Post Viewed', { platform, post_id: `post-${platform}-${rng.int(100, 140)}` }, { channel: 'social', campaign });
      t += i < posts - 1 ? rng.exp(2 * DAY) : rng.int(10, 300) * 1000;
    }
    return { t, landing: { campaign, referrer: `https://www.${platform}.com/` } };
  }
  if (kind === 'organic') return { t, landing: { referrer: 'https://www.google.com/' } };
  return { t, landing: {} };
}

/** A short session from an email or SMS link: lands on a product, looks at one or two more. */
export function linkSession(j: J, d: Device, t: number, campaign: Campaign): Browse {
  return browse(j, d, t, j.rng.int(1, 2), pickCategory(j), { campaign, product: pickProduct(j, undefined) });
}
