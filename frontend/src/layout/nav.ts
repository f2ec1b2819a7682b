import type { LucideIcon } from 'lucide-react';
import {
  Bell,
  BookOpen,
  CalendarClock,
  FileText,
  GitBranch,
  KeyRound,
  LayoutDashboard,
  MessageSquare,
  MessagesSquare,
  Megaphone,
  Radio,
  ScrollText,
  Settings,
  UserCog,
  Users,
  Webhook,
} from 'lucide-react';

export interface NavItem {
  path: string;
  /** i18n key of the label. */
  label: string;
  icon: LucideIcon;
  adminOnly?: boolean;
  /** Shown to admins and developers only (the integrations); volunteers are refused there. */
  integration?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { path: '/', label: 'nav.dashboard', icon: LayoutDashboard },
  { path: '/patients', label: 'nav.patients', icon: Users },
  { path: '/reminders', label: 'nav.reminders', icon: Bell },
  { path: '/appointments', label: 'nav.appointments', icon: CalendarClock },
  { path: '/conversations', label: 'nav.conversations', icon: MessagesSquare },
  { path: '/workflows', label: 'nav.workflows', icon: GitBranch },
  { path: '/campaigns', label: 'nav.campaigns', icon: Megaphone },
  { path: '/messages', label: 'nav.messages', icon: MessageSquare },
  { path: '/templates', label: 'nav.templates', icon: FileText },
  { path: '/webhooks', label: 'nav.webhooks', icon: Webhook, integration: true },
  { path: '/event-subscriptions', label: 'nav.eventSubscriptions', icon: Radio, integration: true },
  { path: '/api-keys', label: 'nav.apiKeys', icon: KeyRound, integration: true },
  { path: '/content', label: 'nav.content', icon: BookOpen },
  { path: '/users', label: 'nav.users', icon: UserCog, adminOnly: true },
  { path: '/settings', label: 'nav.settings', icon: Settings },
  { path: '/audit-log', label: 'nav.auditLog', icon: ScrollText, adminOnly: true },
];

/** Pages whose screens are not built yet; they show a plain notice. */
export const PLANNED_PATHS: string[] = [];

export function visibleNavItems(role: string | undefined): NavItem[] {
  const isAdmin = role === 'admin';
  const integrations = isAdmin || role === 'developer';
  return NAV_ITEMS.filter((item) => (isAdmin || !item.adminOnly) && (integrations || !item.integration));
}

export function navItemFor(pathname: string): NavItem | undefined {
  return NAV_ITEMS.find((i) => i.path === pathname) ?? NAV_ITEMS.find((i) => i.path !== '/' && pathname.startsWith(i.path + '/'));
}
