import { createContext, useContext } from 'react';
import type { LucideIcon } from 'lucide-react';
import { BellRing, CircleStop, Clock, GitBranch, MessageCircleReply, Send, UserPen, Webhook, Zap } from 'lucide-react';
import { noErrors, type EditorErrors } from './editorErrors';

/** What every node drawn on the canvas needs besides its own data. */
export interface CanvasInfo {
  errors: EditorErrors;
  triggerType: string;
  templateName: (id: string) => string;
  readOnly: boolean;
}

export const CanvasContext = createContext<CanvasInfo>({ errors: noErrors(), triggerType: 'manual', templateName: (id) => id, readOnly: true });

export const useCanvasInfo = () => useContext(CanvasContext);

export const NODE_ICONS: Record<string, LucideIcon> = {
  trigger: Zap,
  send_message: Send,
  delay: Clock,
  wait_for_reply: MessageCircleReply,
  condition: GitBranch,
  update_patient: UserPen,
  notify_staff: BellRing,
  call_webhook: Webhook,
  end: CircleStop,
};

export const NODE_COLORS: Record<string, string> = {
  trigger: 'bg-teal-100 text-teal-800',
  send_message: 'bg-sky-100 text-sky-800',
  delay: 'bg-amber-100 text-amber-900',
  wait_for_reply: 'bg-violet-100 text-violet-800',
  condition: 'bg-orange-100 text-orange-900',
  update_patient: 'bg-emerald-100 text-emerald-800',
  notify_staff: 'bg-rose-100 text-rose-800',
  call_webhook: 'bg-indigo-100 text-indigo-800',
  end: 'bg-slate-200 text-slate-700',
};
