import { useTranslation } from 'react-i18next';
import { valueText } from '../nodeSummary';
import { CONDITION_FIELDS, CONDITION_MESSAGE_STATUSES, CONDITION_SUBJECTS, INTENTS, opsFor } from '../types';
import { ListInput, Select, str, TextInput, type FieldsProps } from './common';

/** A typed value: numbers for greater/less than, the text otherwise. */
function typed(op: string, text: string): unknown {
  if ((op === 'gt' || op === 'lt') && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

/** condition: subject (and key), operator, value; its exits are "true" and "false". */
export function ConditionFields({ data, errors, readOnly, update }: FieldsProps) {
  const { t } = useTranslation();
  const subject = str(data.subject);
  const op = str(data.op);
  const ops = opsFor(subject);
  const choices = subject === 'last_reply_intent' ? INTENTS : subject === 'message_status' ? CONDITION_MESSAGE_STATUSES : null;
  const choiceLabel = (v: string) => (subject === 'last_reply_intent' ? t(`conversations.intent.${v}`) : t(`messageStatus.${v}`));
  return (
    <>
      <Select
        k="subject"
        label={t('workflows.fields.subject')}
        value={subject}
        disabled={readOnly}
        error={errors.subject}
        onChange={(v) => update({ subject: v, op: opsFor(v).includes(op as never) ? op : 'eq', value: '' }, ['key'])}
      >
        {!subject && <option value="">—</option>}
        {CONDITION_SUBJECTS.map((s) => (
          <option key={s} value={s}>
            {t(`workflows.subjects.${s}`)}
          </option>
        ))}
      </Select>
      {subject === 'field' && (
        <Select k="key" label={t('workflows.fields.patientField')} value={str(data.key)} disabled={readOnly} error={errors.key} onChange={(v) => update({ key: v })}>
          <option value="">—</option>
          {CONDITION_FIELDS.map((f) => (
            <option key={f} value={f}>
              {t(`patients.fields.${f}`)}
            </option>
          ))}
        </Select>
      )}
      {subject === 'attribute' && (
        <TextInput k="key" label={t('workflows.fields.attribute')} value={str(data.key)} error={errors.key} readOnly={readOnly} onChange={(v) => update({ key: v })} />
      )}
      <Select
        k="op"
        label={t('workflows.fields.op')}
        value={op}
        disabled={readOnly}
        error={errors.op}
        onChange={(v) => (v === 'exists' ? update({ op: v }, ['value']) : update({ op: v, value: v === 'in' ? [] : '' }))}
      >
        {!op && <option value="">—</option>}
        {ops.map((o) => (
          <option key={o} value={o}>
            {t(`workflows.opNames.${o}`)}
          </option>
        ))}
      </Select>
      {op === 'in' && (
        <ListInput
          key={`${subject}-in`}
          k="value"
          label={t('workflows.fields.values')}
          value={Array.isArray(data.value) ? data.value.map(String) : []}
          error={errors.value}
          hint={choices ? t('workflows.fields.valuesOf', { values: choices.join(', ') }) : t('workflows.fields.commaHint')}
          readOnly={readOnly}
          onChange={(list) => update({ value: list })}
        />
      )}
      {op !== 'in' && op !== 'exists' && op && choices && (
        <Select k="value" label={t('workflows.fields.value')} value={valueText(data.value)} disabled={readOnly} error={errors.value} onChange={(v) => update({ value: v })}>
          <option value="">—</option>
          {choices.map((c) => (
            <option key={c} value={c}>
              {choiceLabel(c)}
            </option>
          ))}
        </Select>
      )}
      {op !== 'in' && op !== 'exists' && op && !choices && (
        <TextInput
          k="value"
          label={subject === 'tag' ? t('workflows.fields.tag') : t('workflows.fields.value')}
          value={valueText(data.value)}
          error={errors.value}
          readOnly={readOnly}
          onChange={(v) => update({ value: typed(op, v) })}
        />
      )}
    </>
  );
}
