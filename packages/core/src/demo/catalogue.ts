/** Northwind Outfitters' static world: products, stores, cities, names, campaigns. */

export interface Product {
  product_id: string;
  sku: string;
  name: string;
  category: string;
  price: number;
}

const RAW: readonly (readonly [string, string, number])[] = [
  ['jackets', 'Ridgeline Rain Jacket', 149],
  ['jackets', 'Summit Down Parka', 289],
  ['jackets', 'Trailhead Fleece', 79],
  ['jackets', 'Alpine Softshell', 169],
  ['footwear', 'Cascade Hiking Boot', 179],
  ['footwear', 'Trail Runner GTX', 139],
  ['footwear', 'Camp Slip-On', 59],
  ['footwear', 'Granite Approach Shoe', 129],
  ['tents', 'Basecamp 2P Tent', 329],
  ['tents', 'Ultralight 1P Tent', 389],
  ['tents', 'Family Dome 4P Tent', 449],
  ['backpacks', 'Daypack 22L', 89],
  ['backpacks', 'Expedition 65L Pack', 259],
  ['backpacks', 'Commuter Pack 28L', 99],
  ['base-layers', 'Merino Base Layer Top', 75],
  ['base-layers', 'Merino Leggings', 69],
  ['base-layers', 'Wool Hiking Socks 3-Pack', 32],
  ['sleeping', 'Three-Season Sleeping Bag', 199],
  ['sleeping', 'Insulated Sleeping Pad', 129],
  ['camp-kitchen', 'Titanium Camp Stove', 69],
  ['camp-kitchen', 'Insulated Bottle 1L', 35],
  ['camp-kitchen', 'Camp Cookset', 59],
  ['accessories', 'Carbon Trekking Poles', 119],
  ['accessories', 'Headlamp 400', 45],
  ['accessories', 'Polarized Sunglasses', 89],
  ['accessories', 'Merino Beanie', 29],
  ['clothing', 'Everyday Chino', 68],
  ['clothing', 'Flannel Shirt', 58],
  ['clothing', 'Organic Cotton Tee', 28],
  ['clothing', 'Canvas Work Jacket', 119],
  ['clothing', 'Sun Hoodie', 55],
  ['clothing', 'Hiking Shorts', 49],
];

const CODE: Record<string, string> = {
  jackets: 'JKT', footwear: 'FTW', tents: 'TNT', backpacks: 'BPK', 'base-layers': 'BSL',
  sleeping: 'SLP', 'camp-kitchen': 'KIT', accessories: 'ACC', clothing: 'CLO',
};

/** 32 products; ids p1001…, SKUs like NW-JKT-101. */
export const PRODUCTS: readonly Product[] = RAW.map(([category, name, price], i) => ({
  product_id: `p${1001 + i}`,
  sku: `NW-${CODE[category] ?? 'GEN'}-${String(101 + i)}`,
  name,
  category,
  price,
}));

export const CATEGORIES: readonly string[] = [...new Set(RAW.map((r) => r[0]))];

export const PRODUCTS_BY_CATEGORY: ReadonlyMap<string, readonly Product[]> = new Map(
  CATEGORIES.map((c) => [c, PRODUCTS.filter((p) => p.category === c)]),
);

/** Search terms per category; Chinese speakers search in Chinese half the time. */
export const SEARCH_TERMS: Record<string, readonly [string, string]> = {
  jackets: ['rain jacket', '冲锋衣'], footwear: ['hiking boots', '登山鞋'], tents: ['2 person tent', '帐篷'],
  backpacks: ['daypack', '双肩包'], 'base-layers': ['merino', '美利奴羊毛'], sleeping: ['sleeping bag', '睡袋'],
  'camp-kitchen': ['camp stove', '露营炉'], accessories: ['headlamp', '头灯'], clothing: ['flannel', '衬衫'],
};

export interface City {
  city: string;
  country: string;
  timezone: string;
  /** Fixed UTC offset in hours for the demo window (summer time). */
  offset: number;
  /** Store ids in or near the city. */
  stores: readonly string[];
}

export interface Store {
  store_id: string;
  store_name: string;
  city: string;
}

/** The 12 physical stores. */
export const STORES: readonly Store[] = [
  ['Seattle', 'Seattle Downtown'], ['Seattle', 'Bellevue Square'], ['Portland', 'Portland Pearl District'],
  ['San Francisco', 'San Francisco Union Square'], ['Los Angeles', 'Los Angeles Santa Monica'],
  ['Denver', 'Denver LoDo'], ['Salt Lake City', 'Salt Lake City Sugar House'], ['Minneapolis', 'Minneapolis North Loop'],
  ['Chicago', 'Chicago Lincoln Park'], ['Boston', 'Boston Back Bay'], ['New York', 'New York SoHo'],
  ['Burlington', 'Burlington Church Street'],
].map(([city, store_name], i) => ({ store_id: `store-${String(i + 1).padStart(2, '0')}`, store_name: store_name!, city: city! }));

const c = (city: string, country: string, timezone: string, offset: number): City => ({
  city, country, timezone, offset, stores: STORES.filter((s) => s.city === city).map((s) => s.store_id),
});

/** US cities with [city, weight]; the first twelve (Seattle has two stores) have stores. */
export const US_CITIES: readonly (readonly [City, number])[] = [
  [c('Seattle', 'US', 'America/Los_Angeles', -7), 10], [c('Portland', 'US', 'America/Los_Angeles', -7), 6],
  [c('San Francisco', 'US', 'America/Los_Angeles', -7), 8], [c('Los Angeles', 'US', 'America/Los_Angeles', -7), 9],
  [c('Denver', 'US', 'America/Denver', -6), 6], [c('Salt Lake City', 'US', 'America/Denver', -6), 4],
  [c('Minneapolis', 'US', 'America/Chicago', -5), 4], [c('Chicago', 'US', 'America/Chicago', -5), 7],
  [c('Boston', 'US', 'America/New_York', -4), 5], [c('New York', 'US', 'America/New_York', -4), 10],
  [c('Burlington', 'US', 'America/New_York', -4), 2], [c('Austin', 'US', 'America/Chicago', -5), 4],
  [c('Atlanta', 'US', 'America/New_York', -4), 4], [c('Phoenix', 'US', 'America/Phoenix', -7), 3],
  [c('Miami', 'US', 'America/New_York', -4), 3],
];

/** Where Simplified-Chinese speakers live: US store cities, or abroad (web and app only). */
export const ZH_US_CITIES: readonly (readonly [City, number])[] = US_CITIES.filter(([x]) =>
  ['Seattle', 'San Francisco', 'Los Angeles', 'New York', 'Boston'].includes(x.city),
);
export const ZH_ABROAD_CITIES: readonly (readonly [City, number])[] = [
  [c('Shanghai', 'CN', 'Asia/Shanghai', 8), 4], [c('Beijing', 'CN', 'Asia/Shanghai', 8), 3],
  [c('Shenzhen', 'CN', 'Asia/Shanghai', 8), 2], [c('Singapore', 'SG', 'Asia/Singapore', 8), 2],
];

export const EN_FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Carlos', 'Maria', 'Aisha', 'Kenji',
  'Priya', 'Noah', 'Emma', 'Liam', 'Olivia', 'Mateo', 'Sofia', 'Ethan'] as const;
export const EN_LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Nguyen', 'Patel',
  'Kim', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young'] as const;
/** [characters, pinyin] */
export const ZH_SURNAMES = [['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'],
  ['黄', 'huang'], ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun']] as const;
export const ZH_GIVEN = [['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['磊', 'lei'], ['洋', 'yang'],
  ['婷', 'ting'], ['勇', 'yong'], ['杰', 'jie'], ['欣怡', 'xinyi'], ['子涵', 'zihan'], ['浩然', 'haoran'], ['雨桐', 'yutong'],
  ['思远', 'siyuan'], ['佳琪', 'jiaqi']] as const;
export const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'] as const;

export interface Campaign {
  source: string;
  medium: string;
  name: string;
}

export const AD_CAMPAIGNS: readonly Campaign[] = Object.freeze([
  { source: 'google', medium: 'cpc', name: 'brand_search' },
  { source: 'google', medium: 'cpc', name: 'hiking_gear_search' },
  { source: 'bing', medium: 'cpc', name: 'camping_search' },
  { source: 'meta', medium: 'display', name: 'summer_trails_prospecting' },
  { source: 'google', medium: 'display', name: 'retargeting_viewed_products' },
  { source: 'tiktok', medium: 'display', name: 'trail_ready_video' },
].map((c) => Object.freeze(c)));
export const SOCIAL_EN = ['instagram', 'tiktok', 'youtube', 'pinterest'] as const;
export const SOCIAL_ZH = ['xiaohongshu', 'weibo', 'wechat'] as const;
export const SMS_CAMPAIGNS = ['flash_sale_sms', 'weekend_deal_sms', 'store_event_sms', 'new_arrivals_sms'] as const;
/** Newsletter theme by calendar month (0 = January). */
export const NEWSLETTER_THEMES = ['winter_layers', 'winter_sale', 'spring_preview', 'spring_trails', 'new_arrivals',
  'summer_camping', 'summer_sale', 'trail_guides', 'back_to_school', 'fall_layers', 'holiday_gift_guide', 'holiday_sale'] as const;
export const CLUBS = [
  ['club-cascade-hikers', 'Cascade Hiking Club'], ['club-rocky-mtn-scouts', 'Rocky Mountain Scouts'],
  ['club-bay-trail-runners', 'Bay Area Trail Runners'], ['club-nyc-climbing', 'NYC Climbing Collective'],
  ['club-great-lakes-paddlers', 'Great Lakes Paddlers'], ['club-green-mtn-school', 'Green Mountain Outdoor School'],
] as const;
