/**
 * The page around every console page: skip link, header (brand, live badge, "Notify me", the user,
 * "Sign out"), the "Console" nav (Users and Audit only for admins) and <main>. Under 760 px the nav
 * becomes a bar of links under the header (always visible: no menu to open first).
 */
import { type ReactNode, useEffect } from 'react';
import { Link, useLocation } from 'wouter';
import type { Permission } from '../core/console.js';
import { useAuth, useMe } from './auth.js';
import { useLiveConnected } from './live.js';
import { NotifyButton } from './notices.js';

const LINKS: Array<{ href: string; label: string; permission: Permission }> = [
  { href: '/', label: 'Overview', permission: 'read' },
  { href: '/hosts', label: 'Hosts', permission: 'read' },
  { href: '/alerts', label: 'Alerts', permission: 'read' },
  { href: '/incidents', label: 'Incidents', permission: 'read' },
  { href: '/reports', label: 'Reports', permission: 'read' },
  { href: '/users', label: 'Users', permission: 'user.manage' },
  { href: '/audit', label: 'Audit', permission: 'audit.read' },
];

function isCurrent(location: string, href: string): boolean {
  return href === '/' ? location === '/' : location === href || location.startsWith(`${href}/`);
}

function LiveBadge() {
  const live = useLiveConnected();
  return (
    <span className={`badge ${live ? 'badge-live' : 'badge-off'}`}>
      <span className="dot" aria-hidden="true" />
      {live ? 'Live' : 'Reconnecting…'}
    </span>
  );
}

/** The shell around a signed-in page. */
export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { signOut } = useAuth();
  const [location] = useLocation();

  // A new page chosen in the nav: move focus to the content, so keyboard
  // and screen reader users start reading the new page instead of staying on the link they used.
  // (Pages that navigate by themselves, such as a saved incident, keep the focus they set.)
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every change of page.
  useEffect(() => {
    const active = document.activeElement;
    if (active?.closest('#console-nav, .brand')) document.getElementById('main')?.focus();
  }, [location]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          soloops
        </Link>
        <LiveBadge />
        <div className="topbar-end">
          <NotifyButton />
          <span className="who">
            {me.user.name} <span className="muted">({me.user.role})</span>
          </span>
          <button type="button" className="button-quiet" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <nav id="console-nav" aria-label="Console" className="nav">
        <ul>
          {LINKS.filter((l) => me.permissions.includes(l.permission)).map((l) => (
            <li key={l.href}>
              <Link href={l.href} aria-current={isCurrent(location, l.href) ? 'page' : undefined}>
                {l.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1} className="content">
        {children}
      </main>
    </div>
  );
}
