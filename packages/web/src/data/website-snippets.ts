/**
 * The snippets of docs/collect.md for a website, with this server's URL filled in (the browser
 * test checks the script tag against the doc's). The write key stays a placeholder: it never
 * reaches the web app.
 */
export const WRITE_KEY_PLACEHOLDER = 'YOUR_WRITE_KEY';

/** Segment's snippet loading analytics-next from this server's /analytics.js. */
export function scriptTagSnippet(host: string, writeKey = WRITE_KEY_PLACEHOLDER): string {
  return [
    `<script>`,
    `  !function(){var host="${host}",writeKey="${writeKey}";`,
    `  var i="analytics",analytics=window[i]=window[i]||[];if(!analytics.initialize)if(analytics.invoked)window.console&&console.error&&console.error("Segment snippet included twice.");else{analytics.invoked=!0;analytics.methods=["trackSubmit","trackClick","trackLink","trackForm","pageview","identify","reset","group","track","ready","alias","debug","page","screen","once","off","on","addSourceMiddleware","addIntegrationMiddleware","setAnonymousId","addDestinationMiddleware","register"];analytics.factory=function(e){return function(){if(window[i].initialized)return window[i][e].apply(window[i],arguments);var n=Array.prototype.slice.call(arguments);if(["track","screen","alias","group","page","identify"].indexOf(e)>-1){var c=document.querySelector("link[rel='canonical']");n.push({__t:"bpc",c:c&&c.getAttribute("href")||void 0,p:location.pathname,u:location.href,s:location.search,t:document.title,r:document.referrer})}n.unshift(e);analytics.push(n);return analytics}};for(var n=0;n<analytics.methods.length;n++){var key=analytics.methods[n];analytics[key]=analytics.factory(key)}analytics.load=function(key,n){var t=document.createElement("script");t.type="text/javascript";t.async=!0;t.setAttribute("data-global-segment-analytics-key",i);t.src=host+"/analytics.js";var r=document.getElementsByTagName("script")[0];r.parentNode.insertBefore(t,r);analytics._loadOptions=n};analytics._writeKey=writeKey;analytics._cdn=host;analytics.SNIPPET_VERSION="5.2.0";`,
    `  analytics.load(writeKey,{integrations:{"Segment.io":{apiHost:host.replace(/^https?:\\/\\//,"")+"/v1",protocol:host.split(":")[0]}}});`,
    `  analytics.page();`,
    `  }}();`,
    `</script>`,
  ].join('\n');
}

/** `@segment/analytics-next` from npm, pointed at this server. */
export function npmSnippet(origin: string, writeKey = WRITE_KEY_PLACEHOLDER): string {
  const url = new URL(origin);
  return [
    `import { AnalyticsBrowser } from '@segment/analytics-next';`,
    ``,
    `const trailmap = '${url.origin}'; // this server's URL`,
    `export const analytics = AnalyticsBrowser.load(`,
    `  { writeKey: '${writeKey}', cdnURL: trailmap },`,
    `  { integrations: { 'Segment.io': { apiHost: '${url.host}/v1', protocol: '${url.protocol.replace(':', '')}' } } },`,
    `);`,
    ``,
    `analytics.page();`,
    `analytics.track('Signed Up', { plan: 'pro' });`,
    `analytics.identify('user-42', { email: 'ada@example.com' });`,
  ].join('\n');
}
