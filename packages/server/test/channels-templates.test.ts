import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageTemplate } from '@trailmap/core';
import { pickLocale, renderTemplate, validateTemplate, type TemplateVars } from '../src/channels/templates.js';

// Liquid templates: the person's locale picks the text (zh-CN → zh, else en), email bodies are
// HTML-escaped (traits cannot inject markup) while SMS/push and subjects are plain, unknown
// filters and bad syntax are reported by field and locale, and no template can read a file.

const vars: TemplateVars = {
  person: { id: 'p_1', traits: { first_name: 'Ana <script>alert(1)</script>', plan: 'pro' }, computed: { lifetime_value: 1234.5 } },
  recommendations: [
    { id: 'TENT-2', name: 'Tent & Tarp', reason: 'bought together' },
    { id: 'LAMP-1', name: 'Lamp' },
  ],
  journey: { id: 'abandoned-cart', name: 'Abandoned cart' },
  unsubscribe_url: 'https://shop.example/v1/unsubscribe/a.b?x=1&y=2',
};

const cart: MessageTemplate = {
  subject: { en: 'Still thinking, {{ person.traits.first_name }}?', zh: '{{ person.traits.first_name }}，还在考虑吗？' },
  body: {
    en: '<p>Hi {{ person.traits.first_name }}</p>{% for r in recommendations %}<li>{{ r.name }}{% if r.reason %} ({{ r.reason }}){% endif %}</li>{% endfor %}<p>LTV {{ person.computed.lifetime_value | round }}</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
    zh: '<p>{{ person.traits.first_name }}，您好</p><p>{{ journey.name }}</p><a href="{{ unsubscribe_url }}">退订</a>',
  },
};

test('the locale picks the text: zh and zh-CN → zh, en-GB, fr and none → en; exact matches first', async () => {
  assert.equal(pickLocale(['en', 'zh'], 'zh-CN'), 'zh');
  assert.equal(pickLocale(['en', 'zh'], 'zh_TW'), 'zh');
  assert.equal(pickLocale(['en', 'zh', 'zh-TW'], 'zh-tw'), 'zh-TW');
  assert.equal(pickLocale(['en', 'zh'], 'fr-FR'), 'en');
  assert.equal(pickLocale(['en', 'zh'], null), 'en');
  const zh = await renderTemplate(cart, vars, 'zh-CN');
  assert.equal(zh.locale, 'zh');
  assert.equal(zh.subject, 'Ana <script>alert(1)</script>，还在考虑吗？', 'subjects are plain text (a mail header), not HTML-escaped');
  assert.match(zh.body, /^<p>Ana &lt;script&gt;alert\(1\)&lt;\/script&gt;，您好<\/p><p>Abandoned cart<\/p>/);
  const en = await renderTemplate(cart, vars, 'fr');
  assert.equal(en.locale, 'en');
  assert.equal(en.subject, 'Still thinking, Ana <script>alert(1)</script>?');
});

test('email bodies escape every output (traits, recommendations, the URL); text bodies do not', async () => {
  const html = await renderTemplate(cart, vars, 'en', 'html');
  assert.ok(!html.body.includes('<script>'), html.body);
  assert.match(html.body, /<li>Tent &amp; Tarp \(bought together\)<\/li><li>Lamp<\/li>/);
  assert.match(html.body, /LTV 1235/);
  assert.match(html.body, /href="https:\/\/shop.example\/v1\/unsubscribe\/a.b\?x=1&amp;y=2"/);
  const sms: MessageTemplate = { body: { en: '{{ person.traits.first_name }}: {{ recommendations[0].name }} {{ unsubscribe_url }}' } };
  const text = await renderTemplate(sms, vars, 'en', 'text');
  assert.equal(text.body, 'Ana <script>alert(1)</script>: Tent & Tarp https://shop.example/v1/unsubscribe/a.b?x=1&y=2');
  assert.equal(text.subject, null, 'no subject template: null');
  // Unknown variables are empty (strictVariables off); `raw` opts out of escaping on purpose.
  const loose = await renderTemplate({ body: { en: '[{{ person.traits.nope }}]{{ "<b>ok</b>" | raw }}' } }, vars, 'en');
  assert.equal(loose.body, '[]<b>ok</b>');
});

test('validateTemplate names the field, locale and position of each parse error; unknown filters are errors', () => {
  assert.deepEqual(validateTemplate(cart), []);
  const issues = validateTemplate({
    subject: { en: 'Hi {{ person.traits.first_name | shout }}' },
    body: { en: 'fine', zh: '{% if person.traits.plan == "pro" %}专业版' },
  });
  assert.equal(issues.length, 2, JSON.stringify(issues));
  assert.deepEqual([issues[0]!.field, issues[0]!.locale], ['subject', 'en']);
  assert.match(issues[0]!.message, /undefined filter: shout/);
  assert.deepEqual([issues[1]!.field, issues[1]!.locale], ['body', 'zh']);
  assert.match(issues[1]!.message, /not closed|tag .*if/i);
  assert.equal(typeof issues[1]!.line, 'number');
});

test('templates cannot read files: include, render and layout are refused at parse, and rendering one throws', async () => {
  for (const src of ['{% include "/etc/passwd" %}', "{% render 'secrets' %}", '{% layout "base" %}x']) {
    const issues = validateTemplate({ body: { en: src } });
    assert.equal(issues.length, 1, src);
    assert.match(issues[0]!.message, /cannot read files/);
    await assert.rejects(renderTemplate({ body: { en: src } }, vars, 'en'), /cannot read files/);
  }
});

test('a template that would run away is stopped by the render limits', async () => {
  await assert.rejects(renderTemplate({ body: { en: '{% for i in (1..100000000) %}x{% endfor %}' } }, vars, 'en'), /limit/);
});
