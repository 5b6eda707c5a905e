import type { Campaign } from './catalogue.js';
import { consentAt, consentContext, type ConsentPrefs, type Device, type Person } from './people.js';

/** Builds one person's raw Segment messages as client SDKs and server sources would send them. */
export interface Pending {
  ts: number;
  msg: Record<string, unknown>;
}

export interface PageInfo {
  path: string;
  url: string;
  title: string;
  referrer?: string;
}

export interface Extra {
  /** context.channel override (e.g. a geofenced 'store' visit from the app). */
  channel?: string;
  campaign?: Campaign;
}

export type ServerChannel = 'email' | 'sms' | 'store' | 'support' | 'ads' | 'social';

const SERVER_LIB = Object.freeze({ name: 'analytics-node', version: '2.1.2' });
const SITE = 'https://www.northwind-outfitters.example';

export class JourneyWriter {
  readonly out: Pending[] = [];

  constructor(
    readonly p: Person,
    private readonly endMs: number,
  ) {}

  private push(ts: number, msg: Record<string, unknown>): void {
    if (ts <= this.endMs) this.out.push({ ts: Math.round(ts), msg });
  }

  /** Client message skeleton; messageId and timestamp are filled in when yielded. */
  private client(type: string, ts: number, d: Device): Record<string, unknown> {
    const m: Record<string, unknown> = { type, messageId: '', anonymousId: d.anonymousId };
    if (ts >= d.boundAt) m.userId = this.p.userId;
    m.timestamp = '';
    return m;
  }

  private clientContext(ts: number, d: Device, extra: Extra | undefined, page?: PageInfo): Record<string, unknown> {
    const ctx: Record<string, unknown> = { channel: extra?.channel ?? (d.kind === 'app' ? 'app' : 'web'), ...d.base };
    if (page) ctx.page = page;
    if (extra?.campaign) ctx.campaign = extra.campaign;
    ctx.locale = this.p.traits.locale;
    ctx.timezone = this.p.city.timezone;
    ctx.consent = consentAt(this.p, ts).ctx;
    return ctx;
  }

  /** A track call from a browser or the app. */
  track(ts: number, d: Device, event: string, properties: Record<string, unknown>, extra?: Extra): void {
    const m = this.client('track', ts, d);
    m.event = event;
    m.properties = properties;
    m.context = this.clientContext(ts, d, extra);
    this.push(ts, m);
  }

  /** A page view in a browser; returns the page for use as the next referrer. */
  page(ts: number, d: Device, name: string, path: string, referrer: string | undefined, extra?: Extra): string {
    const url = SITE + path;
    const title = `${name} | Northwind Outfitters`;
    const page: PageInfo = referrer ? { path, url, title, referrer } : { path, url, title };
    const m = this.client('page', ts, d);
    m.name = name;
    m.properties = { ...page };
    m.context = this.clientContext(ts, d, extra, page);
    this.push(ts, m);
    return url;
  }

  /** A screen view in the app. */
  screen(ts: number, d: Device, name: string, properties: Record<string, unknown>, extra?: Extra): void {
    const m = this.client('screen', ts, d);
    m.name = name;
    m.properties = properties;
    m.context = this.clientContext(ts, d, extra);
    this.push(ts, m);
  }

  /** A track call from a server-side source (ESP, SMS gateway, POS, help desk, ad network). */
  server(ts: number, channel: ServerChannel, event: string, properties: Record<string, unknown>, campaign?: Campaign): void {
    const ctx: Record<string, unknown> = { channel, library: SERVER_LIB };
    if (campaign) ctx.campaign = campaign;
    ctx.consent = consentAt(this.p, ts).ctx;
    this.push(ts, { type: 'track', messageId: '', userId: this.p.userId, timestamp: '', event, properties, context: ctx });
  }

  private markKnown(ts: number): void {
    if (ts < this.p.knownAt) {
      this.p.knownAt = ts;
      this.p.traits.createdAt = new Date(Math.round(ts)).toISOString();
    }
  }

  /** identify from a device: carries both anonymousId and userId, so the two are stitched. */
  identify(ts: number, d: Device): void {
    this.markKnown(ts);
    if (ts < d.boundAt) d.boundAt = ts;
    const m = this.client('identify', ts, d);
    m.traits = { ...this.p.traits };
    m.context = this.clientContext(ts, d, undefined);
    this.push(ts, m);
  }

  /** identify from a server source (e.g. loyalty sign-up at a store till): userId only. */
  identifyServer(ts: number, channel: ServerChannel): void {
    this.markKnown(ts);
    const ctx = { channel, library: SERVER_LIB, consent: consentAt(this.p, ts).ctx };
    this.push(ts, { type: 'identify', messageId: '', userId: this.p.userId, timestamp: '', traits: { ...this.p.traits }, context: ctx });
  }

  /** alias(previousId = the device's anonymousId → userId), as analytics.alias() sends it. */
  alias(ts: number, d: Device): void {
    this.markKnown(ts);
    if (ts < d.boundAt) d.boundAt = ts;
    const ctx = this.clientContext(ts, d, undefined);
    this.push(ts, { type: 'alias', messageId: '', previousId: d.anonymousId, userId: this.p.userId, timestamp: '', context: ctx });
  }

  /** group: the person joins a club account. */
  group(ts: number, d: Device, groupId: string, traits: Record<string, unknown>): void {
    const m = this.client('group', ts, d);
    m.groupId = groupId;
    m.traits = traits;
    m.context = this.clientContext(ts, d, undefined);
    this.push(ts, m);
  }

  /** Record a consent change from `ts` on and emit `Consent Updated` (from a device, or the ESP). */
  consent(ts: number, prefs: ConsentPrefs, d: Device | undefined, source: string): void {
    const list = this.p.consent;
    let i = list.length;
    while (i > 0 && list[i - 1]!.from > ts) i--;
    list.splice(i, 0, { from: ts, prefs, ctx: consentContext(prefs) });
    if (d) this.track(ts, d, 'Consent Updated', { source });
    else this.server(ts, 'email', 'Consent Updated', { source });
  }
}
