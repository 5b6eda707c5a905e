import { lastSegment } from './ip.js';

/** Trait keys that hold a person's name, compared without case, `_`, `-` or spaces. */
const NAME_KEYS = new Set([
  'name', 'firstname', 'lastname', 'fullname', 'givenname', 'familyname', 'surname', 'middlename', 'realname', 'legalname',
  'contactname', 'customername', 'displayname', 'fname', 'lname', 'nickname',
  '姓名', '名字', '姓', '名', '真实姓名', '全名', '联系人', '收货人', '收件人', '客户姓名', '用户姓名', '昵称',
]);

const normaliseKey = (k: string) => k.toLowerCase().replace(/[\s_-]/g, '');

/** Whether the path is a name key of a person's traits (`traits.firstName`, `context.traits.姓名`). */
export function isNameKey(path: string): boolean {
  if (!/^(?:context\.)?traits\.[^.]+$/.test(path)) return false;
  return NAME_KEYS.has(normaliseKey(lastSegment(path)));
}

/** Letters (any script), spaces, apostrophes, hyphens, dots and the middle dot of transliterated names. */
const NAME_TEXT = /^[\p{L}\p{M}][\p{L}\p{M}\s'’.·-]{0,99}$/u;

/** A person's name: only under a name key of traits, and only text that reads as a name. */
export function isPersonName(text: string, path: string | undefined): boolean {
  if (path === undefined || !isNameKey(path)) return false;
  const s = text.trim();
  return s.length > 0 && NAME_TEXT.test(s) && /\p{L}/u.test(s);
}
