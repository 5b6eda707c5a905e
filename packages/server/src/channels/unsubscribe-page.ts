/** The unsubscribe link's pages, in English and Simplified Chinese (one page holds both; no scripts, no outside assets). */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CHANNEL_NAMES: Record<string, { en: string; zh: string }> = {
  email: { en: 'emails', zh: '电子邮件' },
  sms: { en: 'text messages', zh: '短信' },
  push: { en: 'push notifications', zh: '推送通知' },
  inapp: { en: 'in-app messages', zh: '应用内消息' },
  webhook: { en: 'messages', zh: '消息' },
};

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1f2933}
h1{font-size:1.4rem}section{margin-bottom:1.5rem}button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #1f5fbf;background:#1f5fbf;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #f0b429;outline-offset:2px}.muted{color:#52606d}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The confirmation page `GET /v1/unsubscribe/:token` shows: what the button does, and the button (a POST to the same address). */
export function unsubscribeConfirmPage(channel: string): string {
  const name = CHANNEL_NAMES[channel] ?? CHANNEL_NAMES.webhook!;
  return page('Unsubscribe · 退订', `
<section lang="en"><h1>Unsubscribe</h1><p>Stop receiving marketing ${esc(name.en)} from us? Messages you asked for, such as receipts, still arrive.</p></section>
<section lang="zh-CN"><h1>退订</h1><p>不再接收我们的营销${esc(name.zh)}？您需要的消息（如收据）仍会照常发送。</p></section>
<form method="post"><input type="hidden" name="confirm" value="1"><button type="submit">Unsubscribe · 确认退订</button></form>`);
}

/** The page after the POST. */
export function unsubscribedPage(channel: string): string {
  const name = CHANNEL_NAMES[channel] ?? CHANNEL_NAMES.webhook!;
  return page('Unsubscribed · 已退订', `
<section lang="en"><h1>You are unsubscribed</h1><p>We will not send you marketing ${esc(name.en)} any more.</p></section>
<section lang="zh-CN"><h1>您已退订</h1><p>我们将不再向您发送营销${esc(name.zh)}。</p></section>`);
}

/** A link that is not one of ours (cut short, or edited). */
export function invalidLinkPage(): string {
  return page('Invalid link · 链接无效', `
<section lang="en"><h1>This link does not work</h1><p class="muted">It may have been cut short. Open the unsubscribe link from the message again.</p></section>
<section lang="zh-CN"><h1>此链接无效</h1><p class="muted">链接可能不完整。请从消息中重新打开退订链接。</p></section>`);
}
