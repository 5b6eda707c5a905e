import { useState } from 'react';
import type { DisplayNameKind } from '@trailmap/core';
import { ApiFailure } from '../api/client.js';
import { saveDisplayName, useDisplayNames } from '../api/display-names.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * The English and Chinese labels of one touchpoint or persona, shown in a table cell and edited
 * in place (`PUT /v1/display-names`); an empty field removes that language's label.
 */
export function DisplayNameEditor({ kind, name }: { kind: DisplayNameKind; name: string }) {
  const { t } = useI18n();
  const names = useDisplayNames();
  const current = names.names?.[kind][name] ?? {};
  const [editing, setEditing] = useState(false);
  const [en, setEn] = useState('');
  const [zh, setZh] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = () => {
    setEn(current.en ?? '');
    setZh(current['zh-CN'] ?? '');
    setError(null);
    setEditing(true);
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await saveDisplayName({ kind, name, en: en.trim(), 'zh-CN': zh.trim() });
      names.reload();
      setEditing(false);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  if (!editing)
    return (
      <span className="dn-view" data-testid="dn-view" data-kind={kind} data-name={name}>
        <span data-testid="dn-en">{current.en ?? '–'}</span>
        {' · '}
        <span data-testid="dn-zh" lang="zh-CN">
          {current['zh-CN'] ?? '–'}
        </span>{' '}
        <button type="button" className="dn-edit" onClick={open} data-testid="dn-edit" aria-label={t('cat.dn.editLabel', { name })}>
          {t('cat.dn.edit')}
        </button>
      </span>
    );
  return (
    <form
      className="dn-form"
      data-testid="dn-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        {t('cat.dn.en')}
        <input value={en} maxLength={120} onChange={(e) => setEn(e.target.value)} data-testid="dn-input-en" />
      </label>
      <label>
        {t('cat.dn.zh')}
        <input value={zh} maxLength={120} lang="zh-CN" onChange={(e) => setZh(e.target.value)} data-testid="dn-input-zh" />
      </label>
      <span className="dn-actions">
        <button type="submit" disabled={busy} data-testid="dn-save">
          {t('cat.dn.save')}
        </button>
        <button type="button" onClick={() => setEditing(false)}>
          {t('cat.dn.cancel')}
        </button>
      </span>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
