import { useTranslation } from 'react-i18next';
import { LogOut } from 'lucide-react';
import { useAuth } from '../auth/AuthContext';
import { useMe } from '../auth/MeContext';
import { Badge } from '../components/Badge';
import { Button } from '../components/Button';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from './NotificationBell';

export function Header() {
  const { t } = useTranslation();
  const { user, tenant } = useMe();
  const { signOut } = useAuth();
  return (
    <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-2">
      <p className="text-sm font-medium text-slate-700">{tenant.name}</p>
      <div className="flex flex-wrap items-center gap-3">
        <p className="flex items-center gap-2 text-sm text-slate-800">
          <span>{user.name || user.email}</span>
          {user.role && <Badge tone="blue">{t(`roles.${user.role}`, { defaultValue: user.role })}</Badge>}
        </p>
        <NotificationBell />
        <LanguageSwitch />
        <Button variant="ghost" onClick={signOut}>
          <LogOut aria-hidden="true" className="size-4" />
          {t('header.signOut')}
        </Button>
      </div>
    </header>
  );
}
