import type { ComponentType } from 'react';
import { CallWebhookFields, UpdatePatientFields } from './ActionFields';
import type { FieldsProps } from './common';
import { ConditionFields } from './ConditionFields';
import { NotifyStaffFields, SendMessageFields } from './MessageFields';
import { DelayFields, WaitForReplyFields } from './TimingFields';

/** The settings form of each node type that has settings. */
export const ActionFieldsFor: Record<string, ComponentType<FieldsProps>> = {
  send_message: SendMessageFields,
  delay: DelayFields,
  wait_for_reply: WaitForReplyFields,
  condition: ConditionFields,
  update_patient: UpdatePatientFields,
  notify_staff: NotifyStaffFields,
  call_webhook: CallWebhookFields,
};
