import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role, type User } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { controlClass } from '../../components/Field';
import { formatDateTime } from '../../lib/format';
import { useUserAction } from './api';

const td = 'px-3 py-2 align-top text-sm text-slate-800';

function RoleSelect({ id, label, value, onChange, disabled }: { id: string; label: string; value: Role; onChange: (r: Role) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as Role)} className={`${controlClass} py-1`}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`roles.${r}`)}
          </option>
        ))}
      </select>
    </>
  );
}

interface Props {
  user: User;
  isSelf: boolean;
  /** The clinic's time zone, in which times are shown. */
  timeZone?: string;
  onError: (err: unknown) => void;
}

export function UserRow({ user, isSelf, timeZone, onError }: Props) {
  const { t, i18n } = useTranslation();
  const action = useUserAction();
  const id = user.id ?? '';
  const who = user.name || user.email || id;
  const [approveRole, setApproveRole] = useState<Role>('volunteer');
  const act = (a: Parameters<typeof action.mutate>[0]) => action.mutate(a, { onError });
  const busy = action.isPending;

  return (
    <tr>
      <td className={td}>
        <p className="font-medium">{user.name}</p>
        <p className="text-xs text-slate-500">{user.email}</p>
      </td>
      <td className={td}>
        {user.status === 'approved' ? (
          <RoleSelect
            id={`role-${id}`}
            label={t('users.roleFor', { name: who })}
            value={(user.role as Role) ?? 'volunteer'}
            disabled={busy || isSelf}
            onChange={(role) => act({ kind: 'patch', id, role, version: user.version })}
          />
        ) : (
          user.role && t(`roles.${user.role}`, { defaultValue: user.role })
        )}
      </td>
      <td className={`${td} hidden sm:table-cell`}>
        {user.is_active === false ? <Badge tone="red">{t('users.inactive')}</Badge> : <Badge tone="green">{t('users.active')}</Badge>}
      </td>
      <td className={`${td} hidden whitespace-nowrap md:table-cell`}>
        {user.last_seen_at ? formatDateTime(user.last_seen_at, i18n.language, timeZone) : t('users.never')}
      </td>
      <td className={td}>
        <div className="flex flex-wrap items-center gap-2">
          {user.status !== 'approved' && (
            <>
              <RoleSelect id={`approve-role-${id}`} label={t('users.approveAs', { name: who })} value={approveRole} onChange={setApproveRole} disabled={busy} />
              <Button variant="primary" disabled={busy} onClick={() => act({ kind: 'approve', id, role: approveRole })} aria-label={t('users.approveName', { name: who })}>
                {t('users.approve')}
              </Button>
            </>
          )}
          {user.status !== 'rejected' && !isSelf && (
            <Button variant="danger" disabled={busy} onClick={() => act({ kind: 'reject', id })} aria-label={t('users.rejectName', { name: who })}>
              {t('users.reject')}
            </Button>
          )}
          {user.status === 'approved' && !isSelf && (
            <Button disabled={busy} onClick={() => act({ kind: 'patch', id, is_active: user.is_active === false, version: user.version })}>
              {user.is_active === false ? t('users.activate') : t('users.deactivate')}
            </Button>
          )}
        </div>
      </td>
    </tr>
  );
}
