import { useTranslation } from 'react-i18next';
import { ArrowDown, ArrowUp, Plus, X } from 'lucide-react';
import { Badge } from './Badge';
import { Button } from './Button';

interface Props {
  id: string;
  value: string[];
  onChange: (order: string[]) => void;
  /** Every channel that may be chosen. */
  channels: readonly string[];
  /** Channel name → configured on this server, when known. */
  configured?: Record<string, boolean>;
  disabled?: boolean;
  error?: string;
}

/** An ordered list of channels (first tried first), reordered with up/down buttons. */
export function ChannelOrderEditor({ id, value, onChange, channels, configured, disabled, error }: Props) {
  const { t } = useTranslation();
  const name = (c: string) => t(`channels.${c}`, { defaultValue: c });
  const move = (i: number, delta: number) => {
    const next = [...value];
    const [item] = next.splice(i, 1);
    next.splice(i + delta, 0, item);
    onChange(next);
  };
  const rest = channels.filter((c) => !value.includes(c));
  return (
    <div id={id} aria-describedby={error ? `${id}-error` : undefined}>
      <ol className="flex flex-col gap-1.5" aria-label={t('channelOrder.current')}>
        {value.map((c, i) => (
          <li key={c} className="flex items-center gap-2 rounded-md border border-slate-200 bg-white px-2 py-1.5 text-sm">
            <span className="w-5 text-center text-xs font-semibold text-slate-500">{i + 1}</span>
            {/* The badge goes under the name when the row is narrow, so the buttons stay in one column. */}
            <span className="flex min-w-0 flex-1 flex-wrap items-center gap-x-2 gap-y-0.5">
              <span className="font-medium text-slate-900">{name(c)}</span>
              {configured && configured[c] === false && (
                <span className="whitespace-nowrap">
                  <Badge tone="amber">{t('channelOrder.notConfigured')}</Badge>
                </span>
              )}
            </span>
            <Button variant="ghost" className="px-2 py-1" disabled={disabled || i === 0} onClick={() => move(i, -1)} aria-label={t('channelOrder.up', { channel: name(c) })}>
              <ArrowUp aria-hidden="true" className="size-4" />
            </Button>
            <Button variant="ghost" className="px-2 py-1" disabled={disabled || i === value.length - 1} onClick={() => move(i, 1)} aria-label={t('channelOrder.down', { channel: name(c) })}>
              <ArrowDown aria-hidden="true" className="size-4" />
            </Button>
            <Button variant="ghost" className="px-2 py-1" disabled={disabled || value.length === 1} onClick={() => onChange(value.filter((x) => x !== c))} aria-label={t('channelOrder.remove', { channel: name(c) })}>
              <X aria-hidden="true" className="size-4" />
            </Button>
          </li>
        ))}
      </ol>
      {rest.length > 0 && (
        <div className="mt-2 flex flex-wrap gap-2">
          {rest.map((c) => (
            <Button key={c} className="px-2 py-1" disabled={disabled} onClick={() => onChange([...value, c])}>
              <Plus aria-hidden="true" className="size-4" />
              {t('channelOrder.add', { channel: name(c) })}
            </Button>
          ))}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
