import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/MeContext';
import { focusRing } from '../components/Button';
import { ConversationsNavBadge } from './NavBadge';
import { visibleNavItems } from './nav';

export function NavList({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { user } = useMe();
  return (
    <ul className="flex flex-col gap-0.5">
      {visibleNavItems(user.role).map(({ path, label, icon: Icon }) => (
        <li key={path}>
          <NavLink
            to={path}
            end={path === '/'}
            onClick={onNavigate}
            className={({ isActive }) =>
              `flex items-center gap-3 rounded-md px-3 py-2 text-sm ${focusRing} ${
                isActive ? 'bg-teal-50 font-semibold text-teal-800' : 'text-slate-700 hover:bg-slate-100'
              }`
            }
          >
            <Icon aria-hidden="true" className="size-4 shrink-0" />
            {t(label)}
            {path === '/conversations' && <ConversationsNavBadge />}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}
