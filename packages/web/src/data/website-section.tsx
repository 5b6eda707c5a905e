import { useI18n } from '../i18n/i18n.js';
import { npmSnippet, scriptTagSnippet } from './website-snippets.js';

/** "Send from your website": Segment's browser SDK pointed at this server (docs/collect.md). */
export function WebsiteSnippets() {
  const { t } = useI18n();
  const origin = window.location.origin;
  return (
    <div className="website-snippets" data-testid="website-snippets">
      <h3 id="website-title">{t('data.website.title')}</h3>
      <p className="intro">{t('data.website.intro')}</p>
      <div className="snippets">
        <figure>
          <figcaption>{t('data.website.script')}</figcaption>
          <pre className="snippet" tabIndex={0} data-testid="snippet-website-script">
            {scriptTagSnippet(origin)}
          </pre>
        </figure>
        <figure>
          <figcaption>{t('data.website.npm')}</figcaption>
          <pre className="snippet" tabIndex={0} data-testid="snippet-website-npm">
            {npmSnippet(origin)}
          </pre>
        </figure>
      </div>
      <p className="subtitle">{t('data.website.docs')}</p>
    </div>
  );
}
