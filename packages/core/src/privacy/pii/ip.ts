const OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** A dotted-quad IPv4 address, each part 0–255 without leading zeros. */
export function isIPv4(text: string): boolean {
  if (!/^\s*[\d.]{7,15}\s*$/.test(text)) return false;
  const parts = text.trim().split('.');
  return parts.length === 4 && parts.every((p) => OCTET.test(p));
}

const GROUP = /^[0-9A-Fa-f]{1,4}$/;

/** An IPv6 address (RFC 4291 text forms: eight groups, one `::`, an IPv4 tail; a %zone suffix). */
export function isIPv6(text: string): boolean {
  if (!text.includes(':')) return false;
  let s = text.trim();
  if (s.length < 2 || s.length > 64) return false;
  const zone = s.indexOf('%');
  if (zone >= 0) {
    if (!/^%[0-9A-Za-z._~-]+$/.test(s.slice(zone))) return false;
    s = s.slice(0, zone);
  }
  let groups = 8;
  const last = s.lastIndexOf(':');
  if (s.slice(last + 1).includes('.')) {
    if (!isIPv4(s.slice(last + 1))) return false;
    s = s.slice(0, last + 1) + '0';
    groups = 7;
  }
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const split = (h: string) => (h === '' ? [] : h.split(':'));
  if (halves.length === 1) {
    const g = split(s);
    return g.length === groups && g.every((x) => GROUP.test(x));
  }
  const [a, b] = [split(halves[0]!), split(halves[1]!)];
  if (a.length + b.length > groups - 1) return false;
  return [...a, ...b].every((x) => GROUP.test(x));
}

/** A key whose four dotted numbers are a version, not an address ("app.version": "1.2.3.4"). */
const VERSION_KEY = /(?:version|^v$|^ver$|build|release)/i;

/** An IPv4 or IPv6 address; under a version-like key a dotted quad is a version instead. */
export function isIpAddress(text: string, key?: string): boolean {
  if (isIPv6(text)) return true;
  return isIPv4(text) && !(key !== undefined && VERSION_KEY.test(lastSegment(key)));
}

export const lastSegment = (path: string) => path.slice(path.lastIndexOf('.') + 1).replace(/\[\]$/, '');
