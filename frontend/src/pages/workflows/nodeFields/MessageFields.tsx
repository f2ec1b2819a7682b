import { useTranslation } from 'react-i18next';
import { ChannelOrderEditor } from '../../../components/ChannelOrder';
import { useTemplates } from '../../templates/api';
import { NODE_CHANNELS } from '../types';
import { Choice, fid, Select, str, strList, TextArea, type FieldsProps } from './common';

/** send_message: a template or a text (exactly one), and an optional channel order. */
export function SendMessageFields({ data, errors, readOnly, update }: FieldsProps) {
  const { t } = useTranslation();
  const templates = useTemplates({ per_page: 100, sort: 'name' });
  const mode = data.template_id !== undefined ? 'template' : 'text';
  const order = strList(data.channel_order);
  const ownOrder = data.channel_order !== undefined;
  const options = templates.data?.data ?? [];
  const chosen = str(data.template_id);
  return (
    <>
      <Choice
        name="wf-send-mode"
        legend={t('workflows.fields.content')}
        value={mode}
        disabled={readOnly}
        options={[
          { value: 'text', label: t('workflows.fields.text') },
          { value: 'template', label: t('workflows.fields.template') },
        ]}
        onChange={(m) => (m === 'template' ? update({ template_id: '' }, ['message']) : update({ message: '' }, ['template_id']))}
      />
      {mode === 'template' ? (
        <Select k="template_id" label={t('workflows.fields.template')} value={chosen} disabled={readOnly} error={errors.template_id} onChange={(v) => update({ template_id: v })}>
          <option value="">{templates.isPending ? t('common.loading') : t('workflows.fields.chooseTemplate')}</option>
          {chosen && !options.some((o) => o.id === chosen) && <option value={chosen}>{chosen}</option>}
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </Select>
      ) : (
        <TextArea
          k="message"
          label={t('workflows.fields.message')}
          value={str(data.message)}
          error={errors.message}
          hint={t('workflows.fields.messageHint', { name: '{{name}}' })}
          readOnly={readOnly}
          required
          onChange={(v) => update({ message: v })}
        />
      )}
      <div>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            checked={!ownOrder}
            disabled={readOnly}
            onChange={(e) => (e.target.checked ? update({}, ['channel_order']) : update({ channel_order: ['whatsapp', 'sms'] }))}
          />
          {t('workflows.fields.clinicOrder')}
        </label>
        {ownOrder && (
          <div className="mt-2">
            <p className="mb-1 text-sm font-medium text-slate-700">{t('workflows.fields.channelOrder')}</p>
            <ChannelOrderEditor id={fid('channel_order')} value={order} channels={NODE_CHANNELS} disabled={readOnly} error={errors.channel_order} onChange={(v) => update({ channel_order: v })} />
          </div>
        )}
        {!ownOrder && errors.channel_order && <p className="mt-1 text-sm text-red-700">{errors.channel_order}</p>}
      </div>
    </>
  );
}

export function NotifyStaffFields({ data, errors, readOnly, update }: FieldsProps) {
  const { t } = useTranslation();
  return (
    <TextArea
      k="message"
      label={t('workflows.fields.staffMessage')}
      value={str(data.message)}
      error={errors.message}
      hint={t('workflows.fields.staffMessageHint')}
      readOnly={readOnly}
      required
      onChange={(v) => update({ message: v })}
    />
  );
}
