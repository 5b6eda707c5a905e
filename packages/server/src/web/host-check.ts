/**
 * DNS rebinding defence: a page on evil.example can make its own name resolve to 127.0.0.1, and
 * the browser then sends `Host: evil.example` to this server as if it were that site. The web
 * session (which is handed out freely on a loopback server) must only ever belong to requests
 * naming this server: its public URL's host name, or a loopback name when serving loopback.
 * Ports do not matter here: the attacker controls the name, not the port.
 */
export type HostCheck = (hostHeader: string | undefined) => boolean;

const LOOPBACK_V4 = /^127(\.\d{1,3}){3}$/;

/** The host name of a Host header (`[::1]:3000` → `::1`, `Example.COM:80` → `example.com`), or null. */
export function hostNameOf(header: string | undefined): string | null {
  if (!header) return null;
  try {
    const u = new URL(`http://${header}`);
    if (u.username || u.password || u.pathname !== '/' || u.search || u.hash) return null;
    return u.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  } catch {
    return null;
  }
}

export const isLoopbackName = (name: string) => name === 'localhost' || name.endsWith('.localhost') || name === '::1' || LOOPBACK_V4.test(name);

/**
 * Which Host headers belong to this server: with a public URL, its host name only; otherwise the
 * loopback names (localhost, 127.x.x.x, ::1), plus the listen address when it is a specific one.
 */
export function hostCheck(opts: { publicUrl?: string | undefined; listenHost?: string | undefined }): HostCheck {
  if (opts.publicUrl) {
    const allowed = new URL(opts.publicUrl).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    return (h) => hostNameOf(h) === allowed;
  }
  const listen = opts.listenHost?.toLowerCase();
  const specific = listen && listen !== '0.0.0.0' && listen !== '::' ? listen.replace(/^\[(.*)\]$/, '$1') : null;
  return (h) => {
    const name = hostNameOf(h);
    return name !== null && (isLoopbackName(name) || name === specific);
  };
}
