// Synthetic, realistic-size Segment messages for the ingest benchmark (deterministic).
import { writeFileSync } from 'node:fs';

const EVENTS = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed', 'Email Opened', 'Store Visited', 'Support Call'];

export function makeMessages(n, seed) {
  const out = new Array(n);
  const t0 = Date.parse('2026-05-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const person = (i * 7919 + seed) % Math.max(1, Math.floor(n / 10));
    out[i] = {
      type: 'track',
      messageId: `bench-${seed}-${i}`,
      event: EVENTS[i % EVENTS.length],
      ...(i % 3 === 0 ? { anonymousId: `anon-${person}` } : { userId: `user-${person}` }),
      timestamp: new Date(t0 + i * 1000).toISOString(),
      properties: { sku: `SKU-${i % 500}`, price: (i % 100) + 0.99, quantity: 1 + (i % 3) },
      context: { channel: i % 5 === 0 ? 'store' : 'web', page: { path: `/products/${i % 500}` } },
    };
  }
  return out;
}

const csvField = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function writeCsv(path, messages) {
  const lines = ['type,messageId,event,userId,anonymousId,timestamp,properties,context'];
  for (const m of messages) {
    lines.push([m.type, m.messageId, m.event, m.userId ?? '', m.anonymousId ?? '', m.timestamp, JSON.stringify(m.properties), JSON.stringify(m.context)].map(csvField).join(','));
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

export function writeJsonl(path, messages) {
  writeFileSync(path, messages.map((m) => JSON.stringify(m)).join('\n') + '\n');
}
