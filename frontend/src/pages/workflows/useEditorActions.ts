import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/problem';
import { useErrorMessage } from '../../components/States';
import { newIdempotencyKey } from '../../lib/idempotency';
import { createWorkflow, deleteWorkflow, patchWorkflow, setWorkflowActive, validateWorkflow, workflowKeys } from './api';
import { createBody, definitionOf, draftFrom, patchBody, toApiTrigger, type Draft } from './draftModel';
import { hasErrors, noErrors, placeErrors, problemText, type EditorErrors } from './editorErrors';
import { rowProblems } from './graphModel';
import type { Workflow } from './types';

export type Notice = '' | 'created' | 'saved' | 'valid' | 'activated' | 'deactivated';

/** Validate, save, activate and delete, with the server's errors placed on the draft. */
export function useEditorActions(workflow: Workflow | undefined, draft: Draft, reset: (d: Draft) => void, initialNotice: Notice = '') {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [errors, setErrors] = useState<EditorErrors>(noErrors);
  const [banner, setBanner] = useState('');
  const [conflict, setConflict] = useState(false);
  const [notice, setNotice] = useState<Notice>(initialNotice);
  const [key] = useState(newIdempotencyKey);

  const clear = () => {
    setErrors(noErrors());
    setBanner('');
    setConflict(false);
    setNotice('');
  };

  /** Places a refused request's errors; returns nothing. */
  const refused = (err: unknown) => {
    if (err instanceof ApiError && err.status === 409 && err.code !== 'validation_failed') {
      setConflict(true);
      return;
    }
    if (err instanceof ApiError && Object.keys(err.fieldProblems).length > 0) {
      const texts = Object.fromEntries(Object.entries(err.fieldProblems).map(([f, p]) => [f, problemText(f, p, t)]));
      const placed = placeErrors(texts, draft.nodes, draft.edges);
      setErrors(placed);
      setBanner(placed.general.length > 0 ? placed.general.join(' · ') : t('workflows.editor.fixProblems'));
      return;
    }
    setBanner(errorMessage(err));
  };

  /** The linear rows' days and times the API would misread, as errors; false when there are some. */
  const rowsUsable = () => {
    if (draft.source !== 'linear' || !draft.rows) return true;
    const problems = rowProblems(draft.rows);
    if (Object.keys(problems).length === 0) return true;
    const rows: EditorErrors['rows'] = {};
    for (const [i, keys] of Object.entries(problems)) rows[Number(i)] = Object.fromEntries(keys.map((k) => [k, t(`workflows.linear.bad.${k}`)]));
    setErrors({ ...noErrors(), rows });
    setBanner(t('workflows.editor.fixProblems'));
    return false;
  };

  /** After a save: the server's version becomes the draft, with the same nodes selected. */
  const adopt = (w: Workflow) => {
    queryClient.setQueryData(workflowKeys.one(w.id), w);
    void queryClient.invalidateQueries({ queryKey: workflowKeys.lists });
    const selected = new Set(draft.nodes.filter((n) => n.selected).map((n) => n.id));
    const next = draftFrom(w);
    reset({ ...next, nodes: next.nodes.map((n) => ({ ...n, selected: selected.has(n.id) })) });
  };

  const validate = useMutation({
    mutationFn: () => validateWorkflow({ trigger: toApiTrigger(draft.trigger), ...definitionOf(draft) }),
    onMutate: clear,
    onSuccess: () => setNotice('valid'),
    onError: refused,
  });

  const save = useMutation({
    mutationFn: async () => {
      if (!workflow) {
        const body = createBody(draft);
        return createWorkflow(body, key.for(body));
      }
      return patchWorkflow(workflow.id, patchBody(draft, workflow.version));
    },
    onMutate: clear,
    onSuccess: (w) => {
      if (!workflow) {
        queryClient.setQueryData(workflowKeys.one(w.id), w);
        void queryClient.invalidateQueries({ queryKey: workflowKeys.lists });
        navigate(`/workflows/${w.id}`, { replace: true, state: { notice: 'created' } });
        return;
      }
      adopt(w);
      setNotice('saved');
    },
    onError: refused,
  });

  const activate = useMutation({
    mutationFn: (active: boolean) => setWorkflowActive(workflow!.id, active),
    onMutate: clear,
    onSuccess: (w) => {
      queryClient.setQueryData(workflowKeys.one(w.id), w);
      void queryClient.invalidateQueries({ queryKey: workflowKeys.lists });
      setNotice(w.is_active ? 'activated' : 'deactivated');
    },
    onError: refused,
  });

  const remove = useMutation({
    mutationFn: () => deleteWorkflow(workflow!.id, workflow!.version),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: workflowKeys.one(workflow!.id) });
      void queryClient.invalidateQueries({ queryKey: workflowKeys.lists });
      navigate('/workflows', { replace: true });
    },
  });

  return {
    errors,
    banner,
    conflict,
    notice,
    hasErrors: hasErrors(errors),
    validate: () => rowsUsable() && validate.mutate(),
    save: () => rowsUsable() && save.mutate(),
    setActive: (active: boolean) => activate.mutate(active),
    remove,
    refused,
    clearNotice: () => setNotice(''),
    /** After a conflict: the latest version replaces the draft. */
    adoptLatest: (w: Workflow) => {
      clear();
      adopt(w);
    },
    busy: validate.isPending || save.isPending || activate.isPending,
    saving: save.isPending,
    validating: validate.isPending,
  };
}
